import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, strategies as st

from regie.formats.numbers import format_enterprise_number, normalize_enterprise_number, normalize_iban


@pytest.mark.parametrize("typed", [
    "0123456749", "0123.456.749", "BE0123456749", "be0123456749", "BE 0123 456 749",
    "BE0123.456.749", "123456749", "123.456.749", " 0123-456-749 ",
])
def test_every_common_notation_is_normalised(typed):
    assert normalize_enterprise_number(typed) == "0123456749"


@pytest.mark.parametrize("typed, code", [
    ("0123456748", "invalid_checksum"),
    ("0123.456.750", "invalid_checksum"),
    ("2123456749", "invalid_start"),
    ("01234A6749", "invalid_format"),
    ("NL0123456749", "invalid_format"),
    ("12345", "invalid_length"),
    ("01234567490", "invalid_length"),
    ("", "required"),
])
def test_wrong_numbers_get_a_clear_error(typed, code):
    with pytest.raises(ValidationError) as error:
        normalize_enterprise_number(typed)
    assert error.value.code == code
    assert str(error.value.messages[0])  # a sentence, not an exception name


def valid_numbers():
    def with_check(base):
        return f"{base:08d}{97 - base % 97:02d}"
    return st.integers(min_value=0, max_value=19_999_999).map(with_check)


@given(number=valid_numbers(), notation=st.sampled_from(["plain", "dots", "be", "be-space", "nine"]))
def test_normalisation_is_a_round_trip_for_every_valid_number(number, notation):
    typed = {
        "plain": number,
        "dots": format_enterprise_number(number),
        "be": "BE" + number,
        "be-space": "BE " + format_enterprise_number(number).replace(".", " "),
        "nine": number[1:] if number.startswith("0") else number,
    }[notation]
    assert normalize_enterprise_number(typed) == number
    assert normalize_enterprise_number(format_enterprise_number(number)) == number


@given(number=valid_numbers(), position=st.integers(0, 9), delta=st.integers(1, 9))
def test_one_wrong_digit_is_always_caught(number, position, delta):
    digits = list(number)
    digits[position] = str((int(digits[position]) + delta) % 10)
    typo = "".join(digits)
    with pytest.raises(ValidationError):
        normalize_enterprise_number(typo)


@given(st.text(max_size=40))
def test_arbitrary_text_never_crashes(text):
    try:
        result = normalize_enterprise_number(text)
    except ValidationError:
        return
    assert len(result) == 10 and result.isdigit() and result[0] in "01"


def test_iban_is_stored_compact_and_checked():
    assert normalize_iban("be71 0961 2345 6769") == "BE71096123456769"
    with pytest.raises(ValidationError):
        normalize_iban("BE71 0961 2345 6768")
