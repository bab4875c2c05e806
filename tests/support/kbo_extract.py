"""Write KBO open data extracts in exactly the official layout (Cookbook KBO Open Data): a zip with meta.csv,
code.csv and enterprise/establishment/denomination/address/activity/contact.csv (or their _delete/_insert
files in an update), header rows, text in double quotes, dates dd-mm-yyyy unquoted, empty values unquoted,
enterprise numbers 0123.456.789 and establishment numbers 2.123.456.789.

`sample_full` and `sample_update` write the small extracts the tests use; `generated_full` streams a big one
(the benchmark's) row by row."""
import datetime
import zipfile
from dataclasses import dataclass, field

HEADERS = {
    "enterprise": ("EnterpriseNumber", "Status", "JuridicalSituation", "TypeOfEnterprise", "JuridicalForm",
                   "JuridicalFormCAC", "StartDate"),
    "establishment": ("EstablishmentNumber", "StartDate", "EnterpriseNumber"),
    "denomination": ("EntityNumber", "Language", "TypeOfDenomination", "Denomination"),
    "address": ("EntityNumber", "TypeOfAddress", "CountryNL", "CountryFR", "Zipcode", "MunicipalityNL",
                "MunicipalityFR", "StreetNL", "StreetFR", "HouseNumber", "Box", "ExtraAddressInfo", "DateStrikingOff"),
    "activity": ("EntityNumber", "ActivityGroup", "NaceVersion", "NaceCode", "Classification"),
    "contact": ("EntityNumber", "EntityContact", "ContactType", "Value"),
}
DELETE_KEYS = {"enterprise": "EnterpriseNumber", "establishment": "EstablishmentNumber", "denomination": "EntityNumber",
               "address": "EntityNumber", "activity": "EntityNumber", "contact": "EntityNumber"}
CODES = [
    ("Language", "1", "NL", "Frans"), ("Language", "2", "NL", "Nederlands"), ("Language", "3", "NL", "Duits"),
    ("JuridicalSituation", "000", "NL", "Normale toestand"), ("JuridicalSituation", "000", "FR", "Situation normale"),
    ("JuridicalSituation", "012", "NL", "Gerechtelijke ontbinding of nietigheid"),
    ("TypeOfEnterprise", "1", "NL", "Natuurlijk persoon"), ("TypeOfEnterprise", "2", "NL", "Rechtspersoon"),
    ("JuridicalForm", "610", "NL", "Besloten vennootschap"),
    ("JuridicalForm", "017", "NL", "Vereniging zonder winstoogmerk"),
    ("TypeOfAddress", "REGO", "NL", "Zetel"), ("TypeOfAddress", "BAET", "NL", "Vestigingseenheid"),
    ("Classification", "MAIN", "NL", "Hoofdactiviteit"), ("Classification", "SECO", "NL", "Nevenactiviteit"),
    ("Nace2008", "56101", "NL", "Eetgelegenheden met volledige bediening"),
    ("Nace2025", "56110", "NL", "Restaurantactiviteiten"),
]


def check_digits(base):
    """The 10-digit number of an 8-digit base (mod 97, as the KBO's)."""
    return f"{base:08d}{97 - base % 97:02d}"


def enterprise_number(index):
    return check_digits(2_000_000 + index)  # "0200000097"-like: starts with 0


def establishment_number(index):
    return check_digits(20_000_000 + index)  # starts with 2


def dotted(number):
    """"0123456749" -> "0123.456.749"; "2123456789" -> "2.123.456.789"."""
    if number[0] in "01":
        return f"{number[:4]}.{number[4:7]}.{number[7:]}"
    return f"{number[0]}.{number[1:4]}.{number[4:7]}.{number[7:]}"


def csv_line(values):
    """One line as the KBO writes it: text quoted, dates and empty (None) values bare."""
    cells = []
    for value in values:
        if value is None:
            cells.append("")
        elif isinstance(value, datetime.date):
            cells.append(f"{value:%d-%m-%Y}")
        else:
            cells.append('"' + str(value).replace('"', '""') + '"')
    return ",".join(cells) + "\n"


