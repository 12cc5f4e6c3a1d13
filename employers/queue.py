"""The employers' tasks, by name: the services queue them through ceiq.core.queue after commit."""

NOTIFY_REFERRAL_PROPOSED = "employers.tasks.notify_referral_proposed"
NOTIFY_CHECKIN_REQUESTED = "employers.tasks.notify_checkin_requested"
