"""The text the engine reads, and the way back from its offsets to the text as posted.

The engine reads the posted text with its accents composed (Unicode NFC: text
copied from a PDF or a Mac often writes « é » as « e » and a combining accent,
which the models and the word lists would not know), the invisible characters
that web pages put inside words left out (soft hyphens, zero-width spaces,
word joiners), the hyphens of typesetting (« a‑t‑il » with non-breaking
hyphens) written as plain ones, and its line wraps made spaces (layout.py).
Answers are cut from the posted text: every offset the engine finds goes
back through `posted_offset`.

Every step is linear in the text's length: a character carrying more combining
marks than any script writes (MAX_CLUSTER, after Unicode's stream-safe limit of
30) is composed in pieces, since putting marks in canonical order costs the
square of their number.
"""
import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

from service.quotes.layout import check_deadline, unwrap

INVISIBLE = "\u00ad\u200b\u2060\ufeff"
HYPHENS = "\u2010\u2011"
TO_FOLD = re.compile(f"[{INVISIBLE}{HYPHENS}]")
MAX_CLUSTER = 32
DEADLINE_EVERY = 4096        # clusters composed between two looks at the deadline
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
    a space or a line break stands alone: no accent composes with them); a cluster is cut every
    MAX_CLUSTER characters."""
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]) or text[i - 1].isspace() \
                or i - start >= MAX_CLUSTER:
            yield start, text[start:i]
            start = i


def composed(text, deadline=None):
    """The text with its accents composed and invisible characters and typeset hyphens folded, and the
    posted offset of each of its characters (None when there was nothing to change)."""
    if unicodedata.is_normalized("NFC", text) and not TO_FOLD.search(text):
        return text, None
    parts, starts = [], []
    for count, (start, cluster) in enumerate(_clusters(text)):
        if count % DEADLINE_EVERY == 0:
            check_deadline(deadline)
        folded = unicodedata.normalize("NFC", cluster).translate(FOLDED)
        parts.append(folded)
        starts.extend([start] * len(folded))
    return "".join(parts), tuple(starts)


def read(posted, deadline=None):
    """The Reading of a posted text (ProcessingTimeout past `deadline`, a time.monotonic() value)."""
    text, starts = composed(posted, deadline)
    check_deadline(deadline)
    return Reading(text=unwrap(text, deadline), posted=posted, starts=starts)