@dataclass
class Extract:
    number: int = 140
    kind: str = "full"
    snapshot: datetime.date = datetime.date(2026, 11, 27)
    tables: dict[str, list[tuple]] = field(default_factory=lambda: {table: [] for table in HEADERS})
    deletes: dict[str, list[str]] = field(default_factory=lambda: {table: [] for table in HEADERS})
    drop_column: tuple[str, str] | None = None  # (table, column): write that file without it
    without_meta: bool = False

    def enterprise(self, number, *, situation="000", kind="2", form="610", start=datetime.date(2015, 3, 1)):
        self.tables["enterprise"].append((dotted(number), "AC", situation, kind, form if kind == "2" else None,
                                          None, start))

    def establishment(self, number, enterprise, *, start=datetime.date(2018, 6, 1)):
        self.tables["establishment"].append((dotted(number), start, dotted(enterprise)))

    def name(self, entity, name, *, language="2", kind="001"):
        self.tables["denomination"].append((dotted(entity), language, kind, name))

    def address(self, entity, zipcode, *, kind="REGO", street="Markt", municipality="Tongeren", house="1", box=""):
        self.tables["address"].append((dotted(entity), kind, None, None, zipcode, municipality, municipality,
                                       street, street, house, box, "", None))

    def activity(self, entity, code2008="56101", code2025="56110", classification="MAIN"):
        for version, code in (("2003", "55301"), ("2008", code2008), ("2025", code2025)):
            self.tables["activity"].append((dotted(entity), "001", version, code, classification))

    def write(self, path):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            if not self.without_meta:
                archive.writestr("meta.csv", self._meta())
            archive.writestr("code.csv", "".join(map(csv_line, [("Category", "Code", "Language", "Description"),
                                                                 *CODES])))
            for table, header in HEADERS.items():
                self._write_table(archive, table, header)
        return path

    def _meta(self):
        return "".join(csv_line(row) for row in [
            ("Variable", "Value"), ("SnapshotDate", f"{self.snapshot:%d-%m-%Y}"),
            ("ExtractTimestamp", f"{self.snapshot + datetime.timedelta(days=2):%d-%m-%Y} 07:07:49"),
            ("ExtractType", self.kind), ("ExtractNumber", str(self.number)), ("Version", "1.0.0")])

    def _write_table(self, archive, table, header):
        rows = self.tables[table]
        if self.drop_column and self.drop_column[0] == table:
            index = header.index(self.drop_column[1])
            header = header[:index] + header[index + 1:]
            rows = [row[:index] + row[index + 1:] for row in rows]
        if self.kind == "full":
            archive.writestr(f"{table}.csv", "".join(map(csv_line, [header, *rows])))
            return
        deletes = [(dotted(number),) for number in self.deletes[table]]
        archive.writestr(f"{table}_delete.csv", "".join(map(csv_line, [(DELETE_KEYS[table],), *deletes])))
        archive.writestr(f"{table}_insert.csv", "".join(map(csv_line, [header, *rows])))


# The sample's enterprises (10 digits), for the tests to ask about.
SEAT_IN_AREA = enterprise_number(1)  # a company with its seat in the area and two establishments
SOLE_TRADER = enterprise_number(2)  # a natural person: no seat address, one establishment in the area
ELSEWHERE = enterprise_number(3)  # seat and establishment outside the area: left out
STOPPED = enterprise_number(4)  # dissolved by a court (juridical situation 012), seat in the area
SEAT_ELSEWHERE = enterprise_number(5)  # seat outside the area, one establishment in it
NEW_IN_UPDATE = enterprise_number(6)


def sample_full(path, *, area="3700", outside="2000", catalogue=None, **options):
    """A small full extract: see the constants above; `catalogue` (10 digits) is added with its seat outside."""
    extract = Extract(**options)
    _company(extract, SEAT_IN_AREA, area, outside)
    extract.enterprise(SOLE_TRADER, kind="1")
    extract.name(SOLE_TRADER, "Jansen Jan")
    extract.establishment(establishment_number(20), SOLE_TRADER)
    extract.address(establishment_number(20), area, kind="BAET", street="Stationsstraat", house="7")
    extract.name(establishment_number(20), "Frituur Jan", kind="003")
    for number, zipcode, situation in ((ELSEWHERE, outside, "000"), (STOPPED, area, "012"),
                                       (SEAT_ELSEWHERE, outside, "000")):
        extract.enterprise(number, situation=situation)
        extract.name(number, f"Onderneming {number}")
        extract.address(number, zipcode)
        extract.activity(number)
    extract.establishment(establishment_number(30), SEAT_ELSEWHERE)
    extract.address(establishment_number(30), area, kind="BAET")
    extract.establishment(establishment_number(31), ELSEWHERE)
    extract.address(establishment_number(31), outside, kind="BAET")
    if catalogue:
        extract.enterprise(catalogue, form="017")
        extract.name(catalogue, "Sociale werkplaats")
        extract.address(catalogue, outside)
    return extract.write(path)


