"""Privacy by default (GDPR): the retention schedule (schedule.py) that the daily `apply_retention`, the
privacy page and the register of processing activities (art. 30) are all made from; the cookies the site
sets; the audit log's part of forgetting (audit.py) and the retention rules of the shared data (retention.py).
Each app adds its own entries to the schedule from its AppConfig.ready, and keeps its rules, export and erasure."""
