"""The old address of the outbox's task: rows queued before the mail code moved to regie/mail/ (a deploy's waiting
mails and their retries, up to 12 hours ahead) name `regie.tasks.send_mail`. Remove after one release."""
from regie.mail.outbox import send_mail

__all__ = ["send_mail"]