def _company(extract, number, area, outside):
    extract.enterprise(number)
    for language, name in (("2", "Bakkerij De Linde"), ("1", "Boulangerie Le Tilleul"), ("3", "Bäckerei Die Linde")):
        extract.name(number, name, language=language)
    extract.address(number, area, street="Maastrichterstraat", house="12", box="b")
    extract.activity(number)
    extract.activity(number, "47241", "47241", "SECO")
    for index, zipcode in ((10, area), (11, outside)):
        extract.establishment(establishment_number(index), number)
        extract.address(establishment_number(index), zipcode, kind="BAET", street="Kerkstraat", house=str(index))
        extract.name(establishment_number(index), f"De Linde {index}", kind="003")


def sample_update(path, *, area="3700", number=141):
    """The update after sample_full: STOPPED is gone, SEAT_IN_AREA has a new name, NEW_IN_UPDATE arrives."""
    extract = Extract(number=number, kind="update", snapshot=datetime.date(2026, 12, 4))
    extract.deletes["enterprise"].append(STOPPED)
    for table in ("denomination", "address", "activity"):
        extract.deletes[table].append(STOPPED)
    extract.deletes["denomination"].append(SEAT_IN_AREA)
    extract.name(SEAT_IN_AREA, "Bakkerij De Nieuwe Linde")
    extract.enterprise(NEW_IN_UPDATE)
    extract.name(NEW_IN_UPDATE, "Nieuw BV")
    extract.address(NEW_IN_UPDATE, area)
    return extract.write(path)


def generated_full(path, enterprises, *, area=("3700",), outside=("2000", "9000"), number=150, in_area_every=10):
    """A big full extract streamed to `path`: `enterprises` companies, each with two names, a seat, one
    establishment in two, and five activities (NACE 2003, 2008, 2025); one in `in_area_every` in the area.
    Returns the number of data rows written."""
    rows = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("meta.csv", Extract(number=number)._meta())
        archive.writestr("code.csv", "".join(map(csv_line, [("Category", "Code", "Language", "Description"), *CODES])))
        for table, header in HEADERS.items():
            with archive.open(f"{table}.csv", "w") as raw:
                raw.write(csv_line(header).encode())
                for line in _generated_rows(table, enterprises, area, outside, in_area_every):
                    raw.write(line.encode())
                    rows += 1
    return rows


def _generated_rows(table, enterprises, area, outside, in_area_every):
    for index in range(enterprises):
        number = dotted(enterprise_number(index))
        establishment = dotted(establishment_number(index)) if index % 2 == 0 else None
        zipcode = area[index % len(area)] if index % in_area_every == 0 else outside[index % len(outside)]
        yield from _generated(table, number, establishment, zipcode, index)


def _generated(table, number, establishment, zipcode, index):
    start = datetime.date(2000 + index % 25, 1 + index % 12, 1 + index % 28)
    if table == "enterprise":
        yield csv_line((number, "AC", "000", "2", "610", None, start))
    elif table == "establishment" and establishment:
        yield csv_line((establishment, start, number))
    elif table == "denomination":
        yield csv_line((number, "2", "001", f"Onderneming {index}"))
        yield csv_line((number, "1", "001", f"Entreprise {index}"))
    elif table == "address":
        yield csv_line((number, "REGO", None, None, zipcode, "Gemeente", "Commune", "Straat", "Rue", str(index), "",
                        "", None))
        if establishment:
            yield csv_line((establishment, "BAET", None, None, zipcode, "Gemeente", "Commune", "Straat", "Rue", "1",
                            "", "", None))
    elif table == "activity":
        for version, code, classification in (("2003", "55301", "MAIN"), ("2008", "56101", "MAIN"),
                                              ("2025", "56110", "MAIN"), ("2008", "47241", "SECO"),
                                              ("2025", "47241", "SECO")):
            yield csv_line((number, "001", version, code, classification))
    elif table == "contact" and index % 5 == 0:
        yield csv_line((number, "ENT", "EMAIL", f"info{index}@example.org"))
