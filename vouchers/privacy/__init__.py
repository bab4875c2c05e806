"""Privacy by default for applications, cheques, redemptions and follow-ups (the schedule is in
regie/privacy/schedule.py): the daily retention rules, per business an export (JSON, PDF), a correction and
an erasure on request, and their admin pages. Every write is a service function, audited without personal data."""
