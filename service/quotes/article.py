"""An article as the engine sees it: its text, paragraphs, and Stanza's words mapped to offsets.

The article is parsed once, paragraph by paragraph (a line break ends a
paragraph, so a heading never glues onto the next sentence; the breaks of a
hard-wrapped paragraph are spaces to the engine: layout.py); every word keeps
its character span in the text the engine reads (reading.py), and
`posted_span` takes a span back to the text as posted.
"""
import re
import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import Mapping, Optional

from service.quotes.repairs import repair_compound_tenses
from service.quotes.layout import paragraph_spans
from service.quotes.marks import find_quoted
from service.quotes.reading import Reading, read
from service.quotes.model import ProcessingTimeout

PARSE_BATCH_CHARS = 30000    # characters handed to Stanza per call; the deadline is checked between calls
MAX_UNIT_CHARS = 2500        # a longer paragraph is cut at a sentence end (else a space) before parsing,
                             # so that text with no full stops never makes one huge sentence for the parser
MAX_UNIT_TOKENS = 400        # (words and punctuation marks): the parser's cost grows with the square
TOKEN = re.compile(r"\w+|[^\w\s]")
SPACES = re.compile(r"\s*")
SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\bMM)(?<!\bMme)(?<!\bDr)[.!?…][»”\"’)]*(?:\s+|(?=[«“\"]?[A-ZÀ-Ý]))")


@dataclass
class Word:
    """One syntactic word (a contraction like « du » gives two words sharing one span)."""
    index: int                   # position in the article's word list
    text: str
    lemma: str
    upos: str
    feats: Mapping               # read-only, shared by the words with the same features
    deprel: str
    head: int                    # index of the head word, -1 for a sentence root
    start: int
    end: int
    sentence: int
    paragraph: int
    children: list = field(default_factory=list)

    @property
    def rel(self):
        """The deprel without its subtype (obl:agent -> obl)."""
        return self.deprel.split(":")[0]

    @cached_property
    def lower(self):
        """The form in lower case with a plain apostrophe (the rules ask for it often; the form never changes)."""
        return self.text.lower().replace("’", "'")

    def feat(self, name):
        return self.feats.get(name)


@dataclass
class Sentence:
    index: int
    paragraph: int
    first: int                   # index of its first word
    last: int                    # index of its last word (inclusive)
    start: int
    end: int


@dataclass
class Article:
    text: str                    # as the engine reads it (reading.py)
    date: Optional[str]
    paragraphs: list             # (start, end) per paragraph
    words: list = field(default_factory=list)
    sentences: list = field(default_factory=list)
    quoted: list = field(default_factory=list)
    reading: Optional[Reading] = None  # the way back to the text as posted, which answers are cut from
    _starts: Optional[list] = field(default=None, repr=False, compare=False)
    _passages: Optional[tuple] = field(default=None, repr=False, compare=False)

    @property
    def posted(self):
        return self.reading.posted if self.reading is not None else self.text

    def posted_span(self, start, end):
        """A span of the text read, as offsets into the text as posted."""
        if self.reading is None:
            return start, end
        return self.reading.posted_offset(start), self.reading.posted_offset(end)

    def sentence_of(self, word):
        return self.sentences[word.sentence]

    def sentence_words(self, sentence):
        return self.words[sentence.first:sentence.last + 1]

    def paragraph_at(self, offset):
        for i, (start, end) in enumerate(self.paragraphs):
            if offset < end:
                return i
        return max(0, len(self.paragraphs) - 1)

    # --- lookups by offset (words and passages are in text order; long articles need bisection) ---
    def _word_starts(self):
        if self._starts is None or len(self._starts) != len(self.words):
            self._starts = [w.start for w in self.words]
        return self._starts

    def words_between(self, start, end):
        """The words lying wholly within [start, end)."""
        out = []
        for word in self.words[bisect_left(self._word_starts(), start):]:
            if word.start >= end:
                break
            if word.end <= end:
                out.append(word)
        return out

    def words_starting_in(self, start, end):
        """The words whose first character lies in [start, end)."""
        starts = self._word_starts()
        return self.words[bisect_left(starts, start):bisect_left(starts, end)]

    def words_from(self, start, count):
        """The first `count` words starting at or after `start`."""
        first = bisect_left(self._word_starts(), start)
        return self.words[first:first + count]

    def last_word_ending_by(self, offset):
        """The last word that ends at or before `offset`, or None."""
        candidates = self.words[:bisect_right(self._word_starts(), offset)]
        return next((w for w in reversed(candidates) if w.end <= offset), None)

    def sentence_at(self, offset):
        """The sentence whose span holds `offset`, or None."""
        return next((s for s in self.sentences if s.start <= offset < s.end), None)

    def end_before_spaces(self, offset):
        """`offset` moved back over the whitespace right before it."""
        while offset > 0 and self.text[offset - 1].isspace():
            offset -= 1
        return offset

    def start_after_spaces(self, offset):
        """`offset` moved forward over the whitespace at it."""
        return SPACES.match(self.text, offset).end()

    def in_passage(self, offset):
        """Whether `offset` lies between a passage's opening mark and the end of its closing one."""
        if self._passages is None or self._passages[0] is not self.quoted:
            self._passages = (self.quoted, [q.open_at for q in self.quoted])
        quoted, opens = self._passages
        i = bisect_right(opens, offset) - 1
        return i >= 0 and offset < quoted[i].after

    def subtree(self, word):
        """The word and all its dependants, in text order."""
        out, stack = [], [word]
        while stack:
            w = stack.pop()
            out.append(w)
            stack.extend(self.words[c] for c in w.children)
        return sorted(out, key=lambda w: w.index)


