"""German text normalisation and sentence splitting for evidence matching.

Normalised text is casefolded, umlauts and ß are written out (ä → ae, ß → ss, so "Bürger" and
"Buerger" are the same word), other accents are dropped, soft hyphens disappear and every run of
characters that is not a letter or digit becomes one space. Newlines are kept, so a position in
the normalised text still tells its line. Rule phrases and page text go through the same
function, so "Online-Termin", "Online Termin" and "ONLINE-TERMIN" all compare equal.
"""

from __future__ import annotations

import re
import unicodedata

# str.replace is much faster than str.translate with multi-character replacements; casefold
# already turns ß into ss.
_FOLD = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("\u00ad", ""), ("\u200b", ""))
_KEEP = "abcdefghijklmnopqrstuvwxyz0123456789\n"
_ASCII_SEPARATORS = str.maketrans({chr(c): " " for c in range(128) if chr(c) not in _KEEP})
_COMBINING_RE = re.compile(r"[\u0300-\u036f]+")
_SPACES_RE = re.compile(r"  +")
_LINE_SPACES_RE = re.compile(r" ?\n ?")
# "Digitali-\nsierung": a word broken at the end of a line continues in lower case.
_HYPHENATION_RE = re.compile(r"(?<=[a-zäöüß])[-\u00ad][ \t]*\n\s*(?=[a-zäöüß])")
_SOFT_HYPHEN_RE = re.compile("[\u00ad\u200b]")

# A sentence ends at . ! ? followed by space and an upper-case letter, digit or quote.
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ0-9\"„'(])")
# Abbreviations after which a full stop does not end the sentence ("z. B. das WLAN").
_ABBREVIATION_END_RE = re.compile(
    r"(?:\b\w|\bbzw|\bca|\bnr|\bstr|\bdr|\bvgl|\bggf|\binkl|\busw|\betc|\bevtl|\bsog|\btel"
    r"|\babs|\bbspw|\bzzgl|\bbzgl|\bhrsg|\bst|\bgem|\bjan|\bfeb|\bmrz|\bapr|\bjun|\bjul"
    r"|\baug|\bsept?|\bokt|\bnov|\bdez)\.$",
    re.IGNORECASE,
)


def normalise(text: str) -> str:
    """``text`` folded for comparison; idempotent; newlines kept, other separators one space."""
    text = unicodedata.normalize("NFC", text).casefold()
    if not text.isascii():
        for umlaut, written_out in _FOLD:
            text = text.replace(umlaut, written_out)
        if not text.isascii():  # drop accents (é → e); other signs (–, „, €) separate words
            text = _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text))
            text = text.encode("ascii", "replace").decode("ascii")
    text = _SPACES_RE.sub(" ", text.translate(_ASCII_SEPARATORS))
    return _LINE_SPACES_RE.sub("\n", text).strip(" ")


def join_hyphenation(text: str) -> str:
    """Undo words broken across lines ("Digitali-\\nsierung") and drop soft hyphens."""
    if "-" in text and "\n" in text:
        text = _HYPHENATION_RE.sub("", text)
    if "\u00ad" in text or "\u200b" in text:
        text = _SOFT_HYPHEN_RE.sub("", text)
    return text


def sentences(line: str) -> list[str]:
    """The sentences of one line of text; abbreviations ("z. B.", "Nr.") do not end one."""
    pieces = _SENTENCE_END_RE.split(line.strip())
    out: list[str] = []
    for piece in pieces:
        if out and _ABBREVIATION_END_RE.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return [s for s in out if s]
