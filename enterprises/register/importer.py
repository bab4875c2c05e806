"""`import_kbo`'s work: load a KBO open data extract into the register, keeping only what the portal needs:
the enterprises with their seat or an establishment in the regie's area, and every firm of the catalogue.

The CSV files come in no guaranteed order and address.csv alone says where an entity is, so the zip is read in
passes, row by row (the full extract is about 2 GB of CSV):
1. address.csv: the entity numbers (enterprises and establishments) with an address in the area;
2. establishment.csv: the enterprises of those establishments; with the area's enterprises and the catalogue's,
   the enterprises to keep;
3. establishment.csv again: every establishment of an enterprise kept;
4. enterprise, establishment, denomination, address and activity rows of the entities kept, in batches.
A full extract replaces the register; an update extract (`*_delete.csv`, `*_insert.csv`) deletes then inserts,
on top of the extract just before it. All in one transaction: a failure leaves the register as it was."""
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from enterprises.models import Postcode, SocialEnterprise
from enterprises.register import kbo
from enterprises.register.kbo import COLUMNS, DELETE_KEYS, KboError
from enterprises.register.models import Activity, Address, Denomination, Enterprise, Establishment, Extract

BATCH = 5000
NACE_VERSIONS = ("2008", "2025")
MODELS = {"enterprise": Enterprise, "establishment": Establishment, "denomination": Denomination,
          "address": Address, "activity": Activity}
KEY_FIELDS = {"enterprise": "number", "establishment": "number", "denomination": "entity_number",
              "address": "entity_number", "activity": "entity_number"}


def area_postcodes() -> set[str]:
    """The postcodes of the regie's area: an enterprise with its seat or an establishment there is kept."""
    return set(Postcode.objects.values_list("code", flat=True))


def catalogue_numbers() -> set[str]:
    return set(SocialEnterprise.objects.values_list("enterprise_number", flat=True))


@dataclass
class Outcome:
    extract: Extract
    changed: bool
    message: str
    rows_read: int = 0
    seconds: float = 0.0


@dataclass
class _Run:
    archive: object
    meta: kbo.Meta
    lines: dict[str, int] = field(default_factory=dict)  # file -> its data rows (read once or more)
    keep: set[str] = field(default_factory=set)  # the entity numbers kept: enterprises and establishments

    @property
    def rows_read(self):
        """The source rows of the files read (a file read in several passes counts once)."""
        return sum(self.lines.values())

    def file(self, table):
        return f"{table}.csv" if self.meta.kind == "full" else f"{table}_insert.csv"

    def rows(self, table, columns=None):
        name, count = self.file(table), 0
        for count, row in kbo.rows(self.archive, name, columns or COLUMNS[table]):
            yield name, count, row
        self.lines[name] = max(count - 1, 0)


def import_extract(path: Path | str) -> Outcome:
    """Load the extract at `path`; KboError (naming file and line) when it cannot, the register unchanged."""
    started = time.perf_counter()
    archive = kbo.open_zip(path)
    with archive:
        run = _Run(archive, kbo.read_meta(archive))
        loaded = Extract.objects.order_by("-number").first()
        if loaded is not None and _already_loaded(run.meta, loaded):
            return Outcome(loaded, False, f"Extract {loaded.number} is already loaded: nothing changed.")
        _check_sequence(run.meta, loaded)
        existing = _existing() if run.meta.kind == "update" else (set(), set())
        _plan(run, existing)
        with transaction.atomic():
            _replace(run)
            extract = _record(run, Path(path).name)
    seconds = time.perf_counter() - started
    return Outcome(extract, True, f"Loaded KBO extract {extract.number} of {extract.snapshot_date:%d-%m-%Y}: "
                   f"{extract.enterprises} enterprises, {extract.establishments} establishments "
                   f"({run.rows_read} rows read in {seconds:.1f} s).", run.rows_read, seconds)


def _already_loaded(meta, loaded):
    if meta.number < loaded.number:
        raise KboError(f"meta.csv: extract {meta.number} is older than extract {loaded.number}, already loaded")
    return meta.number == loaded.number


def _check_sequence(meta, loaded):
    if meta.kind != "update":
        return
    if loaded is None:
        raise KboError(f"meta.csv: update extract {meta.number} needs the extract before it; no extract is "
                       "loaded: load a full extract first")
    if meta.number != loaded.number + 1:
        raise KboError(f"meta.csv: update extract {meta.number} does not follow extract {loaded.number}, "
                       "the one loaded: load the full extract instead")


def _existing():
    return (set(Enterprise.objects.values_list("number", flat=True)),
            set(Establishment.objects.values_list("number", flat=True)))