@lru_cache(maxsize=4096)
def _feats(raw):
    """The features of a « Gender=Masc|Number=Sing » string, read-only: one mapping serves every word
    with that string (an article repeats a few hundred of them)."""
    if not raw:
        return MappingProxyType({})
    return MappingProxyType(dict(item.split("=", 1) for item in raw.split("|") if "=" in item))


CLOSING_MARKS = {"»", "”"}


def _closing_marks_only(stanza_sentence):
    return all(token.text in CLOSING_MARKS for token in stanza_sentence.tokens)


def _close_previous_sentence(article, stanza_sentence, offset):
    """« … capituler. » cut as « … capituler. » + « » »: the mark ends the sentence before, as punctuation
    of its root."""
    previous = article.sentences[-1]
    root = next(w for w in article.sentence_words(previous) if w.head < 0)
    for token in stanza_sentence.tokens:
        word = Word(index=len(article.words), text=token.text, lemma=token.text, upos="PUNCT", feats=_feats(None),
                    deprel="punct", head=root.index, start=token.start_char + offset,
                    end=token.end_char + offset, sentence=previous.index, paragraph=previous.paragraph)
        article.words.append(word)
        root.children.append(word.index)
    previous.last, previous.end = len(article.words) - 1, article.words[-1].end


def _add_sentence(article, stanza_sentence, offset, paragraph):
    if article.sentences and article.sentences[-1].paragraph == paragraph and \
            _closing_marks_only(stanza_sentence):
        _close_previous_sentence(article, stanza_sentence, offset)
        return
    base = len(article.words)
    s_index = len(article.sentences)
    for token in stanza_sentence.tokens:
        t_start, t_end = token.start_char + offset, token.end_char + offset
        for word in token.words:
            head = word.head or 0
            article.words.append(Word(
                index=len(article.words), text=word.text or "",
                lemma=(word.lemma or word.text or ""), upos=word.upos or "X", feats=_feats(word.feats),
                deprel=word.deprel or "dep", head=base + head - 1 if head > 0 else -1,
                start=t_start, end=t_end, sentence=s_index, paragraph=paragraph))
    if len(article.words) == base:
        return
    for w in article.words[base:]:
        if not (base <= w.head < len(article.words)):
            w.head = -1
        if w.head >= 0:
            article.words[w.head].children.append(w.index)
    first, last = base, len(article.words) - 1
    article.sentences.append(Sentence(s_index, paragraph, first, last,
                                      article.words[first].start, article.words[last].end))


def _unit_limit(text, start, end):
    """Offset where a unit starting at `start` must stop: MAX_UNIT_CHARS or MAX_UNIT_TOKENS reached."""
    limit = min(end, start + MAX_UNIT_CHARS)
    for count, match in enumerate(TOKEN.finditer(text, start, limit)):
        if count >= MAX_UNIT_TOKENS:
            return match.start()
    return limit


