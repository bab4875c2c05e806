"""Creating and changing a regie (the platform administrator's writes: the admin's Regie pages and
`manage.py create_regie`): its row and its host names in one transaction, audited as regie.created / regie.changed;
its first coordinator (a staff user of the group Coördinatoren, who sets a password through a link on the regie's
host).

Bad input is a ValidationError keyed by field (hosts under "hosts"): a host name another regie has, a host with
https:// or a path, a brand colour white text is unreadable on, a wrong IBAN, BIC or enterprise number."""
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from regie.accounts.groups import COORDINATORS
from regie.audit import record
from regie.formats.numbers import normalize_enterprise_number, normalize_iban
from regie.models import Regie, RegieHost, StaffMembership
from regie.models.regies import normalise_host, validate_host_name
from regie.web.hosts import is_platform_host

LANGUAGES = ("nl", "fr", "en")
TRANSLATED = ("name", "region_name", "programme_name", "introduction")
REGIE_FIELDS = ("short_name", *(f"{field}_{language}" for field in TRANSLATED for language in LANGUAGES),
                "legal_name", "enterprise_number", "iban", "bic", "postal_address", "contact_email",
                "contact_phone", "sender_email", "primary_colour", "accent_colour", "logo", "is_demo")
HOST_TAKEN = _("This host name already belongs to a regie.")

Actor = AbstractBaseUser | AnonymousUser | None


def host_name(text: str) -> str:
    """"Cheque.Example.be." -> "cheque.example.be"; ValidationError for anything that is not a bare host name
    (https://, a path, a port)."""
    name = normalise_host(text)
    validate_host_name(name)
    return name


def host_errors(names: Sequence[str], *, regie: Regie | None = None) -> list[ValidationError]:
    """What is wrong with these host names for `regie` (None: a new one): each error names the host."""
    errors = []
    seen: set[str] = set()
    for text in names:
        try:
            name = host_name(text)
        except ValidationError as error:
            errors.append(error)
            continue
        if name in seen:
            errors.append(ValidationError(_("%(host)s is given twice."), code="host_twice", params={"host": name}))
        elif is_platform_host(name):
            errors.append(ValidationError(_("%(host)s shows the list of regies (PLATFORM_HOSTS): a regie cannot "
                                            "have it."), code="platform_host", params={"host": name}))
        elif RegieHost.objects.filter(name__iexact=name).exclude(regie=regie if regie and regie.pk else None).exists():
            errors.append(ValidationError(HOST_TAKEN, code="host_taken"))
        seen.add(name)
    if not names:
        errors.append(ValidationError(_("Give the regie at least one host name."), code="no_host"))
    return errors


def _bic(text: str) -> str:
    return text.replace(" ", "").upper()


NORMALISE = {"enterprise_number": normalize_enterprise_number, "iban": normalize_iban, "bic": _bic}


def normalised(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[ValidationError]]]:
    """(the values with the enterprise number, IBAN and BIC as stored, {field: errors}): "0403.170.701" ->
    "0403170701" before the row's checks, which would count its dots against the 10 characters."""
    values, errors = {name: value for name, value in values.items() if name in REGIE_FIELDS}, {}
    for name, normalise in NORMALISE.items():
        if values.get(name):
            try:
                values[name] = normalise(values[name])
            except ValidationError as error:
                errors[name], values[name] = error.error_list, ""
    return values, errors


def _as_text(regie: Regie) -> dict[str, str]:
    return {name: str(getattr(regie, name)) for name in REGIE_FIELDS}


def _check(regie: Regie, hosts: Sequence[str], errors: dict[str, list[ValidationError]]) -> None:
    """Every field error at once (`errors` found before, the row's and the hosts')."""
    try:
        regie.full_clean()
    except ValidationError as error:
        errors = {**error.error_dict, **errors}
    problems = host_errors(hosts, regie=regie) + printed_hosts_kept(regie, hosts)
    if problems:
        errors["hosts"] = problems
    if errors:
        raise ValidationError(errors)


