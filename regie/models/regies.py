"""A regie: the organisation that runs a cheque programme (its legal entity, bank account, contact details, brand,
texts and host names). One install serves several; each request is served as the regie of its Host
(regie/web/hosts.py) and every row that belongs to a regie says so, directly or through its call."""
import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from regie.formats.numbers import format_enterprise_number, normalize_enterprise_number, normalize_iban
from regie.models.brand import validate_brand_colour, validate_logo

HOST_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")
BIC = RegexValidator(r"^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$", _("A BIC has 8 or 11 letters and digits, e.g. GKCCBEBB."),
                     code="bic")


def normalise_host(text: str) -> str:
    """A host name as stored: "Cheque.Example.be." -> "cheque.example.be" (a Host header's port is
    regie.web.hosts.host_name's to drop)."""
    return (text or "").strip().lower().rstrip(".")


class RegieScopedQuerySet(models.QuerySet):
    """The one way to ask for a regie's rows of a model that belongs to a regie: the model names the way to its
    regie in `regie_path` ("regie", "call__regie", "voucher__call__regie"), and `of_regie(regie)` filters on it. The
    admin (regie.admin_site.RegieScopedAdmin), the dashboard and the staff pages ask through it."""

    def of_regie(self, regie: "Regie | None"):
        return self.filter(**{self.model.regie_path: regie}) if regie is not None else self.none()

    def within(self, regie: "Regie | None"):
        """`regie`'s rows, or every regie's for None: a view over the whole install that asks for it on purpose
        (a platform administrator's answer to a business, vouchers.privacy), unlike of_regie's none."""
        return self if regie is None else self.of_regie(regie)


def regie_path(model) -> str | None:
    """The lookup from `model` to its Regie, or None for a model that does not belong to one regie."""
    return getattr(model, "regie_path", None)


def validate_host_name(value: str) -> None:
    if not HOST_NAME.match(value or ""):
        raise ValidationError(_("%(host)s is not a host name, such as cheque.regie-example.be (no https://, no "
                                "path)."), code="host_name", params={"host": value})


class RegieQuerySet(models.QuerySet):
    def staffed_by(self, user) -> "RegieQuerySet":
        """The regies `user` works for: all of them for a platform administrator (a superuser), else those of
        their staff memberships."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        return self if user.is_superuser else self.filter(staff_memberships__user=user)


class Regie(models.Model):
    short_name = models.SlugField(
        _("short name"), max_length=30, unique=True,
        help_text=_("Lower-case letters, digits and hyphens, e.g. zuidoost. In development the regie is served at "
                    "<short name>.localhost."))
    name = models.CharField(_("name"), max_length=120,
                            help_text=_("As the public reads it, e.g. Regie sociale economie Zuidoost-Limburg."))
    region_name = models.CharField(_("region"), max_length=80, help_text=_("The area's name, e.g. Zuidoost-Limburg."))
    programme_name = models.CharField(_("programme's public name"), max_length=80, default="Kennismakingscheque")
    introduction = models.TextField(
        _("short introduction"), max_length=600, blank=True,
        help_text=_("Plain text shown on the home page under the programme's name; no HTML."))
    legal_name = models.CharField(
        _("legal name for bank files"), max_length=70,
        help_text=_("The account holder's name as the bank knows it (SEPA payout files, at most 70 characters)."))
    enterprise_number = models.CharField(_("enterprise number"), max_length=10, blank=True)
    iban = models.CharField(_("IBAN that pays the firms"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True, validators=[BIC])
    postal_address = models.TextField(_("postal address"), max_length=300, blank=True)
    contact_email = models.EmailField(_("contact e-mail address"))
    contact_phone = models.CharField(_("contact phone number"), max_length=30, blank=True)
    sender_email = models.EmailField(
        _("sender address of its mails"), help_text=_("Mails go out from this address, under the regie's name."))
    primary_colour = models.CharField(
        _("brand colour"), max_length=7, default="#0b5d4b", validators=[validate_brand_colour],
        help_text=_("#rrggbb; white text on it must reach a contrast of 4.5:1."))
    accent_colour = models.CharField(
        _("second brand colour"), max_length=7, default="#07402f", validators=[validate_brand_colour],
        help_text=_("#rrggbb; white text on it must reach a contrast of 4.5:1."))
    logo = models.ImageField(
        # null: a row written by an earlier migration's code, which knows no logo, has none (served as the firms'
        # logos are: regie.web.views.logo)
        _("logo"), upload_to="logos/regies/", blank=True, null=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "webp"]), validate_logo],
        help_text=_("Shown in the header of the regie's pages, beside its name, instead of the check mark: a PNG, "
                    "JPEG or WebP image, about square, on a light or transparent background."))
    is_demo = models.BooleanField(_("demo"), default=False,
                                  help_text=_("Fictional: for trying the portal out. Its pages say so."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MultilingualManager.from_queryset(RegieQuerySet)()  # see enterprises.models.Municipality

    class Meta:
        verbose_name = _("regie")
        verbose_name_plural = _("regies")
        ordering = ["short_name"]

    def __str__(self):
        return self.name

    def clean_fields(self, exclude=None):
        """The numbers as typed ("0899.000.057", "be71 0961 ...", "gkccbebb") are normalised before the fields'
        own checks (length, pattern), so a number typed with dots is read, not refused for its length."""
        errors = {}
        for field, normalise in (("enterprise_number", normalize_enterprise_number), ("iban", normalize_iban)):
            if getattr(self, field) and field not in (exclude or ()):
                try:
                    setattr(self, field, normalise(getattr(self, field)))
                except ValidationError as error:
                    errors[field] = error.messages
        self.bic = (self.bic or "").replace(" ", "").upper()
        try:
            super().clean_fields(exclude=[*(exclude or ()), *errors])
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)

    @property
    def formatted_enterprise_number(self) -> str:
        return format_enterprise_number(self.enterprise_number) if self.enterprise_number else ""

    @property
    def primary_host(self) -> str:
        hosts = sorted(self.hosts.all(), key=lambda host: (not host.is_primary, host.pk))
        return hosts[0].name if hosts else ""

    @property
    def base_url(self) -> str:
        """Where mailed links and printed QR codes lead: the primary host, on the install's scheme and port."""
        port = f":{settings.PUBLIC_PORT}" if settings.PUBLIC_PORT else ""
        return f"{settings.PUBLIC_SCHEME}://{self.primary_host}{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def from_address(self) -> str:
        """The From header of its mails: "Regie sociale economie Zuidoost-Limburg <noreply@...>"."""
        name = self.name.replace('"', "'")
        return f'"{name}" <{self.sender_email}>'

    def missing_setup(self) -> list[str]:
        """What the regie cannot run without, in words for /health/ and the admin (with what the apps require:
        require_for_setup)."""
        missing = [str(label) for label, value in ((_("IBAN that pays the firms"), self.iban),
                                                   (_("enterprise number"), self.enterprise_number)) if not value]
        if not self.hosts.exists():
            missing.append(str(_("host name")))
        return missing + [str(label) for label, present in SETUP_REQUIREMENTS if not present(self)]


