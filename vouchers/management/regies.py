"""The regies a management command works for, and what it says about each (DESIGN.md 5, "Several regies, one
install"): a report names one regie (`chosen_regie`), the ledger check takes each regie apart (`regies_named`), and
the scheduled commands, which work over every regie at once, count what they did per regie (`SystemChanges`) so
that their summary says which regie each number is about: "3 expired (maasland 1, zuidoost 2)" (`per_regie`)."""
from collections import Counter
from collections.abc import Iterable

from django.core.management.base import CommandError
from django.db.models import Max

from regie.models import AuditEvent, Regie
from vouchers.models import Call

CHUNK = 500  # ids per query: SQLite accepts a limited number of parameters


def _names(regies) -> str:
    return ", ".join(regie.short_name for regie in regies) or "none"


def named_regie(short_name: str) -> Regie:
    """The regie of this short name; CommandError naming the regies there are otherwise."""
    regies = Regie.objects.order_by("short_name")
    regie = regies.filter(short_name=short_name).first()
    if regie is None:
        raise CommandError(f"--regie: no regie {short_name!r}; the regies are: {_names(regies)}")
    return regie


def chosen_regie(short_name: str | None) -> Regie:
    """The regie --regie names, or the only one; CommandError naming the regies otherwise."""
    if short_name:
        return named_regie(short_name)
    regies = Regie.objects.order_by("short_name")
    if regies.count() != 1:
        raise CommandError("Give --regie (its short name): this install has "
                           + (f"several regies: {_names(regies)}." if regies else
                              "no regie yet (manage.py create_regie)."))
    return regies.get()


def regies_named(short_name: str | None) -> list[Regie]:
    """The regie --regie names (CommandError naming the regies if there is none of that name), or every regie."""
    return [named_regie(short_name)] if short_name else list(Regie.objects.order_by("short_name"))


def per_regie(counts: Counter[str]) -> str:
    """ " (maasland 1, zuidoost 2)": the regies something happened for, by short name, in their order; "" when
    nothing happened (an install of twenty regies would otherwise fill the summary with zeros)."""
    done = ", ".join(f"{name} {counts[name]}" for name in sorted(counts) if counts[name])
    return f" ({done})" if done else ""


class SystemChanges:
    """What a scheduled command's service did, per regie, read from the audit events it wrote while it ran: the
    services return a total, and write one event per thing they count, as the system (no actor, no client address).

        changes = SystemChanges()
        expired = expire_vouchers(today=...)
        per_regie(changes.counts("voucher.expired", Voucher))  # " (maasland 1, zuidoost 2)"
    """

    def __init__(self):
        self.after = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0

    def events(self, action: str, **data):
        return AuditEvent.objects.filter(pk__gt=self.after, action=action, actor__isnull=True,
                                         address__isnull=True, **{f"data__{key}": value for key, value in data.items()})

    def counts(self, action: str, model, **data) -> Counter[str]:
        """The events `action` about rows of `model` (a model that belongs to a regie), counted by their regie."""
        ids = [int(pk) for pk in self.events(action, **data).values_list("object_id", flat=True)]
        return _count(ids, _regies_of(model, ids))

    def counts_by_call(self, action: str, key: str = "call") -> Counter[str]:
        """The events `action` whose data name a call under `key` (rows deleted since: only their call is left)."""
        ids = [data.get(key) for data in self.events(action).values_list("data", flat=True)]
        return _count(ids, _regies_of(Call, [pk for pk in ids if pk is not None]))


def _regies_of(model, ids: Iterable[int]) -> dict[int, str]:
    """{id: its regie's short name} for these rows of `model`."""
    ids, regies = sorted(set(ids)), {}
    for start in range(0, len(ids), CHUNK):
        regies.update(model.objects.filter(pk__in=ids[start:start + CHUNK]).values_list(
            "pk", f"{model.regie_path}__short_name"))
    return regies


def _count(ids, regies: dict[int, str]) -> Counter[str]:
    return Counter(regies[pk] for pk in ids if pk in regies)
