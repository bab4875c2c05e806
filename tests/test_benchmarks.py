"""`make bench` never leaves figures from two databases side by side in benchmarks/results.json."""
from benchmarks.__main__ import merge

FULL_ON_POSTGRES = {
    "database": {"value": "postgresql", "unit": "engine"},
    "sections": {"value": {"catalogue": "2026-12-01T10:00:00+00:00", "verify": "2026-12-01T10:05:00+00:00"},
                 "unit": "section -> measured at (UTC)"},
    "catalogue.median_ms": {"value": 10.5, "unit": "ms", "section": "catalogue"},
    "catalogue.old_metric": {"value": 1, "unit": "queries", "section": "catalogue"},
    "verify.per_second": {"value": 900.0, "unit": "requests/s", "section": "verify"},
}
CATALOGUE = {"catalogue.median_ms": {"value": 31.0, "unit": "ms", "section": "catalogue"}}


def test_a_partial_run_on_another_database_keeps_only_its_own_figures():
    merged = merge(FULL_ON_POSTGRES, CATALOGUE, database="sqlite3", ran=["catalogue"], at="2026-12-05T16:00:00+00:00")
    assert merged == {**CATALOGUE, "database": {"value": "sqlite3", "unit": "engine"},
                      "sections": {"value": {"catalogue": "2026-12-05T16:00:00+00:00"},
                                   "unit": "section -> measured at (UTC)"}}


def test_a_partial_run_on_the_same_database_replaces_its_sections_figures_only():
    merged = merge(FULL_ON_POSTGRES, CATALOGUE, database="postgresql", ran=["catalogue"],
                   at="2026-12-05T16:00:00+00:00")
    assert merged["catalogue.median_ms"]["value"] == 31.0 and "catalogue.old_metric" not in merged
    assert merged["verify.per_second"]["value"] == 900.0 and merged["database"]["value"] == "postgresql"
    assert merged["sections"]["value"] == {"catalogue": "2026-12-05T16:00:00+00:00",
                                           "verify": "2026-12-01T10:05:00+00:00"}


def test_a_file_written_before_the_database_was_recorded_is_not_mixed_with_a_new_run():
    before = {"catalogue.median_ms": {"value": 9.0, "unit": "ms"}, "verify.per_second": {"value": 1, "unit": "/s"}}
    merged = merge(before, CATALOGUE, database="postgresql", ran=["catalogue"], at="2026-12-05T16:00:00+00:00")
    assert set(merged) == {"catalogue.median_ms", "database", "sections"}
