"""The Nu Html Checker fixture fails the test when vnu did not really check the pages (a crash, a JVM that
does not start, a file it skipped), instead of reporting "no errors"."""
import os

import pytest

pytestmark = pytest.mark.browser  # runs where the HTML check runs (needs Java and vnu.jar)
VALID = '<!DOCTYPE html><html lang="nl"><head><title>Pagina</title></head><body><main><p>Goed</p></main></body></html>'


@pytest.fixture
def pages(tmp_path):
    (tmp_path / "a_valid.html").write_text(VALID, encoding="utf-8")
    return tmp_path


def test_a_valid_page_has_no_errors_and_an_invalid_one_has(vnu, pages):
    assert vnu(pages) == []
    (pages / "b_invalid.html").write_text(VALID.replace("<p>Goed</p>", "<p><div>Fout</p>"), encoding="utf-8")
    errors = vnu(pages)
    assert errors and all(error.startswith("b_invalid.html:1: ") for error in errors)


def test_a_file_the_checker_cannot_read_fails_the_test(vnu, pages):
    (pages / "b_gone.html").symlink_to(pages / "nowhere.html")  # listed, but nothing to read
    with pytest.raises(pytest.fail.Exception, match="checked 1 of the 2 files"):
        vnu(pages)


@pytest.mark.parametrize("java", [
    "#!/bin/sh\necho 'Error occurred during initialization of VM' >&2\nexit 1\n",  # no JSON report
    "#!/bin/sh\nexit 137\n",  # killed
    "#!/bin/sh\nexit 0\n",  # says nothing, checks nothing
])
def test_a_checker_that_does_not_run_fails_the_test(request, monkeypatch, pages, tmp_path_factory, java):
    bin_dir = tmp_path_factory.mktemp("bin")
    (bin_dir / "java").write_text(java)
    (bin_dir / "java").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    check = request.getfixturevalue("vnu")
    with pytest.raises(pytest.fail.Exception, match="did not check the pages"):
        check(pages)
