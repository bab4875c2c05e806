"""An install that ran one regie: its staff work for it (regie 1). Here, not in regie 0008 beside the model: regie 1
is made by vouchers 0023, which a one-step upgrade runs after regie 0008."""
from django.conf import settings
from django.db import migrations


def staff_work_for_the_only_regie(apps, schema_editor):
    """An install that ran one regie: its coordinators and finance staff work for it (regie 1, made by 0023 from its
    settings). With several regies already, no one is attached by guess: the platform administrator sets who works
    where (README, "Staff of a regie")."""
    Regie = apps.get_model("regie", "Regie")
    if Regie.objects.count() != 1:
        return
    regie = Regie.objects.get()
    User = apps.get_model(settings.AUTH_USER_MODEL)
    StaffMembership = apps.get_model("regie", "StaffMembership")
    StaffMembership.objects.bulk_create([
        StaffMembership(regie=regie, user=user)
        for user in User.objects.filter(is_staff=True, is_superuser=False).order_by("pk")])


class Migration(migrations.Migration):

    dependencies = [
        ("regie", "0008_staff_memberships"),
        ("vouchers", "0031_every_ledger_check_has_a_regie"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(staff_work_for_the_only_regie, migrations.RunPython.noop, elidable=False),
    ]