# What the apps need of a regie's setup, registered from their AppConfig.ready (regie imports no app): (words for
# /health/ and create_regie, whether this regie has it).
SETUP_REQUIREMENTS: list[tuple[Promise, Callable[[Regie], bool]]] = []


def require_for_setup(label: Promise, present: Callable[[Regie], bool]) -> None:
    SETUP_REQUIREMENTS[:] = [(known, check) for known, check in SETUP_REQUIREMENTS if known != label]
    SETUP_REQUIREMENTS.append((label, present))


class RegieHost(models.Model):
    regie = models.ForeignKey(Regie, verbose_name=_("regie"), on_delete=models.CASCADE, related_name="hosts")
    name = models.CharField(_("host name"), max_length=253, validators=[validate_host_name],
                            help_text=_("e.g. cheque.regie-zuidoost-limburg.be, without https:// or a path."))
    is_primary = models.BooleanField(_("primary"), default=False,
                                     help_text=_("Mailed links and QR codes on cheques use the primary host."))

    class Meta:
        verbose_name = _("host name")
        verbose_name_plural = _("host names")
        ordering = ["-is_primary", "pk"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="one_regie_per_host",
                                    violation_error_message=_("This host name already belongs to a regie.")),
            models.UniqueConstraint(fields=["regie"], condition=models.Q(is_primary=True),
                                    name="one_primary_host_per_regie",
                                    violation_error_message=_("A regie has one primary host name.")),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.name = normalise_host(self.name)


def works_for(user, regie: "Regie | None") -> bool:
    """Whether `user` may work as staff for `regie` (its admin, door, staff pages): a platform administrator for
    every regie; a coordinator or finance member for the regies of their memberships. Remembered on the user for
    the request, so that each admin page asks once."""
    if regie is None or not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    known = user.__dict__.setdefault("_regies_worked_for", {})
    if regie.pk not in known:
        known[regie.pk] = StaffMembership.objects.filter(user=user, regie=regie).exists()
    return known[regie.pk]


class StaffMembership(models.Model):
    """A coordinator or finance member works for a regie: its admin on its hosts shows them its rows only. A staff
    user may work for several regies (one membership each); superusers are platform administrators, for all."""

    regie = models.ForeignKey(Regie, verbose_name=_("regie"), on_delete=models.CASCADE,
                              related_name="staff_memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.CASCADE,
                             related_name="regie_memberships")
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("works for the regie")
        verbose_name_plural = _("works for the regies")
        ordering = ["regie__short_name"]
        constraints = [models.UniqueConstraint(fields=["regie", "user"], name="one_membership_per_regie_and_user",
                                               violation_error_message=_("This user already works for this regie."))]

    def __str__(self):
        return f"{self.user} – {self.regie}"
