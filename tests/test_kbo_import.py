"""`manage.py import_kbo`: the enterprise register from KBO open data extracts written in the official layout
(tests/support/kbo_extract.py), and what the application form reads from it (enterprises.register.lookup)."""
import datetime
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from enterprises.register.lookup import find_enterprise, register_loaded
from enterprises.register.models import Activity, Address, Denomination, Enterprise, Establishment, Extract
from tests.factories import PostcodeFactory, SocialEnterpriseFactory
from tests.support import kbo_extract as kbo
from tests.support.kbo_extract import (
    ELSEWHERE,
    NEW_IN_UPDATE,
    SEAT_ELSEWHERE,
    SEAT_IN_AREA,
    SOLE_TRADER,
    STOPPED,
    establishment_number,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def area(db):
    return PostcodeFactory(code="3700")


@pytest.fixture
def firm(area):
    return SocialEnterpriseFactory()


def load(path):
    call_command("import_kbo", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115


def snapshot():
    return [list(model.objects.order_by("pk").values_list()) for model in
            (Extract, Enterprise, Establishment, Denomination, Address, Activity)]


def test_a_full_extract_keeps_the_area_and_the_catalogue_and_records_the_extract(tmp_path, firm):
    load(kbo.sample_full(tmp_path / "KboOpenData_0140_2026_12_Full.zip", catalogue=firm.enterprise_number))
    kept = set(Enterprise.objects.values_list("number", flat=True))
    assert kept == {SEAT_IN_AREA, SOLE_TRADER, STOPPED, SEAT_ELSEWHERE, firm.enterprise_number}
    assert ELSEWHERE not in kept and not Establishment.objects.filter(number=establishment_number(31)).exists()
    extract = register_loaded()
    assert (extract.number, extract.kind, f"{extract.snapshot_date:%d-%m-%Y}") == (140, "full", "27-11-2026")
    assert extract.enterprises == 5 and extract.file_name == "KboOpenData_0140_2026_12_Full.zip"
    assert extract.extract_timestamp == datetime.datetime(2026, 11, 29, 6, 7, 49, tzinfo=datetime.UTC)
    assert not Activity.objects.filter(nace_version="2003").exists()  # only NACE 2008 and 2025 are kept


def test_the_lookup_gives_names_addresses_in_the_area_active_flag_and_nace_codes(tmp_path, area):
    load(kbo.sample_full(tmp_path / "full.zip"))
    bakery = find_enterprise(SEAT_IN_AREA)
    assert bakery.active and not bakery.natural_person and bakery.juridical_form == "610"
    assert bakery.names == {"nl": "Bakkerij De Linde", "fr": "Boulangerie Le Tilleul", "de": "Bäckerei Die Linde"}
    assert [(site.number, site.is_seat) for site in bakery.sites] == [(SEAT_IN_AREA, True),
                                                                     (establishment_number(10), False)]
    seat = bakery.sites[0]
    assert (seat.street["nl"], seat.house_number, seat.box, seat.postcode) == ("Maastrichterstraat", "12", "b", "3700")
    assert bakery.sites[1].names == {"nl": "De Linde 10"}
    assert bakery.nace_codes == {"2008": [("56101", "MAIN"), ("47241", "SECO")],
                                 "2025": [("56110", "MAIN"), ("47241", "SECO")]}
    assert bakery.extract.number == 140


def test_a_sole_trader_has_no_seat_address_and_a_stopped_enterprise_is_not_active(tmp_path, area):
    load(kbo.sample_full(tmp_path / "full.zip"))
    trader = find_enterprise(SOLE_TRADER)
    assert trader.natural_person and trader.seat is None and trader.juridical_form == ""
    assert [(site.number, site.names) for site in trader.sites] == [(establishment_number(20), {"nl": "Frituur Jan"})]
    assert find_enterprise(STOPPED).active is False
    assert find_enterprise(SEAT_ELSEWHERE).seat.in_area is False and len(find_enterprise(SEAT_ELSEWHERE).sites) == 1
    assert find_enterprise(ELSEWHERE) is None


def test_without_a_register_nothing_is_loaded(db):
    assert register_loaded() is None and find_enterprise(SEAT_IN_AREA) is None


def test_an_update_deletes_then_inserts_on_top_of_the_extract_before_it(tmp_path, area):
    load(kbo.sample_full(tmp_path / "full.zip"))
    load(kbo.sample_update(tmp_path / "update.zip"))
    assert find_enterprise(STOPPED) is None and not Address.objects.filter(entity_number=STOPPED).exists()
    assert find_enterprise(SEAT_IN_AREA).names == {"nl": "Bakkerij De Nieuwe Linde"}
    assert find_enterprise(NEW_IN_UPDATE).names == {"nl": "Nieuw BV"}
    assert find_enterprise(SOLE_TRADER).sites  # untouched
    assert register_loaded().number == 141 and register_loaded().kind == "update"


@pytest.mark.parametrize(("update_number", "message"), [(143, "does not follow extract 140"),
                                                        (139, "older than extract 140")])
def test_an_update_with_a_gap_or_an_older_extract_is_refused(tmp_path, area, update_number, message):
    load(kbo.sample_full(tmp_path / "full.zip"))
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        load(kbo.sample_update(tmp_path / "update.zip", number=update_number))
    assert snapshot() == before


def test_an_update_needs_a_full_extract_first(tmp_path, area):
    with pytest.raises(CommandError, match="load a full extract first"):
        load(kbo.sample_update(tmp_path / "update.zip"))


def test_an_older_full_extract_is_refused_and_the_same_one_twice_changes_nothing(tmp_path, area, capsys):
    load(kbo.sample_full(tmp_path / "full.zip"))
    before = snapshot()
    call_command("import_kbo", str(kbo.sample_full(tmp_path / "again.zip")))
    assert "already loaded: nothing changed" in capsys.readouterr().out
    assert snapshot() == before
    with pytest.raises(CommandError, match="extract 139 is older than extract 140"):
        load(kbo.sample_full(tmp_path / "old.zip", number=139))
    assert snapshot() == before


def test_a_truncated_zip_is_refused_with_its_name_and_the_register_unchanged(tmp_path, area):
    load(kbo.sample_full(tmp_path / "full.zip"))
    before = snapshot()
    whole = kbo.sample_full(tmp_path / "new.zip", number=141).read_bytes()
    (tmp_path / "new.zip").write_bytes(whole[: len(whole) // 2])
    with pytest.raises(CommandError, match=r"new\.zip: not a readable zip file .*The register is unchanged"):
        load(tmp_path / "new.zip")
    assert snapshot() == before


def test_a_corrupt_member_names_the_file_and_line(tmp_path, area):
    load(kbo.sample_full(tmp_path / "full.zip"))
    before = snapshot()
    path = kbo.sample_full(tmp_path / "new.zip", number=141)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("activity.csv")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data = bytearray(path.read_bytes())
    data[start + 10: start + 40] = b"\x00" * 30
    path.write_bytes(bytes(data))
    with pytest.raises(CommandError, match=r"activity\.csv, line \d+: .*(corrupt|CSV)"):
        load(path)
    assert snapshot() == before


def test_a_missing_column_names_the_file_and_line_one(tmp_path, area):
    load(kbo.sample_full(tmp_path / "full.zip"))
    before = snapshot()
    with pytest.raises(CommandError, match=r"denomination\.csv, line 1: column TypeOfDenomination missing"):
        load(kbo.sample_full(tmp_path / "new.zip", number=141, drop_column=("denomination", "TypeOfDenomination")))
    assert snapshot() == before


def test_a_bad_value_names_the_file_and_line(tmp_path, area):
    extract = kbo.Extract()
    extract.enterprise(SEAT_IN_AREA)
    extract.address(SEAT_IN_AREA, "3700")
    extract.tables["enterprise"].append((kbo.dotted(STOPPED), "AC", "000", "2", "610", None, "31-02-2020"))
    extract.address(STOPPED, "3700")
    with pytest.raises(CommandError, match=r"enterprise\.csv, line 3: '31-02-2020' is not a date dd-mm-yyyy"):
        load(extract.write(tmp_path / "bad.zip"))
    assert register_loaded() is None and not Enterprise.objects.exists()


def test_a_code_longer_than_the_cookbook_allows_names_the_file_and_line(tmp_path, area):
    extract = kbo.Extract()
    extract.enterprise(SEAT_IN_AREA)
    extract.address(SEAT_IN_AREA, "3700")
    extract.tables["enterprise"].append((kbo.dotted(STOPPED), "ACTIVE", "000", "2", "610", None, "01-02-2020"))
    extract.address(STOPPED, "3700")
    with pytest.raises(CommandError, match=r"enterprise\.csv, line 3: Status 'ACTIVE' is longer than 2 characters"):
        load(extract.write(tmp_path / "bad.zip"))
    assert register_loaded() is None and not Enterprise.objects.exists()


def test_another_kind_of_extract_is_refused(tmp_path, area):
    with zipfile.ZipFile(tmp_path / "hergebruik.zip", "w") as archive:
        archive.writestr("D20261127.xml", "<Enterprises/>")
    with pytest.raises(CommandError, match=r"meta\.csv: missing from the zip: this is not a KBO Open Data"):
        load(tmp_path / "hergebruik.zip")
    with pytest.raises(CommandError, match=r"meta\.csv: update extract 140 needs"):
        load(kbo.Extract(kind="update").write(tmp_path / "update.zip"))
    assert register_loaded() is None


def test_the_timer_loads_the_newest_full_extract_in_kbo_dir(tmp_path, area, monkeypatch, capsys):
    kbo.sample_full(tmp_path / "KboOpenData_0139_2026_11_Full.zip", number=139)
    kbo.sample_full(tmp_path / "KboOpenData_0140_2026_12_Full.zip", number=140)
    kbo.sample_full(tmp_path / "KboOpenData_0142_2026_12_07_Full.zip", number=142)  # named by the day since 10/2025
    kbo.sample_update(tmp_path / "KboOpenData_0141_2026_12_Update.zip")
    monkeypatch.setenv("KBO_DIR", str(tmp_path))
    call_command("import_kbo")
    assert register_loaded().number == 142 and "Loaded KBO extract 142" in capsys.readouterr().out
    monkeypatch.setenv("KBO_DIR", str(tmp_path / "empty"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError, match=r"no KboOpenData_<n>_<yyyy>_<mm>\[_<dd>\]_Full\.zip in it"):
        call_command("import_kbo")
    monkeypatch.delenv("KBO_DIR")
    call_command("import_kbo")
    assert "KBO_DIR is not set" in capsys.readouterr().out


def test_the_benchmarks_generated_extract_loads_one_enterprise_in_ten(tmp_path, area):
    written = kbo.generated_full(tmp_path / "big.zip", 200, area=("3700",))
    load(tmp_path / "big.zip")
    extract = register_loaded()
    assert extract.enterprises == 20 and extract.establishments == 20  # index 0, 10, 20...: each has one
    assert extract.rows_read == written - 40  # every row but contact.csv's (not read) counts once
