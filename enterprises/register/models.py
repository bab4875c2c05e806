"""The enterprise register's rows (KBO open data): the extracts loaded, and the enterprises of the regie's area
(and of the catalogue) with their establishments, names, addresses and activities, as the latest extract says.

Numbers are stored as 10 digits without dots: enterprises "0123456749", establishments "2123456789". Names,
addresses and activities belong to an entity number (an enterprise's or an establishment's), as in the extract:
an update replaces them per entity number (`*_delete.csv`, then `*_insert.csv`)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExtractType(models.TextChoices):
    FULL = "full", _("full extract")
    UPDATE = "update", _("update extract")


class Extract(models.Model):
    """One KBO open data extract loaded by `import_kbo` (meta.csv), with what it brought."""

    number = models.PositiveIntegerField(_("extract number"), unique=True)
    snapshot_date = models.DateField(_("snapshot date"))
    extract_timestamp = models.DateTimeField(_("extract created"), null=True)
    kind = models.CharField(_("type"), max_length=10, choices=ExtractType.choices)
    version = models.CharField(_("format version"), max_length=20, blank=True)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    enterprises = models.PositiveIntegerField(_("enterprises in the register"), default=0)
    establishments = models.PositiveIntegerField(_("establishments in the register"), default=0)

    class Meta:
        verbose_name = _("KBO extract")
        verbose_name_plural = _("KBO extracts")
        ordering = ["-number"]

    def __str__(self):
        return f"KBO {self.number} ({self.snapshot_date:%d-%m-%Y})"


class TypeOfEnterprise(models.TextChoices):
    UNKNOWN = "0", _("unknown")
    NATURAL_PERSON = "1", _("natural person")
    LEGAL_PERSON = "2", _("legal person")


class Enterprise(models.Model):
    """A registered entity (enterprise.csv)."""

    number = models.CharField(_("enterprise number"), max_length=10, primary_key=True)
    status = models.CharField(_("status"), max_length=2)
    juridical_situation = models.CharField(_("juridical situation"), max_length=3)
    type_of_enterprise = models.CharField(_("type of enterprise"), max_length=1, choices=TypeOfEnterprise.choices)
    juridical_form = models.CharField(_("juridical form"), max_length=3, blank=True)
    juridical_form_cac = models.CharField(_("juridical form (Code of Companies)"), max_length=3, blank=True)
    start_date = models.DateField(_("start date"), null=True)

    class Meta:
        verbose_name = _("registered enterprise")
        verbose_name_plural = _("registered enterprises")

    def __str__(self):
        return self.number


class Establishment(models.Model):
    """An establishment unit of an enterprise (establishment.csv)."""

    number = models.CharField(_("establishment number"), max_length=10, primary_key=True)
    enterprise_number = models.CharField(_("enterprise number"), max_length=10, db_index=True)
    start_date = models.DateField(_("start date"), null=True)

    class Meta:
        verbose_name = _("registered establishment")
        verbose_name_plural = _("registered establishments")

    def __str__(self):
        return self.number


class Denomination(models.Model):
    """A name of an enterprise or establishment (denomination.csv): per language and type (001 name, 002
    abbreviation, 003 commercial name)."""

    entity_number = models.CharField(_("entity number"), max_length=10, db_index=True)
    language = models.CharField(_("language"), max_length=1)  # 0 unknown, 1 fr, 2 nl, 3 de, 4 en
    type_of_denomination = models.CharField(_("type of name"), max_length=3)
    name = models.CharField(_("name"), max_length=320)

    class Meta:
        verbose_name = _("registered name")
        verbose_name_plural = _("registered names")

    def __str__(self):
        return self.name


class Address(models.Model):
    """The address of an enterprise's seat (REGO) or of an establishment (BAET) (address.csv)."""

    entity_number = models.CharField(_("entity number"), max_length=10, db_index=True)
    type_of_address = models.CharField(_("type of address"), max_length=4)
    country_nl = models.CharField(_("country"), max_length=100, blank=True)
    zipcode = models.CharField(_("postcode"), max_length=20, blank=True)
    municipality_nl = models.CharField(_("municipality (Dutch)"), max_length=200, blank=True)
    municipality_fr = models.CharField(_("municipality (French)"), max_length=200, blank=True)
    street_nl = models.CharField(_("street (Dutch)"), max_length=200, blank=True)
    street_fr = models.CharField(_("street (French)"), max_length=200, blank=True)
    house_number = models.CharField(_("house number"), max_length=22, blank=True)
    box = models.CharField(_("box"), max_length=20, blank=True)
    extra = models.CharField(_("extra address information"), max_length=80, blank=True)
    struck_off = models.DateField(_("struck off"), null=True)

    class Meta:
        verbose_name = _("registered address")
        verbose_name_plural = _("registered addresses")

    def __str__(self):
        return f"{self.street_nl or self.street_fr} {self.house_number}, {self.zipcode}"


class Activity(models.Model):
    """A NACE code of an enterprise or establishment (activity.csv), in NACE 2008 and 2025 side by side."""

    entity_number = models.CharField(_("entity number"), max_length=10, db_index=True)
    activity_group = models.CharField(_("activity group"), max_length=3)
    nace_version = models.CharField(_("NACE version"), max_length=4)
    nace_code = models.CharField(_("NACE code"), max_length=7)
    classification = models.CharField(_("classification"), max_length=4)  # MAIN, SECO, ANCI

    class Meta:
        verbose_name = _("registered activity")
        verbose_name_plural = _("registered activities")

    def __str__(self):
        return f"NACE {self.nace_version} {self.nace_code} ({self.classification})"
