"""Pages of the employers app, by page family: the directory, job openings, matching, referrals, the
employer portal and retention check-ins.

Employer-facing pages receive only dataclasses from `profiles.py` about candidates, never a
Participant, Referral or Placement model instance."""
