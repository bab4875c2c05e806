"""The region (municipalities, postcodes), service categories and the social-economy
enterprises of the catalogue, with the people who may act for each firm."""
from collections.abc import Callable

from django.conf import settings
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from enterprises.fields import EnterpriseNumberField, IBANField
from enterprises.validators import validate_logo
from regie.formats.numbers import format_enterprise_number
from regie.models.regies import Regie, RegieScopedQuerySet


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="former_municipalities",
        help_text=_("For a former municipality: the municipality it is part of since a merger. Its postcodes belong "
                    "to that one; its history (applications, shares) stays here."),
    )

    # The translated models name modeltranslation's manager here, the class it would otherwise swap in when
    # translation.py registers them: django-stubs cannot see that swap (`objects` and the related managers).
    objects = MultilingualManager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Postcode(models.Model):
    """A postcode with its place (deelgemeente); several places may share a code."""

    code = models.CharField(
        _("postcode"), max_length=4, validators=[RegexValidator(r"^[1-9]\d{3}$", _("A Belgian postcode has 4 digits."))]
    )
    place = models.CharField(_("place"), max_length=100)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="postcodes"
    )

    objects = MultilingualManager()  # see Municipality

    class Meta:
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        ordering = ["code", "place"]
        constraints = [models.UniqueConstraint(fields=["code", "place"], name="postcode_unique_code_place")]

    def __str__(self):
        return f"{self.code} {self.place}"


class AreaPostcode(models.Model):
    """A postcode (with its place) in a regie's area: businesses established there may apply to the regie's calls
    that have no postcode list of their own, and its pages name the area's municipalities. Municipalities and
    postcodes are Belgium's, shared by every regie; which of them a regie covers is its own."""

    regie_path = "regie"

    regie = models.ForeignKey("regie.Regie", verbose_name=_("regie"), on_delete=models.CASCADE, related_name="area")
    postcode = models.ForeignKey(Postcode, verbose_name=_("postcode and place"), on_delete=models.PROTECT,
                                 related_name="areas")

    objects = RegieScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("postcode of the area")
        verbose_name_plural = _("postcodes of the area")
        ordering = ["postcode__code", "postcode__place"]
        constraints = [models.UniqueConstraint(fields=["regie", "postcode"], name="one_area_row_per_regie_and_postcode",
                                               violation_error_message=_("This postcode is already in the area."))]

    def __str__(self):
        return str(self.postcode)


class ServiceCategory(models.Model):
    """A kind of service in a regie's catalogue, on its forms and in its reports: each regie keeps its own list. A
    firm listed by several regies has categories of each; a regie's pages show and count its own."""

    regie_path = "regie"

    regie = models.ForeignKey("regie.Regie", verbose_name=_("regie"), on_delete=models.CASCADE,
                              related_name="service_categories")
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, help_text=_("Part of the catalogue's address when it shows "
                                                                    "this category's firms."))

    objects = MultilingualManager.from_queryset(RegieScopedQuerySet)()  # see Municipality

    class Meta:
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["regie", "slug"], name="one_category_slug_per_regie",
                                               violation_error_message=_("This regie already has a category with "
                                                                         "this slug."))]

    def __str__(self):
        return self.name


class EnterpriseKind(models.TextChoices):
    MAATWERKBEDRIJF = "maatwerkbedrijf", _("Maatwerkbedrijf (custom employment company)")
    MAATWERKAFDELING = "maatwerkafdeling", _("Maatwerkafdeling (custom employment department)")
    LOKALE_DIENSTENECONOMIE = "lde", _("Local service economy")
    ARBEIDSZORG = "arbeidszorg", _("Arbeidszorg (care-based work)")
    KRINGWINKEL = "kringwinkel", _("Kringwinkel (reuse shop)")
    OTHER = "other", _("Other social-economy enterprise")


def categories_of(regie: Regie | None) -> models.Prefetch:
    """A firm's service categories as `regie`'s pages show them: its own, not those another regie gave the firm."""
    return models.Prefetch("categories", queryset=ServiceCategory.objects.of_regie(regie))


# What ties a firm to a regie beyond its listing, told by the apps that keep it (AppConfig.ready): each a function of
# a regie giving the ids of the firms with rows of any other regie (vouchers: redemptions of its cheques).
TIES_TO_OTHER_REGIES: list[Callable[[Regie | None], models.QuerySet]] = []


class SocialEnterpriseQuerySet(RegieScopedQuerySet):
    """`of_regie(regie)`: the firms that regie lists (FirmListing)."""

    def published_by(self, regie: Regie | None):
        """The firms `regie` lists and shows in its catalogue (its listing's "published"); none for None."""
        if regie is None:
            return self.none()
        return self.filter(listings__regie=regie, listings__is_published=True)

    def for_catalogue(self, regie: Regie | None):
        """What `regie`'s catalogue list shows, with its categories of each firm; long texts are left for the detail
        page."""
        return (
            self.published_by(regie)
            .defer(*(f"{field}_{lang}" for field in ("description", "services") for lang in ("nl", "fr", "en")),
                   "description", "services", "iban", "recognition_reference")
            .select_related("postcode__municipality")
            .prefetch_related(categories_of(regie))
            .order_by(Lower("name"), "pk")
        )

    def of_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)

    def of_regie_alone(self, regie: Regie | None):
        """The firms `regie` lists and no other regie lists or has dealt with: the firms (and users) its staff
        change themselves. One that another regie lists, or listed and still owes or pays (its redemptions, its
        introductions: TIES_TO_OTHER_REGIES), is changed by the platform administrator: its users read that regie's
        rows and its account is paid by it."""
        firms = self.of_regie(regie).exclude(pk__in=FirmListing.objects.exclude(regie=regie).values("enterprise"))
        for ties in TIES_TO_OTHER_REGIES:
            firms = firms.exclude(pk__in=ties(regie))
        return firms


