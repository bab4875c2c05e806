"""Cheque codes: 16 characters from an alphabet without look-alikes (about 79 bits).

Shown as XXXX-XXXX-XXXX-XXXX; what people type is normalised (case, spaces, dashes).
"""
import re
import secrets

ALPHABET = "ABCDEFGHKLMNPQRSTUVWXYZ23456789"  # no I, J, O, 0, 1
LENGTH = 16
GROUP = 4
# Words a printed cheque must never show (nl, fr, en), after reading digits as letters.
BLOCKED_WORDS = (
    "FUCK", "SHIT", "CUNT", "DICK", "COCK", "PUSSY", "SLUT", "WHORE", "NAZI", "HITLER", "KUT", "LUL",
    "HOER", "KANKER", "TERING", "TYFUS", "NEGER", "MERDE", "PUTE", "CUL", "CON", "BITE", "SALAUD", "SEX",
    "PORN", "ANAL", "PENIS", "RAPE", "KILL", "DEAD", "HATE", "KKK", "ISIS", "WTF", "FCK", "PUTA",
)
_LOOKALIKES = str.maketrans("2345789", "ZEASTBG")
_SEPARATORS = re.compile(r"[\s\-_.·–—/]+")


def contains_blocked_word(code):
    readable = code.upper().translate(_LOOKALIKES)
    return any(word in code or word in readable for word in BLOCKED_WORDS)


def generate_code():
    """A fresh random code, never containing a blocked word. Uniqueness is the database's job."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if not contains_blocked_word(code):
            return code


def normalize_code(typed):
    """The 16-character code in `typed`, or None when it cannot be a cheque code."""
    code = _SEPARATORS.sub("", str(typed or "")).upper()
    if len(code) != LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code


def format_code(code):
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))
