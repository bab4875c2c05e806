"""Reading a KBO open data zip as its cookbook describes it: CSV files with a header row, comma-separated, text
in double quotes, dates dd-mm-yyyy, enterprise numbers 0123.456.789 and establishment numbers 2.123.456.789.
Row by row, never a whole file in memory. Every fault is a KboError naming the file and the line."""
import csv
import datetime
import io
import zipfile
import zlib
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass

# The columns each file must have (the cookbook's names); a file may have more.
COLUMNS = {
    "enterprise": ("EnterpriseNumber", "Status", "JuridicalSituation", "TypeOfEnterprise", "JuridicalForm",
                   "JuridicalFormCAC", "StartDate"),
    "establishment": ("EstablishmentNumber", "StartDate", "EnterpriseNumber"),
    "denomination": ("EntityNumber", "Language", "TypeOfDenomination", "Denomination"),
    "address": ("EntityNumber", "TypeOfAddress", "CountryNL", "CountryFR", "Zipcode", "MunicipalityNL",
                "MunicipalityFR", "StreetNL", "StreetFR", "HouseNumber", "Box", "ExtraAddressInfo", "DateStrikingOff"),
    "activity": ("EntityNumber", "ActivityGroup", "NaceVersion", "NaceCode", "Classification"),
}
# The key of each file's `_delete.csv` in an update extract.
DELETE_KEYS = {"enterprise": "EnterpriseNumber", "establishment": "EstablishmentNumber", "denomination": "EntityNumber",
               "address": "EntityNumber", "activity": "EntityNumber"}
KBO_ZONE = zoneinfo.ZoneInfo("Europe/Brussels")
META_KEYS = ("SnapshotDate", "ExtractTimestamp", "ExtractType", "ExtractNumber")


class KboError(Exception):
    """The extract cannot be read: the message names the file and the line."""


@dataclass(frozen=True)
class Meta:
    number: int
    snapshot_date: datetime.date
    timestamp: datetime.datetime | None
    kind: str  # "full" or "update"
    version: str


def open_zip(path):
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise KboError(f"{path}: no such file") from None
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise KboError(f"{path}: not a readable zip file (corrupt or truncated: {error})") from None


def member(archive, name):
    """The zip's member `name` (the case of the name as the KBO writes it varies: contact_insert.Csv)."""
    wanted = name.lower()
    for info in archive.infolist():
        if info.filename.rsplit("/", 1)[-1].lower() == wanted:
            return info.filename
    return None


def rows(archive, name, columns) -> Iterator[tuple[int, list[str]]]:
    """(line number, [values of `columns`]) for each data row of the member `name`."""
    stored = member(archive, name)
    if stored is None:
        raise KboError(f"{name}: missing from the zip")
    line = 1
    try:
        with archive.open(stored) as raw:
            reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
            positions = _positions(name, next(reader, None), columns)
            width = max(positions) + 1
            for line, row in enumerate(reader, start=2):
                if len(row) < width:
                    raise KboError(f"{name}, line {line}: {len(row)} fields, expected {width} or more")
                yield line, [row[position] for position in positions]
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise KboError(f"{name}, line {line + 1}: the zip is corrupt or truncated ({error})") from None
    except (RuntimeError, NotImplementedError) as error:  # an encrypted member, a compression zipfile cannot read
        raise KboError(f"{name}: cannot be read from this zip ({error})") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise KboError(f"{name}, line {line + 1}: not a readable CSV line ({error})") from None


def _positions(name, header, columns):
    if header is None:
        raise KboError(f"{name}, line 1: empty file, expected the header row")
    missing = [column for column in columns if column not in header]
    if missing:
        raise KboError(f"{name}, line 1: column {', '.join(missing)} missing (header: {','.join(header)})")
    return [header.index(column) for column in columns]


def read_meta(archive) -> Meta:
    if member(archive, "meta.csv") is None:
        raise KboError("meta.csv: missing from the zip: this is not a KBO Open Data extract "
                       "(the full 'hergebruik' reuse extract is another product, not read here)")
    values = {key: value for _line, (key, value) in rows(archive, "meta.csv", ("Variable", "Value"))}
    missing = [key for key in META_KEYS if not values.get(key)]
    if missing:
        raise KboError(f"meta.csv: {', '.join(missing)} missing: not a KBO Open Data extract")
    kind = values["ExtractType"].strip().lower()
    if kind not in ("full", "update"):
        raise KboError(f"meta.csv: ExtractType {values['ExtractType']!r}, expected full or update")
    try:
        return Meta(int(values["ExtractNumber"]), parse_date(values["SnapshotDate"]),
                    _timestamp(values["ExtractTimestamp"]), kind, values.get("Version", ""))
    except ValueError as error:
        raise KboError(f"meta.csv: {error}") from None


def _timestamp(text):
    """"01-06-2025 07:07:49" (Belgian time) -> an aware datetime; "" -> None."""
    if not text.strip():
        return None
    day, _space, clock = text.strip().partition(" ")
    hour, minute, second = (int(part) for part in clock.split(":"))
    date = parse_date(day)
    return datetime.datetime(date.year, date.month, date.day, hour, minute, second, tzinfo=KBO_ZONE)


def parse_date(text):
    """"31-12-2024" -> date; "" -> None. ValueError on anything else."""
    text = text.strip()
    if not text:
        return None
    try:
        day, month, year = text.split("-")
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"{text!r} is not a date dd-mm-yyyy") from None


def code(text, length, what):
    """A code of at most `length` characters (a status, a juridical form, a NACE code ...); ValueError otherwise."""
    text = text.strip()
    if len(text) > length:
        raise ValueError(f"{what} {text[:40]!r} is longer than {length} characters")
    return text


def number(text):
    """"0123.456.749" / "2.123.456.789" -> the 10 digits. ValueError when it is no such number."""
    digits = text.replace(".", "").strip()
    if len(digits) != 10 or not digits.isdigit():
        raise ValueError(f"{text!r} is not an enterprise or establishment number")
    return digits
