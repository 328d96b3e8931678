"""Find the passages between quotation marks in a French article.

French news uses « … » (often with non-breaking or thin spaces inside), “ … ”,
„ … “ and straight " … " marks, with ‘ ’ or " nested inside « ».  Apostrophes
(l'Ukraine, aujourd’hui) are never marks.  A passage never runs past its
paragraph unless the next paragraph reopens with the same mark (the French way
of quoting over several paragraphs), so an unbalanced mark cannot swallow the
rest of the article.  This module works on the text alone, with no parse, in
time linear in the text's length: the « » are paired once, as a stack of open
marks per paragraph, and every other closing mark is looked for with one
forward search.
"""
import re
from dataclasses import dataclass
from typing import Optional

from service.quotes.layout import check_deadline, paragraph_spans

OPEN_TO_CLOSE = {"«": "»", "“": "”", "„": "“", '"': '"'}
MARKS = frozenset(OPEN_TO_CLOSE) | frozenset(OPEN_TO_CLOSE.values())     # every quotation mark
# whitespace French typography puts inside « » (plain, no-break, narrow no-break, thin…)
GUILLEMET = re.compile("[«»]")
INNER_SPACE = " \t\u00a0\u202f\u2009\u2007\u2008\u200a\u200b\u2002\u2003\u2004\u2005\u2006\ufeff"


@dataclass(frozen=True)
class Quoted:
    """One passage between marks: `start`/`end` bound the words, marks and inner spaces excluded."""
    start: int
    end: int
    open_at: int                 # offset of the opening mark
    close_at: Optional[int]      # offset of the closing mark, None when never closed
    mark: str                    # the opening mark
    paragraphs: int = 1          # how many paragraphs the passage runs over
    resumes: bool = False        # the words after an incise set inside the same marks (« …, a-t-il dit, … »)

    @property
    def closed(self):
        return self.close_at is not None

    @property
    def after(self):
        """Offset just after the passage, closing mark included."""
        return self.close_at + 1 if self.close_at is not None else self.end


def _is_word_char(ch):
    return ch.isalnum()


def _straight_opens(text, i):
    """A straight quote opens unless it sits right after a word and before a space or the end."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not (_is_word_char(before) or before in ".!?…,;:)") or not (after.isspace() or after in ".,;:!?)")


def _trim(text, start, end):
    while start < end and (text[start] in INNER_SPACE or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in INNER_SPACE or text[end - 1].isspace()):
        end -= 1
    return start, end


class _Guillemets:
    """The « matching each « of the text, paired as a stack of open marks per paragraph (nested « »
    counted), found in one pass: a « with no » after it in its paragraph has no match."""

    def __init__(self, text, paragraphs):
        self.match = {}
        if "«" not in text:
            return
        for start, end in paragraphs:
            opened = []
            for found in GUILLEMET.finditer(text, start, end):
                if found.group() == "«":
                    opened.append(found.start())
                elif opened:
                    self.match[opened.pop()] = found.start()


def _find_close(text, mark, start, end, guillemets):
    """Offset of the mark closing `mark` in text[start:end], nested marks skipped; None if absent.

    `start` is just after the opening mark and `end` the end of its paragraph; a « nested in
    straight quotes is skipped up to its own », an unclosed one is passed over."""
    if mark == "«":
        close = guillemets.match.get(start - 1)
        return close if close is not None and close < end else None
    closer = OPEN_TO_CLOSE[mark]
    if mark != '"':
        close = text.find(closer, start, end)
        return close if close >= 0 else None
    i, straight = start, text.find('"', start, end)
    while True:
        nested = text.find("«", i, straight if straight >= 0 else end)
        if nested < 0:
            return straight if straight >= 0 else None
        inner = guillemets.match.get(nested)
        i = inner + 1 if inner is not None and inner < end else nested + 1
        if 0 <= straight < i:
            straight = text.find('"', i, end)


def _reopens(text, paragraph, mark):
    """Offset of the mark opening `paragraph` when it reopens a passage with `mark`, else None."""
    start, end = paragraph
    i = start
    while i < end and text[i] in INNER_SPACE:
        i += 1
    if i < end and (text[i] == mark or (mark in "“„" and text[i] in "“„")):
        return i
    return None


def _scan_paragraph(text, paragraphs, index, begin, guillemets):
    """The passages of paragraph `index` from offset `begin`; may run into later paragraphs.

    Returns (passages, next paragraph index to scan, offset to resume at).
    """
    found = []
    p_start, p_end = paragraphs[index]
    i = max(begin, p_start)
    while i < p_end:
        ch = text[i]
        if ch not in OPEN_TO_CLOSE or ch in "»”" or (ch == '"' and not _straight_opens(text, i)):
            i += 1
            continue
        mark, open_at = ch, i
        close = _find_close(text, mark, i + 1, p_end, guillemets)
        span_end, para, count = p_end, index, 1
        while close is None:
            reopen = _reopens(text, paragraphs[para + 1], mark) if para + 1 < len(paragraphs) else None
            if reopen is None:
                break
            para, count = para + 1, count + 1
            span_end = paragraphs[para][1]
            close = _find_close(text, mark, reopen + 1, span_end, guillemets)
        inner_end = close if close is not None else span_end
        start, end = _trim(text, open_at + 1, inner_end)
        if close is None:
            start, end = _trim_unclosed(text, start, end)
        if end > start:
            found.append(Quoted(start, end, open_at, close, mark, count))
        if para != index:
            return found, para, (close + 1 if close is not None else paragraphs[para][1])
        i = (close + 1) if close is not None else p_end
    return found, index + 1, None


def _trim_unclosed(text, start, end):
    """An unclosed passage keeps its final full stop but loses trailing blanks."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_quoted(text, deadline=None):
    """Every passage between quotation marks, in text order (ProcessingTimeout past `deadline`, a
    time.monotonic() value).  Each character is looked at a bounded number of times."""
    if not text:
        return []
    paragraphs = paragraph_spans(text)
    check_deadline(deadline)
    guillemets = _Guillemets(text, paragraphs)
    found, index, resume = [], 0, None
    while index < len(paragraphs):
        check_deadline(deadline)
        passages, next_index, next_resume = _scan_paragraph(text, paragraphs, index, resume or 0, guillemets)
        found.extend(passages)
        if next_resume is not None and next_index < len(paragraphs):
            index, resume = next_index, next_resume
        else:
            index, resume = (next_index if next_index > index else index + 1), None
    return found


def word_count(text):
    return len(re.findall(r"\w+(?:['’-]\w+)*", text))
