"""Background work of the shared parts: sending the outbox's mails (regie/mail.py)."""
from django_tasks import task


@task()
def send_mail(mail_id):
    from regie.mail import deliver

    return deliver(mail_id)
