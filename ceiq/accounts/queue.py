"""The accounts' tasks, by name: the services queue them through ceiq.core.queue after commit."""

SEND_INVITATION_EMAIL = "ceiq.accounts.tasks.send_invitation_email"
