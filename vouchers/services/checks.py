"""Random checks: a share of redemptions (per call) is drawn with `secrets` for an extra check before
approval; the firm is asked for proof and uploads it on its partner page (`submit_check_proof`), the coordinator
records the outcome. Draws, proof and outcomes are audited."""
import secrets
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import SocialEnterprise
from regie.audit import record
from vouchers import tasks
from vouchers.check_forms import ProofFile
from vouchers.exceptions import TransitionError
from vouchers.models import CheckOutcome, CheckProof, Redemption


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


@transaction.atomic
def submit_check_proof(*, redemption: Redemption, by: User, files: Sequence[ProofFile],
                       note: str = "") -> list[CheckProof]:
    """A user of the firm sends proof (checked files, see vouchers/check_forms.py) for a redemption drawn for a
    check, while it waits for its outcome and a decision; the coordinators are mailed that proof is waiting. Files
    stored before a failure are deleted again; storage that is away is said as a ValidationError."""
    if not files:
        raise ValidationError({"proof": _("Choose at least one file.")})
    redemption = Redemption.objects.select_for_update().get(pk=redemption.pk)
    if not SocialEnterprise.objects.of_user(by).filter(pk=redemption.enterprise_id).exists():
        raise TransitionError(_("Only a user of the firm that recorded the redemption can send proof for it."))
    if not redemption.awaits_check:
        raise TransitionError(_("Proof can only be sent while the random check waits for it."))
    proofs: list[CheckProof] = []
    try:
        _store_proofs(redemption, by, files, (note or "").strip(), proofs)
        record(by, "redemption.check_proof_sent", redemption,
               {"files": len(proofs), "proofs": [p.pk for p in proofs]})
    except BaseException as error:
        for proof in proofs:
            proof.file.storage.delete(proof.file.name)  # the rollback forgets the rows: the files go too
        if isinstance(error, OSError):
            raise ValidationError(_("The proof could not be stored; try again in a minute.")) from error
        raise
    tasks.after_commit(tasks.mail_coordinators_about_check_proof, redemption.pk)
    return proofs


def _store_proofs(redemption: Redemption, by: User, files: Sequence[ProofFile], note: str,
                  proofs: list[CheckProof]) -> None:
    """Store each file as a CheckProof, appended to `proofs` as soon as its file is stored."""
    now = timezone.now()
    for checked in files:
        proof = CheckProof(redemption=redemption, content_type=checked.content_type, uploaded_at=now,
                           uploaded_by=by, note=note)
        proof.file.save("proof", ContentFile(checked.content), save=False)
        proofs.append(proof)
        proof.save()