class SocialEnterprise(models.Model):
    """A social-economy firm: one profile and one set of users, listed by one or more regies (FirmListing)."""

    regie_path = "listings__regie"  # one listing per regie and firm: a regie's firms come once each

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160, unique=True,
                            help_text=_("Part of the public address of the profile page."))
    enterprise_number = EnterpriseNumberField(
        _("enterprise number"), unique=True,
        help_text=_("KBO/BCE number, in any notation, e.g. 0123.456.749."),
        error_messages={"unique": _("This firm is already in the portal. If your regie does not list it yet, the "
                                    "platform administrator can list it for your regie too.")},
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EnterpriseKind.choices)
    recognition_reference = models.CharField(_("recognition reference"), max_length=100, blank=True)
    recognition_valid_until = models.DateField(_("recognition valid until"), null=True, blank=True)
    street = models.CharField(_("street and number"), max_length=150)
    postcode = models.ForeignKey(Postcode, verbose_name=_("postcode and place"), on_delete=models.PROTECT,
                                 related_name="enterprises")
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    summary = models.CharField(_("short description"), max_length=200,
                               help_text=_("One or two sentences for the catalogue list."))
    description = models.TextField(_("description"), blank=True)
    services = models.TextField(_("services offered"), blank=True, help_text=_("One service per line."))
    categories = models.ManyToManyField(ServiceCategory, verbose_name=_("service categories"),
                                        related_name="enterprises", blank=True)
    logo = models.ImageField(
        _("logo"), upload_to="logos/", blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "webp"]), validate_logo],
        help_text=_("PNG, JPEG or WebP, at most 1 MB."),
    )
    iban = IBANField(_("IBAN"), blank=True, help_text=_("For payouts; never shown in public."))
    serves_households = models.BooleanField(
        _("also serves private households"), default=False, db_default=False,  # rows written without it: no
        help_text=_("The firm also works for private customers, not only for businesses."))
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MultilingualManager.from_queryset(SocialEnterpriseQuerySet)()  # see Municipality

    class Meta:
        verbose_name = _("social-economy enterprise")
        verbose_name_plural = _("social-economy enterprises")
        ordering = ["name"]
        indexes = [
            # The catalogue's order (lower(name), id), read page by page.
            models.Index(Lower("name"), models.F("id"), name="enterprise_catalogue_order"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("enterprises:detail", kwargs={"slug": self.slug})

    @property
    def enterprise_number_display(self):
        return format_enterprise_number(self.enterprise_number)

    @property
    def service_lines(self):
        return [line.strip(" -•\t") for line in self.services.splitlines() if line.strip(" -•\t")]

    def listing_of(self, regie: Regie | None) -> "FirmListing | None":
        """The regie's listing of this firm (what it decided: published, accepts cheques), or None."""
        return None if regie is None else self.listings.filter(regie=regie).first()

    def recognition_valid_on(self, day=None):
        """Cheap guard: is the recognition valid on `day` (default today)?"""
        day = day or timezone.localdate()
        return self.recognition_valid_until is not None and day <= self.recognition_valid_until


class FirmMembership(models.Model):
    """A person who may act for a social-economy firm in the partner portal."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="firm_memberships")
    enterprise = models.ForeignKey(SocialEnterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                   related_name="memberships")
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("firm user")
        verbose_name_plural = _("firm users")
        constraints = [models.UniqueConstraint(fields=["user", "enterprise"], name="membership_unique_user_enterprise")]

    def __str__(self):
        return f"{self.user} – {self.enterprise}"


class FirmListing(models.Model):
    """A regie lists a social-economy firm: the firm shows in that regie's catalogue and on its forms while the regie
    publishes it, and its users redeem that regie's cheques while it accepts them. Each regie decides both for its
    own listing. A firm may be listed by several regies (one profile, one login); its redemptions
    stay per regie, each under its cheque's call. The database refuses a redemption by a firm the cheque's regie
    does not list (vouchers migration 0033)."""

    regie_path = "regie"

    regie = models.ForeignKey("regie.Regie", verbose_name=_("regie"), on_delete=models.PROTECT,
                              related_name="firm_listings")
    enterprise = models.ForeignKey(SocialEnterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                   related_name="listings")
    is_published = models.BooleanField(_("published"), default=False,
                                       help_text=_("Visible in this regie's public catalogue and on its forms."))
    accepts_cheques = models.BooleanField(_("accepts cheques"), default=True,
                                          help_text=_("The firm's users may redeem this regie's cheques while it is "
                                                      "published."))
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    objects = RegieScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("listing by a regie")
        verbose_name_plural = _("listings by regies")
        constraints = [models.UniqueConstraint(fields=["regie", "enterprise"], name="one_listing_per_regie_and_firm")]

    def __str__(self):
        return f"{self.enterprise} – {self.regie}"

    def is_the_firms_last(self) -> bool:
        return not FirmListing.objects.filter(enterprise_id=self.enterprise_id).exclude(pk=self.pk).exists()
