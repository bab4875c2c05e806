"""Every write about social-economy enterprises: one function, one transaction, one audit event."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from enterprises.models import AreaPostcode, FirmListing, FirmMembership, Postcode, ServiceCategory, SocialEnterprise
from regie.audit import record
from regie.models import Regie

PROFILE_FIELDS = frozenset({
    "summary_nl", "summary_fr", "summary_en",
    "description_nl", "description_fr", "description_en",
    "services_nl", "services_fr", "services_en",
    "website", "email", "phone", "logo", "serves_households",
})


def can_manage_enterprise(user, enterprise):
    return user.is_authenticated and user.is_active and enterprise.memberships.filter(user=user).exists()


@transaction.atomic
def update_enterprise_profile(*, enterprise, by, changes, categories=None, regie=None):
    """A firm's user updates the firm's public profile.

    `changes` maps profile field names to new values (validated by the form);
    `categories` is the new set of `regie`'s service categories of the firm (those of another regie that lists it
    stay), or None to leave them.
    """
    enterprise = SocialEnterprise.objects.select_for_update().get(pk=enterprise.pk)
    if not can_manage_enterprise(by, enterprise):
        raise PermissionDenied("Only a user of this firm may change its profile.")
    unknown = set(changes) - PROFILE_FIELDS
    if unknown:
        raise ValueError(f"Not a profile field: {', '.join(sorted(unknown))}")
    changed = sorted(name for name, value in changes.items() if _differs(getattr(enterprise, name), value))
    for name in changed:
        # save_form_data knows file fields: False clears a logo, an upload replaces it.
        SocialEnterprise._meta.get_field(name).save_form_data(enterprise, changes[name])
    if changed:
        enterprise.save(update_fields=[*changed, "updated_at"])
    if categories is not None and _set_categories(enterprise, regie, categories):
        changed.append("categories")
    if changed:
        record(by, "enterprise.profile_updated", enterprise, {"fields": changed})
    return enterprise


def _set_categories(enterprise, regie, categories) -> bool:
    """The firm's categories of `regie` become `categories` (each of them `regie`'s); True when that changed them."""
    if any(category.regie_id != getattr(regie, "pk", None) for category in categories):
        raise ValueError("A firm chooses among the service categories of the regie whose portal it uses.")
    before = set(enterprise.categories.of_regie(regie).values_list("pk", flat=True))
    after = {category.pk for category in categories}
    enterprise.categories.remove(*(before - after))
    enterprise.categories.add(*(after - before))
    return before != after


def _differs(current, new):
    if isinstance(current, FieldFile):
        if new is None or isinstance(new, FieldFile):
            return new is not None and new.name != current.name
        return new is not False or bool(current)  # an upload, or clearing a present logo
    if current is None or new is None:  # untranslated text fields are NULL; the form sends ""
        return (current or "") != (new or "")
    return current != new


@transaction.atomic
def list_firm(*, regie: Regie, enterprise: SocialEnterprise, by) -> FirmListing:
    """`regie` lists `enterprise`: the firm shows in its catalogue and redeems its cheques as another regie lets it
    (published where one publishes it; the regie's staff change that on its listing: change_listing). It
    takes `regie`'s service categories of the same slugs as those another regie gave it (its coordinator cannot
    change a firm another regie lists: the platform administrator or the firm changes them). Listing a firm again
    changes nothing."""
    others = FirmListing.objects.filter(enterprise=enterprise).exclude(regie=regie)
    listing, created = FirmListing.objects.get_or_create(regie=regie, enterprise=enterprise, defaults={
        "is_published": others.filter(is_published=True).exists(),
        "accepts_cheques": not others.exists() or others.filter(accepts_cheques=True).exists()})
    if created:
        enterprise.categories.add(*ServiceCategory.objects.of_regie(regie).filter(
            slug__in=enterprise.categories.exclude(regie=regie).values("slug")))
        record(by, "enterprise.listed", enterprise, {"regie": regie.pk})
    return listing


@transaction.atomic
def change_listing(*, listing: FirmListing, by, is_published: bool, accepts_cheques: bool,
                   categories=None) -> FirmListing:
    """A regie's staff decide for their own listing of a firm (also of one another regie lists): whether their
    catalogue and forms show it, whether its users redeem their cheques, and (unless None) which of their service
    categories it offers. Another regie's listing and categories stay as they are."""
    # The firm first, as a redemption locks it before it reads the listing: none in flight outlives "no cheques".
    SocialEnterprise.objects.select_for_update().filter(pk=listing.enterprise_id).first()
    listing = FirmListing.objects.select_for_update().select_related("regie", "enterprise").get(pk=listing.pk)
    wanted = {"is_published": is_published, "accepts_cheques": accepts_cheques}
    changed = [name for name, value in wanted.items() if getattr(listing, name) != value]
    for name in changed:
        setattr(listing, name, wanted[name])
    if changed:
        listing.save(update_fields=changed)
    if categories is not None and _set_categories(listing.enterprise, listing.regie, categories):
        changed.append("categories")
    if changed:  # the regie's event: another regie's staff do not read what this one decided
        record(by, "enterprise.listing_changed", listing.enterprise, {"regie": listing.regie_id, "fields": changed},
               regie=listing.regie)
    return listing


@transaction.atomic
def delist_firm(*, listing: FirmListing, by) -> None:
    """The regie stops listing the firm: it leaves that regie's catalogue and redeems none of its cheques any more
    (what it redeemed before is decided and paid as usual). A firm stays listed by at least one regie, whose
    coordinator can still unpublish it."""
    enterprise = SocialEnterprise.objects.select_for_update().get(pk=listing.enterprise_id)
    if listing.is_the_firms_last():
        raise last_listing_refused(enterprise)
    listing.delete()
    record(by, "enterprise.delisted", enterprise, {"regie": listing.regie_id})


def last_listing_refused(enterprise: SocialEnterprise) -> ValidationError:
    """Why a firm's last listing stays (delist_firm; the admin says it before asking to confirm)."""
    return ValidationError(_("%(firm)s is listed by this regie only; unpublish it instead of removing its listing.")
                           % {"firm": enterprise.name}, code="last_listing")


@transaction.atomic
def add_to_area(*, regie: Regie, postcode: Postcode, by) -> AreaPostcode:
    """The postcode (with its place) joins `regie`'s area: businesses established there may apply to its calls that
    have no postcode list of their own."""
    row, created = AreaPostcode.objects.get_or_create(regie=regie, postcode=postcode)
    if created:
        record(by, "area.postcode_added", postcode, {"regie": regie.pk})
    return row


@transaction.atomic
def remove_from_area(*, row: AreaPostcode, by) -> None:
    """The postcode leaves its regie's area (applications made before keep their postcode)."""
    row.delete()
    record(by, "area.postcode_removed", row.postcode, {"regie": row.regie_id})


@transaction.atomic
def add_firm_user(*, enterprise: SocialEnterprise, user, by) -> FirmMembership:
    """`user` acts for `enterprise` in the partner portal from now on (a staff account never does)."""
    if user.is_staff or user.is_superuser:
        raise ValidationError(_("A staff account cannot act for a social-economy firm."), code="staff")
    membership, created = FirmMembership.objects.get_or_create(enterprise=enterprise, user=user)
    if created:
        record(by, "user.firm_added", user, {"enterprise": enterprise.pk})
    return membership