def _plan(run, existing):
    """Passes 1 to 3: the entity numbers to keep, in `run.keep`."""
    postcodes = area_postcodes()
    in_area = {entity.replace(".", "") for _name, _line, (entity, zipcode, struck) in
               run.rows("address", ("EntityNumber", "Zipcode", "DateStrikingOff"))
               if zipcode in postcodes and not struck}
    enterprises = {entity for entity in in_area if entity[0] in "01"} | catalogue_numbers() | existing[0]
    columns = ("EstablishmentNumber", "EnterpriseNumber")
    for _name, _line, (establishment, enterprise) in run.rows("establishment", columns):
        if establishment.replace(".", "") in in_area:
            enterprises.add(enterprise.replace(".", ""))
    establishments = set(existing[1])
    for _name, _line, (establishment, enterprise) in run.rows("establishment", columns):
        if enterprise.replace(".", "") in enterprises:
            establishments.add(establishment.replace(".", ""))
    run.keep = enterprises | establishments


def _replace(run):
    """Pass 4, in the transaction: a full extract replaces every row; an update deletes, then inserts."""
    for table, model in MODELS.items():
        if run.meta.kind == "full":
            model.objects.all().delete()
        else:
            _delete(run, table, model)
    for table, model in MODELS.items():
        _insert(run, table, model)


def _delete(run, table, model):
    name = f"{table}_delete.csv"
    keys = (row[0].replace(".", "") for _line, row in kbo.rows(run.archive, name, (DELETE_KEYS[table],)))
    for batch in _batches(keys):
        model.objects.filter(**{f"{KEY_FIELDS[table]}__in": batch}).delete()


def _insert(run, table, model):
    for batch in _batches(_kept(run, table, model)):
        if run.meta.kind == "update" and KEY_FIELDS[table] == "number":  # replaced without a delete line
            model.objects.filter(number__in=[item.number for item in batch]).delete()
        model.objects.bulk_create(batch)


def _kept(run, table, model):
    """The model instances of the rows of `table` whose entity is kept."""
    build, keep = BUILDERS[table], run.keep
    for name, line, row in run.rows(table):
        if row[0].replace(".", "") not in keep:
            continue
        try:
            values = build(row)
        except ValueError as error:
            raise KboError(f"{name}, line {line}: {error}") from None
        if values is not None:
            yield model(**values)


def _batches(items: Iterable) -> Iterable[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _record(run, file_name):
    meta = run.meta
    return Extract.objects.create(
        number=meta.number, snapshot_date=meta.snapshot_date, extract_timestamp=meta.timestamp,
        kind=meta.kind, version=meta.version[:20], file_name=file_name[:200], rows_read=run.rows_read,
        enterprises=Enterprise.objects.count(), establishments=Establishment.objects.count())


def _enterprise(row):
    number, status, situation, kind, form, form_cac, start = row
    return {"number": kbo.number(number), "status": kbo.code(status, 2, "Status"),
            "juridical_situation": kbo.code(situation, 3, "JuridicalSituation"),
            "type_of_enterprise": kbo.code(kind, 1, "TypeOfEnterprise"),
            "juridical_form": kbo.code(form, 3, "JuridicalForm"),
            "juridical_form_cac": kbo.code(form_cac, 3, "JuridicalFormCAC"), "start_date": kbo.parse_date(start)}


def _establishment(row):
    number, start, enterprise = row
    return {"number": kbo.number(number), "start_date": kbo.parse_date(start),
            "enterprise_number": kbo.number(enterprise)}


def _denomination(row):
    entity, language, kind, name = row
    return {"entity_number": kbo.number(entity), "language": kbo.code(language, 1, "Language"),
            "type_of_denomination": kbo.code(kind, 3, "TypeOfDenomination"), "name": name[:320]}


def _address(row):
    entity, kind, country_nl, _country_fr, zipcode, municipality_nl, municipality_fr, street_nl, street_fr, \
        house_number, box, extra, struck = row
    return {"entity_number": kbo.number(entity), "type_of_address": kbo.code(kind, 4, "TypeOfAddress"),
            "country_nl": country_nl[:100],
            "zipcode": zipcode[:20], "municipality_nl": municipality_nl[:200], "municipality_fr": municipality_fr[:200],
            "street_nl": street_nl[:200], "street_fr": street_fr[:200], "house_number": house_number[:22],
            "box": box[:20], "extra": extra[:80], "struck_off": kbo.parse_date(struck)}


def _activity(row):
    entity, group, version, code, classification = row
    if version not in NACE_VERSIONS:
        return None
    return {"entity_number": kbo.number(entity), "activity_group": kbo.code(group, 3, "ActivityGroup"),
            "nace_version": version, "nace_code": kbo.code(code, 7, "NaceCode"),
            "classification": kbo.code(classification, 4, "Classification")}


BUILDERS: dict[str, Callable[[list[str]], dict | None]] = {
    "enterprise": _enterprise, "establishment": _establishment, "denomination": _denomination,
    "address": _address, "activity": _activity}
