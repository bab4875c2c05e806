"""Random checks: a share of redemptions (per call) is drawn with `secrets` for an extra check before
approval; the firm is asked for proof, the coordinator records the outcome. Draws and outcomes are audited."""
import secrets

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.audit import record
from vouchers import tasks
from vouchers.exceptions import TransitionError
from vouchers.models import CheckOutcome, Redemption


def draw(redemption: Redemption, percent: int) -> bool:
    """Mark a new redemption for a check with probability `percent` %; returns whether it was drawn."""
    drawn = percent > 0 and secrets.randbelow(10_000) < percent * 100
    if drawn:
        redemption.random_check = CheckOutcome.PENDING
        redemption.save(update_fields=["random_check"])
        record(None, "redemption.check_drawn", redemption, {"percent": percent})
        tasks.after_commit(tasks.mail_firm_about_redemption, redemption.pk, "redemption_check_requested")
    return drawn


@transaction.atomic
def record_check(*, redemption: Redemption, by: User | None, passed: bool, note: str | None) -> Redemption:
    """The coordinator looked at the proof: accepted (the redemption can be approved) or not."""
    note = (note or "").strip()
    if not passed and not note:
        raise ValidationError({"note": _("Say what was wrong with the proof.")})
    redemption = Redemption.objects.select_for_update().get(pk=redemption.pk)
    if redemption.random_check != CheckOutcome.PENDING:
        raise TransitionError(_("Only a redemption waiting for its random check can get an outcome."))
    redemption.random_check = CheckOutcome.PASSED if passed else CheckOutcome.FAILED
    redemption.check_note, redemption.checked_at, redemption.checked_by = note, timezone.now(), by
    redemption.save(update_fields=["random_check", "check_note", "checked_at", "checked_by"])
    record(by, "redemption.check_recorded", redemption, {"outcome": redemption.random_check, "note": note})
    return redemption
