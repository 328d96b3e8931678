"""The text the engine reads, and the way back from its offsets to the text as posted.

The engine reads the posted text with its accents composed (Unicode NFC: text
copied from a PDF or a Mac often writes « é » as « e » and a combining accent,
which the models and the word lists would not know), the invisible characters
that web pages put inside words left out (soft hyphens, zero-width spaces,
word joiners), the hyphens of typesetting (« a‑t‑il » with non-breaking
hyphens) written as plain ones, and its line wraps made spaces (layout.py).
Answers are cut from the posted text: every offset the engine finds goes
back through `posted_offset`.
"""
import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

from service.quotes.layout import unwrap

INVISIBLE = "\u00ad\u200b\u2060\ufeff"
HYPHENS = "\u2010\u2011"
TO_FOLD = re.compile(f"[{INVISIBLE}{HYPHENS}]")
FOLDED = str.maketrans({**{c: None for c in INVISIBLE}, **{c: "-" for c in HYPHENS}})


@dataclass(frozen=True)
class Reading:
    text: str                        # what the engine reads
    posted: str                      # the text as posted
    starts: Optional[tuple] = None   # the posted offset of each character of `text`; None when they line up

    def posted_offset(self, offset):
        """The posted offset of `offset` in the text read (a start, or an exclusive end)."""
        if self.starts is None:
            return offset
        return self.starts[offset] if offset < len(self.starts) else len(self.posted)


def _clusters(text):
    """(start, characters) of each base character with the combining marks that follow it (a mark after
    a space or a line break stands alone: no accent composes with them)."""
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]) or text[i - 1].isspace():
            yield start, text[start:i]
            start = i


def composed(text):
    """The text with its accents composed and invisible characters and typeset hyphens folded, and the
    posted offset of each of its characters (None when there was nothing to change)."""
    if unicodedata.is_normalized("NFC", text) and not TO_FOLD.search(text):
        return text, None
    parts, starts = [], []
    for start, cluster in _clusters(text):
        folded = unicodedata.normalize("NFC", cluster).translate(FOLDED)
        parts.append(folded)
        starts.extend([start] * len(folded))
    return "".join(parts), tuple(starts)


def read(posted):
    """The Reading of a posted text."""
    text, starts = composed(posted)
    return Reading(text=unwrap(text), posted=posted, starts=starts)
