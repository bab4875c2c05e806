"""Headers a person reads (the subject, the names in From, To, Cc and Reply-To), written so that every mail
reader, strict or lenient, reads them exactly as the portal wrote them.

Django (5.2, classic email API) encodes a non-ASCII subject as one long RFC 2047 word and the classic generator
then folds it onto a line of its own ("Subject:\\n =?utf-8?q?...?="): strict parsers read a leading space.
Python's modern folder loses or adds spaces around encoded words (CPython 3.11). So this module folds by hand:
ASCII words stay plain, each run of words that needs encoding becomes encoded words, the first word stays on
the header's own line, and a line is folded at a space of the text (the fold's own space replaces it), so
unfolding gives the text back. Only a run of encoded text too long for one line is split into several encoded
words between two characters, which RFC 2047 readers join again.
"""
import re
from email.charset import Charset
from email.header import decode_header, make_header
from email.utils import getaddresses

LINE = 78  # RFC 5322's recommended line length
WORD = 75  # RFC 2047's longest encoded word
UTF8 = Charset("utf-8")
ATEXT = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]*")  # may stand unquoted in a display name
PRINTABLE = re.compile(r"[\x21-\x7e]*")
READABLE_HEADERS = ("Subject", "From", "To", "Cc", "Reply-To")
ADDRESS_HEADERS = {"from", "to", "cc", "reply-to"}
SHORTEST_WORD = 16  # room for an encoded word with a character or two in it


def encoded(text):
    return UTF8.header_encode(text)


def runs(text, plain):
    """The text's words: (True, word) for a plain one, (False, "words to encode") for a run of the others."""
    result = []
    for word in text.split(" "):
        # an empty word (two spaces in a row) next to encoded text is encoded with it: readers drop the spaces
        # between two encoded words
        is_plain = bool(word) and bool(plain.fullmatch(word)) and "=?" not in word
        if not is_plain and result and not result[-1][0]:
            result[-1] = (False, result[-1][1] + " " + word)
        else:
            result.append((is_plain, word))
    return result


class Folder:
    """The lines of one header, filled item by item; each item after a space of the text, or after a fold
    whose leading space stands for it."""

    def __init__(self, name):
        self.lines, self.started = [f"{name}:"], False

    def room(self):
        return LINE - len(self.lines[-1]) - 1

    def add(self, item):
        if self.started and len(item) > self.room() and item:
            self.lines.append("")
        self.lines[-1] += " " + item
        self.started = True

    def add_encoded(self, text):
        """A run as one encoded word if it fits this line or a fresh one, else as pieces that fill the lines."""
        if len(encoded(text)) <= (min(WORD, LINE - 1) if self.started else self.room()):
            self.add(encoded(text))
            return
        while text:
            if self.started and self.room() < SHORTEST_WORD:
                self.lines.append("")
            width = min(WORD, self.room())
            size = 1
            while size < len(text) and len(encoded(text[:size + 1])) <= width:
                size += 1
            self.add(encoded(text[:size]))
            text = text[size:]

    def add_text(self, text, plain):
        for is_plain, words in runs(text, plain):
            if is_plain:
                self.add(words)
            else:
                self.add_encoded(words)


def fold(name, value, linesep="\n"):
    """`Name: value` folded into lines; value is the text, or for addresses a list of (name, address)."""
    folder = Folder(name)
    if name.lower() not in ADDRESS_HEADERS:
        folder.add_text(value, PRINTABLE)
        return linesep.join(folder.lines)
    for index, (display, address) in enumerate(value, start=1):
        if display:
            folder.add_text(re.sub(r"[ \t]+", " ", display.strip(" \t")), ATEXT)
        folder.add((f"<{address}>" if display else address) + ("," if index < len(value) else ""))
    return linesep.join(folder.lines)


def unfolded(value):
    return re.sub(r"\r?\n(?=[ \t])", "", str(value))


def readable(value):
    """A header value as Django's classic API encoded it, back to the text a person reads."""
    return str(make_header(decode_header(unfolded(value))))


class FoldedHeader:
    """A header in the shape Django's classic (compat32) messages write out as is (it has `encode`)."""

    def __init__(self, name, value):
        self.name = name
        if name.lower() in ADDRESS_HEADERS:
            self.value = [(readable(display), address) for display, address in getaddresses([unfolded(value)])]
        else:
            self.value = readable(value)

    def encode(self, linesep="\n", maxlinelen=None, **_):
        return fold(self.name, self.value, linesep)[len(self.name) + 2:]

    def __str__(self):
        if isinstance(self.value, str):
            return self.value
        return ", ".join(f"{display} <{address}>" if display else address for display, address in self.value)
