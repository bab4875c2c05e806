"""The staff groups and what each may do in the admin (least privilege).

Kept in code so every installation has the same groups; `migrate` brings them in line. regie grants its own
permissions (and Django's and django-axes'); each app grants its own from its AppConfig.ready with `grant`.
"""
from django.apps import apps
from django.contrib.auth.models import Group, Permission

COORDINATORS = "Coördinatoren"
FINANCE = "Financiën"

GROUP_PERMISSIONS: dict[str, list[str]] = {COORDINATORS: [], FINANCE: []}


def grant(group, permissions):
    """Give the staff group `group` the permissions "app_label.codename" (from an AppConfig.ready)."""
    listed = GROUP_PERMISSIONS.setdefault(group, [])
    listed.extend(perm for perm in permissions if perm not in listed)


grant(COORDINATORS, [
    "auth.view_user", "auth.add_user", "auth.change_user",
    "regie.view_auditevent",
    "axes.view_accessattempt", "axes.delete_accessattempt",
    "regie.view_outgoingmail", "regie.change_outgoingmail", "regie.view_commandrun",
])
grant(FINANCE, ["regie.view_auditevent"])


def sync_groups(app_config=None, **kwargs):
    """Create the groups and give each exactly its permissions (idempotent).

    Runs after the last app migrated, when every app's permissions exist.
    """
    if app_config is not None and app_config != list(apps.get_app_configs())[-1]:
        return

    for name, perms in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
