"""The parsed article the rules read: its text, paragraphs and sentences, Stanza's words mapped to offsets,
and the queries the rules ask of them (a word's head, its dependants by relation, its neighbours; the
words of a span; the passage an offset lies in), in the spirit of spaCy's Doc and Token.

Every word keeps its character span in the text the engine reads (service.quotes.reading), and
`Article.posted_span` takes a span back to the text as posted.
"""
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping, Optional

from service.quotes.reading import Reading

SPACES = re.compile(r"\s*")


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
    children: list = field(default_factory=list)   # indexes of its dependants, in text order
    doc: list = field(default_factory=list, repr=False, compare=False)   # the article's words, for the queries

    @property
    def rel(self) -> str:
        """The deprel without its subtype (obl:agent -> obl)."""
        return self.deprel.split(":")[0]

    @cached_property
    def lower(self):
        """The form in lower case with a plain apostrophe (the rules ask for it often; the form never changes)."""
        return self.text.lower().replace("’", "'")

    def feat(self, name: str) -> Optional[str]:
        return self.feats.get(name)

    # --- queries on the parse (spaCy's Token.head, .children, .nbor) ---------------------------------
    @property
    def head_word(self) -> Optional["Word"]:
        """The word this one depends on, None for a sentence root."""
        return self.doc[self.head] if self.head >= 0 else None

    def dependents(self, *rels: str) -> list:
        """The words that depend on this one, in text order; only those with one of `rels` (deprels without
        their subtype) when given."""
        found = [self.doc[c] for c in self.children]
        return [w for w in found if w.rel in rels] if rels else found

    def has_dependent(self, *rels: str) -> bool:
        return any(self.doc[c].rel in rels for c in self.children)

    def nbor(self, offset: int = 1) -> Optional["Word"]:
        """The word `offset` places away in the article (maybe in another sentence), or None."""
        i = self.index + offset
        return self.doc[i] if 0 <= i < len(self.doc) else None


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
        for i, (_, end) in enumerate(self.paragraphs):
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
            stack.extend(w.dependents())
        return sorted(out, key=lambda w: w.index)
