"""The layout of a posted article: which line breaks end a paragraph and which only wrap a line.

Articles arrive one paragraph per line, with blank lines between paragraphs, or
hard-wrapped at a fixed width (plain-text wires, e-mails, text copied from a
PDF).  The engine treats a line break as the end of a paragraph (a heading never
glues onto the next sentence, an unbalanced mark never runs past it), so the
breaks of a hard-wrapped paragraph are first turned into spaces.  A break only
wraps the line when
  - the text is wrapped at a width (most lines that go on to another line
    come close to the longest of them, and most of those stop mid-sentence,
    which lines that each hold a paragraph do not) and the next line's first
    word would not have fitted on this one, as a wrapping tool decides; or
  - the sentence visibly goes on: the line ends with a comma or a word that
    cannot end one (« la », « de », « que »…), or the next line opens in lower
    case or with punctuation that closes something (« , », « : », « » »…).
The analysis text keeps the posted text's length, so every offset holds for both.
Every step is linear in the text's length.
"""
import re
import time
from statistics import median

from service.quotes.model import ProcessingTimeout

PARAGRAPH_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
LINE = re.compile(r"[^\r\n\u2028\u2029]*(?:\r\n|\r|\n|\u2028|\u2029|$)")
FIRST_WORD = re.compile(r"\S+")
SENTENCE_END = ".!?…"
CLOSING = "»”\"')"
CONTINUING_PUNCTUATION = ",;:.!?…)]»”"
# words a sentence or a heading never ends on: articles, prepositions, conjunctions, clitics
FUNCTION_WORDS = frozenset("""le la les l' un une des du de d' à au aux en et ou ni mais que qu' qui dont où
    pour par sur sous dans avec sans chez vers entre contre selon ce cet cette ces son sa ses leur leurs mon
    ma mes ton ta tes notre nos votre vos ne n' se s' si très""".split())
LAST_WORD = re.compile(r"(\w+'?|\S)\s*$")
# LAST_WORD is matched on the end of a line only: anchored at the end, a search over a whole line of
# word characters followed by a stop would retry every start (quadratic); no function word is this long.
LAST_WORD_WINDOW = 64
MAX_WRAP_WIDTH = 160        # longer lines are paragraphs, not wrapped lines
MIN_WRAP_WIDTH = 30
WRAPPED_SHARE = 0.5         # share of the lines going on to another that must look wrapped, both ways
OUTLIER = 1.25              # a line longer than this times the median does not set the width (a URL, a title)


def check_deadline(deadline):
    """ProcessingTimeout once time.monotonic() is past `deadline` (None: no limit)."""
    if deadline is not None and time.monotonic() > deadline:
        raise ProcessingTimeout("the article took longer than the processing time limit")


def paragraph_spans(text):
    """(start, end) of each non-blank line of the text: a line break ends a paragraph."""
    spans, start = [], 0
    for match in PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _lines(text):
    """(start, content end, break end) of each line; the break is empty on the last line."""
    out = []
    for match in LINE.finditer(text):
        if match.start() == len(text) and out:
            break
        line = match.group()
        content = line.rstrip("\r\n\u2028\u2029")
        out.append((match.start(), match.start() + len(content), match.end()))
    return out


def _followed_pairs(text, lines):
    """(line, next line) for each line that goes straight on to a non-blank line."""
    return [(a, b) for a, b in zip(lines, lines[1:])
            if text[a[0]:a[1]].strip() and text[b[0]:b[1]].strip()]


def _width(text, pairs):
    lengths = [len(text[a[0]:a[1]].rstrip()) for a, _ in pairs]
    if len(lengths) < 2:
        return None
    usual = median(lengths)
    width = max(n for n in lengths if n <= OUTLIER * usual)
    return width if MIN_WRAP_WIDTH <= width <= MAX_WRAP_WIDTH else None


def _ends_a_sentence(text, line):
    return text[line[0]:line[1]].rstrip().rstrip(CLOSING).endswith(tuple(SENTENCE_END))


def _next_word_overflows(text, line, following, width):
    word = FIRST_WORD.search(text, following[0], following[1])
    return word is not None and len(text[line[0]:line[1]].rstrip()) + 1 + len(word.group()) > width


def _wrapped_at(text, pairs):
    """The width the text is wrapped at, or None when its lines are not wrapped."""
    width = _width(text, pairs)
    if width is None:
        return None
    overflowing = [a for a, b in pairs if _next_word_overflows(text, a, b, width)]
    mid_sentence = [a for a in overflowing if not _ends_a_sentence(text, a)]
    wrapped = len(overflowing) >= WRAPPED_SHARE * len(pairs) and len(mid_sentence) >= WRAPPED_SHARE * len(overflowing)
    return width if wrapped else None


def _sentence_goes_on(text, line, following):
    """Whether the words on either side of the break show the sentence going on."""
    before = text[line[0]:line[1]].rstrip()
    after = text[following[0]:following[1]].lstrip()
    if not before or not after:
        return False
    last = LAST_WORD.search(before[-LAST_WORD_WINDOW:])
    return (before[-1] == "," or (last is not None and last.group(1).lower().replace("’", "'") in FUNCTION_WORDS)
            or after[0] in CONTINUING_PUNCTUATION
            or (after[0].islower() and before[-1] not in SENTENCE_END))


def soft_breaks(text):
    """The (start, end) of each line break that only wraps a line."""
    pairs = _followed_pairs(text, _lines(text))
    width = _wrapped_at(text, pairs)
    return [(a[1], a[2]) for a, b in pairs
            if _sentence_goes_on(text, a, b) or
            (width is not None and _next_word_overflows(text, a, b, width))]


def unwrap(text, deadline=None):
    """The text with the line breaks that only wrap a line turned into spaces (same length)."""
    breaks = soft_breaks(text)
    check_deadline(deadline)
    if not breaks:
        return text
    chars = list(text)
    for start, end in breaks:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
