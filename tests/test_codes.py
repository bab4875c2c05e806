from hypothesis import given, strategies as st

from vouchers.codes import (
    ALPHABET,
    BLOCKED_WORDS,
    LENGTH,
    contains_blocked_word,
    format_code,
    generate_code,
    normalize_code,
)


def test_alphabet_has_no_lookalikes():
    assert not set("IJO01") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 31  # 31**16 ~ 2**79


def test_generated_codes_have_the_right_shape_and_are_unique():
    codes = [generate_code() for _ in range(5000)]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert len(code) == LENGTH and set(code) <= set(ALPHABET)
        assert not contains_blocked_word(code)


def test_display_format_groups_of_four():
    assert format_code("ABCDEFGHKLMNPQRS") == "ABCD-EFGH-KLMN-PQRS"


def test_blocked_words_are_refused_also_written_with_digits():
    assert contains_blocked_word("AAAAFUCKAAAAAAAA")
    assert contains_blocked_word("AAAAAAAAAAKVTAAA") is False
    assert contains_blocked_word("AAAAAAAAAAAKUTAA")
    assert contains_blocked_word("AAAAAAAAAAA5EXAA")  # 5EX reads as SEX
    assert all(word.isalpha() for word in BLOCKED_WORDS)


codes = st.text(alphabet=ALPHABET, min_size=LENGTH, max_size=LENGTH)


@given(code=codes, lower=st.booleans(), separator=st.sampled_from(["", "-", " ", " - ", "."]))
def test_normalisation_round_trip(code, lower, separator):
    typed = separator.join(code[i:i + 4] for i in range(0, LENGTH, 4))
    typed = typed.lower() if lower else typed
    assert normalize_code(typed) == code
    assert normalize_code(format_code(code)) == code


@given(st.text(max_size=40))
def test_anything_else_is_not_a_code(text):
    result = normalize_code(text)
    assert result is None or (len(result) == LENGTH and set(result) <= set(ALPHABET))


def test_wrong_length_or_characters_are_not_codes():
    assert normalize_code("ABCD-EFGH-KLMN-PQR") is None
    assert normalize_code("ABCD-EFGH-KLMN-PQRST") is None
    assert normalize_code("ABCD-EFGH-KLMN-PQR0") is None  # zero is not in the alphabet
    assert normalize_code("ABCD-EFGH-KLMN-PQRI") is None
    assert normalize_code("") is None and normalize_code(None) is None
