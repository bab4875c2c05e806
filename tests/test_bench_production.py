"""`make bench`'s production figures: ab's report read right, the catalogue's ratio to the bare page, the
percentile, and Lighthouse's scores named lighthouse.<page>.<category>."""
import pytest

from benchmarks.lighthouse import scores
from benchmarks.production import figures, gnuplot_times, parse_ab, percentile

AB_REPORT = """Benchmarking 127.0.0.1 (be patient).....done

Server Software:        gunicorn
Document Path:          /nl/ondernemingen/
Document Length:        23841 bytes

Concurrency Level:      8
Time taken for tests:   3.002 seconds
Complete requests:      351
Failed requests:        {failed}
{breakdown}Total transferred:      8456400 bytes
{non_2xx}Requests per second:    116.92 [#/sec] (mean)
"""


def ab_report(failed=0, breakdown="", non_2xx=""):
    return AB_REPORT.format(failed=failed, breakdown=breakdown, non_2xx=non_2xx)


def test_ab_report_gives_the_requests_and_the_seconds_they_took():
    assert parse_ab(ab_report()) == (351, 3.002)


def test_answers_of_another_length_are_no_failure():
    breakdown = "   (Connect: 0, Receive: 0, Length: 12, Exceptions: 0)\n"
    assert parse_ab(ab_report(failed=12, breakdown=breakdown)) == (351, 3.002)


@pytest.mark.parametrize("report", [
    ab_report(non_2xx="Non-2xx responses:      351\n"),
    ab_report(failed=2, breakdown="   (Connect: 0, Receive: 0, Length: 0, Exceptions: 2)\n"),
    ab_report(failed=1, breakdown="   (Connect: 1, Receive: 0, Length: 0, Exceptions: 0)\n"),
])
def test_an_error_answer_or_a_failed_request_stops_the_run(report):
    with pytest.raises(RuntimeError, match="/nl/ondernemingen/"):
        parse_ab(report, "/nl/ondernemingen/")


def test_gnuplot_file_gives_each_requests_total_time():
    text = ("starttime\tseconds\tctime\tdtime\tttime\twait\n"
            "Sun Dec 06 21:39:32 2026\t1796593172\t0\t9\t11\t9\n"
            "Sun Dec 06 21:39:32 2026\t1796593172\t1\t6\t7\t6\n")
    assert gnuplot_times(text) == [11, 7]


def test_percentile_is_the_nearest_rank():
    hundred = list(range(100, 0, -1))  # 1..100 in any order
    assert percentile(hundred, 0.99) == 99
    assert percentile(hundred, 0.50) == 50
    assert percentile([*range(1, 200), 1000], 0.99) == 198  # 200 values: the 198th, not the slowest
    assert percentile([5], 0.99) == 5


def test_the_catalogue_is_measured_against_the_bare_page_of_the_same_run():
    measured = {"catalogue": (117.0, [8] * 99 + [30]), "bare": (860.0, [2] * 100), "firm_page": (430.0, [4] * 100)}
    result = figures(measured)
    assert result["catalogue.ratio_to_bare"]["value"] == 0.136
    assert result["firm_page.ratio_to_bare"]["value"] == 0.5
    assert "bare.ratio_to_bare" not in result
    assert result["catalogue.rps"]["value"] == 117.0 and result["bare.rps"]["value"] == 860.0
    assert result["catalogue.p99_ms"]["value"] == 8 and result["catalogue.p50_ms"]["value"] == 8


def report(performance=1.0, accessibility=1.0, best_practices=1.0, seo=1.0):
    return {"categories": {"performance": {"score": performance}, "accessibility": {"score": accessibility},
                           "best-practices": {"score": best_practices}, "seo": {"score": seo}}}


def test_lighthouse_scores_are_named_by_page_and_category_as_the_median_of_the_runs():
    result = scores("catalogue", [report(performance=0.8), report(performance=0.97), report(performance=0.99)])
    assert {name: figure["value"] for name, figure in result.items()} == {
        "lighthouse.catalogue.performance": 0.97, "lighthouse.catalogue.accessibility": 1.0,
        "lighthouse.catalogue.best-practices": 1.0, "lighthouse.catalogue.seo": 1.0}


def test_the_verify_pages_seo_is_left_out():
    assert set(scores("verify", [report(seo=0.6)], left_out=("seo",))) == {
        "lighthouse.verify.performance", "lighthouse.verify.accessibility", "lighthouse.verify.best-practices"}


def test_a_category_lighthouse_could_not_score_is_an_error_not_a_zero():
    with pytest.raises(RuntimeError, match="no accessibility score"):
        scores("home", [report(accessibility=None)])