def printed_hosts_kept(regie: Regie, hosts: Sequence[str]) -> list[ValidationError]:
    """Once the regie has issued cheques, each of its host names may be printed on paper in their QR codes (the
    primary one at the time of printing): none is removed, so that no printed cheque leads nowhere (or, its name
    taken by another regie, elsewhere). Another name can become the primary one."""
    if not regie.pk or not regie.calls.filter(vouchers__isnull=False).exists():
        return []
    kept = {normalise_host(text) for text in hosts}
    return [ValidationError(_("%(host)s may be printed in the QR codes of this regie's cheques: it stays one of "
                              "its host names (another name can become the primary one)."),
                            code="printed_host", params={"host": host.name})
            for host in regie.hosts.all() if host.name not in kept]


def _set_hosts(regie: Regie, hosts: Sequence[str]) -> list[str]:
    """Make the regie's host names exactly `hosts`, the first one primary; the names as stored."""
    names = [host_name(text) for text in hosts]
    regie.hosts.exclude(name__in=names).delete()
    regie.hosts.update(is_primary=False)
    for number, name in enumerate(names):
        try:
            with transaction.atomic():
                RegieHost.objects.update_or_create(regie=regie, name=name, defaults={"is_primary": number == 0})
        except IntegrityError:  # another regie took the name since the check
            raise ValidationError({"hosts": [ValidationError(HOST_TAKEN, code="host_taken")]}) from None
    return names


@transaction.atomic
def create_regie(*, by: Actor, data: Mapping[str, Any], hosts: Sequence[str]) -> Regie:
    """A new regie with its host names (`hosts`, the primary first). `data`: REGIE_FIELDS (name_nl, iban, ...).
    Raises ValidationError keyed by field, "hosts" for the host names; nothing is saved then."""
    values, errors = normalised(data)
    regie = Regie(**values)
    _check(regie, hosts, errors)
    regie.save()
    names = _set_hosts(regie, hosts)
    record(by, "regie.created", regie, {**_as_text(regie), "hosts": names})
    return regie


@transaction.atomic
def update_regie(*, by: Actor, regie: Regie, changes: Mapping[str, Any],
                 hosts: Sequence[str] | None = None) -> Regie:
    """Change a regie's fields (REGIE_FIELDS in `changes`) and, given `hosts`, its host names (the primary first).
    Audited with the values before and after; ValidationError keyed by field, nothing saved then."""
    regie = Regie.objects.select_for_update().get(pk=regie.pk)
    before = {**_as_text(regie), "hosts": [host.name for host in regie.hosts.all()]}
    values, errors = normalised(changes)
    for name, value in values.items():
        setattr(regie, name, "" if name == "logo" and value is False else value)  # False: the admin's "clear" box
    _check(regie, before["hosts"] if hosts is None else hosts, errors)
    regie.save()
    after = {**_as_text(regie), "hosts": before["hosts"] if hosts is None else _set_hosts(regie, hosts)}
    changed = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if changed:
        record(by, "regie.changed", regie, changed)
    return regie


@transaction.atomic
def add_coordinator(*, by: Actor, regie: Regie, username: str, email: str) -> User:
    """A staff user of the group Coördinatoren who works for `regie`, without a password yet (the link to set one:
    enterprises.password_reset.password_set_link). ValidationError keyed "username" or "email"."""
    user = User(username=username, email=email, is_staff=True)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get(name=COORDINATORS))
    StaffMembership.objects.create(regie=regie, user=user)
    record(by, "user.created", user, {"regie": regie.short_name, "group": COORDINATORS, "via": "create_regie"})
    return user


@transaction.atomic
def attach_to_the_only_regie(*, by: Actor, user: User) -> StaffMembership | None:
    """A staff user (not a platform administrator) of an install of one regie works for it: the admin's user page
    has nothing to choose then. With several regies, or once the user works for one, nothing changes: the platform
    administrator picks. Audited as user.regie_added."""
    regies = list(Regie.objects.all()[:2])
    if not user.is_staff or user.is_superuser or len(regies) != 1 or user.regie_memberships.exists():
        return None
    membership, _created = StaffMembership.objects.get_or_create(regie=regies[0], user=user)
    record(by, "user.regie_added", user, {"regie": regies[0].short_name, "via": "the only regie"})
    return membership
