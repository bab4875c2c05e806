"""The outbox, the audit log and the failed background work of an install's regie. Here, not in regie 0009 beside the fields: regie 1 is made by
vouchers 0023, which a one-step upgrade runs after regie 0009."""
from django.db import migrations


def mails_and_events_of_their_regie(apps, schema_editor):
    """An install that ran one regie: every mail, event and failed task so far is that regie's. With several regies
    already, a mail is the regie's whose sender address it was sent from; events and tasks stay the platform's (of no
    regie), which platform administrators read, as they alone read them on such an install before."""
    Regie = apps.get_model("regie", "Regie")
    OutgoingMail = apps.get_model("regie", "OutgoingMail")
    regies = list(Regie.objects.order_by("pk"))
    if len(regies) == 1:
        OutgoingMail.objects.filter(regie=None).update(regie=regies[0])
        apps.get_model("regie", "AuditEvent").objects.filter(regie=None).update(regie=regies[0])
        apps.get_model("regie", "BackgroundJob").objects.filter(regie=None).update(regie=regies[0])
        return
    for regie in regies:
        if regie.sender_email:
            OutgoingMail.objects.filter(regie=None, sender__icontains=f"<{regie.sender_email}>").update(regie=regie)
            OutgoingMail.objects.filter(regie=None, sender__iexact=regie.sender_email).update(regie=regie)


class Migration(migrations.Migration):

    dependencies = [
        ("regie", "0009_mails_and_events_of_a_regie"),
        ("vouchers", "0033_redemptions_by_listed_firms"),
    ]

    operations = [
        migrations.RunPython(mails_and_events_of_their_regie, migrations.RunPython.noop, elidable=False),
    ]