def _cut_points(text, start, end):
    """Offsets cutting text[start:end] into units the parser handles well, at sentence ends if possible."""
    cuts = []
    while True:
        limit = _unit_limit(text, start, end)
        if limit >= end:
            return cuts
        window = text[start:limit]
        floor = (limit - start) // 3
        ends = [m.end() for m in SENTENCE_END.finditer(window) if m.end() > floor]
        if ends:
            cut = start + ends[-1]
        else:
            space = max(window.rfind(" "), window.rfind("\t"))
            cut = start + space + 1 if space > floor else limit
        cuts.append(cut)
        start = cut


# a sentence end glued to the next sentence (« …du pays."Nous resterons », « (OTAN).Le sommet »), as text
# copied from web pages often has it: the parser gets the two sentences apart
GLUED_SENTENCES = re.compile(r"(?<!\b[A-Z])(?<!\bMM)(?<!\bMme)(?<!\bDr)(?:(?<=[a-zà-ÿ0-9)»”\"%])|(?<=[A-Z]{2}))[.!?…][»”]?(?=[«“\"]?[A-ZÀ-Ý])")


# « - "Un front figé" -Le ministre » : a heading set off by dashes, glued to the next sentence
GLUED_HEADING = re.compile(r"(?<=[\s\"»”])[-–—](?=[A-ZÀ-Ý])")


# « … pas à capituler. » Le dirigeant … »: a sentence that ends inside marks ends after the closing mark; the
# tokenizer sometimes gives that mark to the next sentence, which cuts the passage off its own sentence
QUOTED_SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\bMM)(?<!\bMme)(?<!\bDr)[.!?…]\s*[»”](?=\s+[«“]?[A-ZÀ-Ý])")


def _glued_points(text, start, end):
    points = {m.end() for m in GLUED_SENTENCES.finditer(text, start, end)}
    points |= {m.end() for m in GLUED_HEADING.finditer(text, start, end)}
    points |= {m.end() for m in QUOTED_SENTENCE_END.finditer(text, start, end)}
    return sorted(p for p in points if start < p < end)


def parse_units(article):
    """The pieces of the article handed to Stanza: (paragraph index, offset, text)."""
    units = []
    for i, (start, end) in enumerate(article.paragraphs):
        bounds = [start]
        for cut in _glued_points(article.text, start, end) + [end]:
            bounds.extend(_cut_points(article.text, bounds[-1], cut) + [cut])
        units.extend((i, a, article.text[a:b]) for a, b in zip(bounds, bounds[1:])
                     if b > a and article.text[a:b].strip())
    return units


def new_article(text, date=None):
    reading = read(text)
    return Article(text=reading.text, date=date, paragraphs=paragraph_spans(reading.text),
                   quoted=find_quoted(reading.text), reading=reading)


def attach_parse(article, units, documents):
    """Fill the article's words and sentences from the Stanza documents of its units."""
    for (paragraph, offset, _), doc in zip(units, documents):
        for sentence in doc.sentences:
            _add_sentence(article, sentence, offset, paragraph)
    repair_compound_tenses(article)


def check_deadline(deadline):
    if deadline is not None and time.monotonic() > deadline:
        raise ProcessingTimeout("the article took longer than the processing time limit")


def parse_articles(articles, pipeline, deadline=None):
    """Parse every article's paragraphs through Stanza, in batches, checking the deadline between.

    A batch never mixes two articles: the int8 LSTMs scale their inputs per batch, so an article
    parsed beside others could come out slightly differently than alone (and batching articles
    together bought nothing measurable on a CPU)."""
    from service.nlp import parse

    for article in articles:
        units, docs = parse_units(article), []
        for batch in _batches(units):
            check_deadline(deadline)
            docs += parse([unit[2] for unit in batch], pipeline)
        attach_parse(article, units, docs)
    check_deadline(deadline)
    return articles


def _batches(units):
    """Consecutive units, about PARSE_BATCH_CHARS characters per batch."""
    batch, size = [], 0
    for unit in units:
        batch.append(unit)
        size += len(unit[2])
        if size >= PARSE_BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch
