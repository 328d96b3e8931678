"""From an article's text to its parsed Article: read, cut into paragraphs and units, parsed once by Stanza.

The article is parsed paragraph by paragraph (a line break ends a paragraph, so a heading never glues
onto the next sentence; the breaks of a hard-wrapped paragraph are spaces to the engine:
service.quotes.layout); a long paragraph is cut at sentence ends first, and the parse is mended where
the tagger misreads French (service.quotes.parse.repairs).
"""
import re
import time
from functools import lru_cache
from types import MappingProxyType
from typing import Optional

from service.quotes.french import NOT_AFTER_ABBREVIATION
from service.quotes.layout import paragraph_spans
from service.quotes.marks import find_quoted
from service.quotes.model import ProcessingTimeout
from service.quotes.parse.article import Article, Sentence, Word
from service.quotes.parse.repairs import repair_compound_tenses
from service.quotes.reading import read

PARSE_BATCH_CHARS = 30000    # characters handed to Stanza per call; the deadline is checked between calls


MAX_UNIT_CHARS = 2500        # a longer paragraph is cut at a sentence end (else a space) before parsing,
                             # so that text with no full stops never makes one huge sentence for the parser


MAX_UNIT_TOKENS = 400        # (words and punctuation marks): the parser's cost grows with the square


TOKEN = re.compile(r"\w+|[^\w\s]")


SENTENCE_END = re.compile(NOT_AFTER_ABBREVIATION + r"[.!?…][»”\"’)]*(?:\s+|(?=[«“\"]?[A-ZÀ-Ý]))")


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


def _attach_marks(article, root, marks):
    for word in marks:
        word.head = root.index
        root.children.append(word.index)


def _close_previous_sentence(article, stanza_sentence, offset, demand):
    """« … capituler. » cut as « … capituler. » + « » »: the mark ends the sentence before, as punctuation
    of its root."""
    previous = article.sentences[-1]
    marks = []
    for token in stanza_sentence.tokens:
        word = Word(index=len(article.words), text=token.text, lemma=token.text, upos="PUNCT", feats=_feats(None),
                    deprel="punct", head=-1, start=token.start_char + offset,
                    end=token.end_char + offset, sentence=previous.index, paragraph=previous.paragraph,
                    doc=article.words)
        article.words.append(word)
        marks.append(word)
    previous.last, previous.end = len(article.words) - 1, article.words[-1].end
    if demand is not None and demand.pending(previous.index):
        demand.add_marks(previous.index, marks)
    else:
        root = next(w for w in article.sentence_words(previous) if w.head < 0)
        _attach_marks(article, root, marks)


def _set_tree(article, first, tree):
    """Heads and relations of the words from `first` on, from (head, relation) pairs as Stanza gives them
    (head 0 for the root, else the head's 1-based position); a head outside the sentence makes a root."""
    end = first + len(tree)
    for word, (head, deprel) in zip(article.words[first:end], tree):
        head = head or 0
        word.head = first + head - 1 if head > 0 and first <= first + head - 1 < end else -1
        word.deprel = deprel or "dep"
    for word in article.words[first:end]:
        if word.head >= 0:
            article.words[word.head].children.append(word.index)


def _add_sentence(article, stanza_sentence, offset, paragraph, demand=None, encoded=None):
    if article.sentences and article.sentences[-1].paragraph == paragraph and \
            _closing_marks_only(stanza_sentence):
        _close_previous_sentence(article, stanza_sentence, offset, demand)
        return
    base = len(article.words)
    s_index = len(article.sentences)
    for token in stanza_sentence.tokens:
        t_start, t_end = token.start_char + offset, token.end_char + offset
        for word in token.words:
            article.words.append(Word(
                index=len(article.words), text=word.text or "",
                lemma=(word.lemma or word.text or ""), upos=word.upos or "X", feats=_feats(word.feats),
                deprel="dep", head=-1, start=t_start, end=t_end, sentence=s_index, paragraph=paragraph,
                doc=article.words))
    if len(article.words) == base:
        return
    first, last = base, len(article.words) - 1
    article.sentences.append(Sentence(s_index, paragraph, first, last,
                                      article.words[first].start, article.words[last].end))
    if demand is None:
        _set_tree(article, first, [(w.head, w.deprel) for w in stanza_sentence.words])
    else:
        demand.add(s_index, encoded, article.words[first:last + 1])


# what makes a sentence's tree certainly read: the reporting-verb lexicon reads the dependents of the
# verbs it meets, the ties between names and descriptions the relation of every noun and the heads
# above every name, the quotation rules the words around marks, colons and « selon »
NEEDED_UPOS = frozenset({"VERB", "AUX", "NOUN", "PROPN"})
NEEDED_FORMS = frozenset({"«", "»", "“", "”", '"', ":", "selon", "d'après", "d’après"})
SCORE_BATCH_WORDS = 300      # words per scoring batch (sentences of similar lengths together)


def needed_sentences(article):
    """Indexes of the sentences whose trees the engine will certainly read, computed together in one
    pass right after tagging; any other is computed the first time it is read."""
    return [s.index for s in article.sentences
            if any(w.upos in NEEDED_UPOS or w.lower in NEEDED_FORMS for w in article.sentence_words(s))]


def _score_batches(encoded):
    """(position, Encoded) pairs in batches of about SCORE_BATCH_WORDS words, longest sentences first."""
    batch, words = [], 0
    for position, vectors in sorted(enumerate(encoded), key=lambda item: -item[1].length):
        if batch and words + vectors.length > SCORE_BATCH_WORDS:
            yield batch
            batch, words = [], 0
        batch.append((position, vectors))
        words += vectors.length
    if batch:
        yield batch


class ParseOnDemand:
    """The trees of an article's sentences, each computed the first time a word of it has its head,
    relation or dependants read (service.nlp.ondemand: the same tree as a parse of the whole article)."""

    def __init__(self, article, pipeline):
        self.article, self.pipeline = article, pipeline
        self.encoded = {}          # sentence index: its parser vectors, while its tree is not computed
        self.marks = {}            # sentence index: closing marks to hang on its root once it is
        self.sentences = self.parsed = self.calls = 0
        self.read_later = 0        # sentences computed when first read, after the batch of those needed

    def pending(self, s_index):
        return s_index in self.encoded

    def add(self, s_index, encoded, words):
        self.encoded[s_index] = encoded
        self.sentences += 1
        for word in words:
            word._pending = self

    def add_marks(self, s_index, marks):
        self.marks.setdefault(s_index, []).extend(marks)
        for word in marks:
            word._pending = self

    def parse(self, s_index):
        if s_index in self.encoded:
            self.read_later += 1
            self.parse_many([s_index])

    def parse_many(self, indexes):
        """Compute the trees of those of these sentences not computed yet, in one batch."""
        from service.nlp import ondemand

        todo = sorted({i for i in indexes if i in self.encoded})
        if not todo:
            return
        trees = [None] * len(todo)
        for batch in _score_batches([self.encoded.pop(i) for i in todo]):
            for (position, _), tree in zip(batch, ondemand.score(self.pipeline, [e for _, e in batch])):
                trees[position] = tree
            self.calls += 1
        self.parsed += len(todo)
        for s_index, tree in zip(todo, trees):
            self._attach(self.article.sentences[s_index], tree)

    def _attach(self, sentence, tree):
        words = self.article.sentence_words(sentence)
        for word in words:
            word._pending = None
        _set_tree(self.article, sentence.first, tree)
        marks = self.marks.pop(sentence.index, [])
        if marks:
            root = next(w for w in words[:len(tree)] if w.head < 0)
            _attach_marks(self.article, root, marks)


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
GLUED_SENTENCES = re.compile(NOT_AFTER_ABBREVIATION +
                             r"(?:(?<=[a-zà-ÿ0-9)»”\"%])|(?<=[A-Z]{2}))[.!?…][»”]?(?=[«“\"]?[A-ZÀ-Ý])")


# « - "Un front figé" -Le ministre » : a heading set off by dashes, glued to the next sentence
GLUED_HEADING = re.compile(r"(?<=[\s\"»”])[-–—](?=[A-ZÀ-Ý])")


# « … pas à capituler. » Le dirigeant … »: a sentence that ends inside marks ends after the closing mark; the
# tokenizer sometimes gives that mark to the next sentence, which cuts the passage off its own sentence
QUOTED_SENTENCE_END = re.compile(NOT_AFTER_ABBREVIATION + r"[.!?…]\s*[»”](?=\s+[«“]?[A-ZÀ-Ý])")


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


def new_article(text: str, date: Optional[str] = None, deadline: Optional[float] = None) -> Article:
    reading = read(text, deadline)
    return Article(text=reading.text, date=date, paragraphs=paragraph_spans(reading.text),
                   quoted=find_quoted(reading.text, deadline), reading=reading)


def attach_parse(article, units, documents, demand=None, encoded=None):
    """Fill the article's words and sentences from the Stanza documents of its units; with `demand`
    (a ParseOnDemand), the documents are tagged only and `encoded` holds their sentences' parser
    vectors, in order: each tree is computed when first read."""
    vectors = iter(encoded or ())
    for (paragraph, offset, _), doc in zip(units, documents):
        for sentence in doc.sentences:
            _add_sentence(article, sentence, offset, paragraph, demand, next(vectors, None))
    if demand is not None:
        demand.parse_many(needed_sentences(article))
    repair_compound_tenses(article)


def check_deadline(deadline):
    if deadline is not None and time.monotonic() > deadline:
        raise ProcessingTimeout("the article took longer than the processing time limit")


def parse_articles(articles: list, pipeline, deadline: Optional[float] = None) -> list:
    """Parse every article's paragraphs through Stanza, in batches, checking the deadline between.

    A batch never mixes two articles: the int8 LSTMs scale their inputs per batch, so an article
    parsed beside others could come out slightly differently than alone (and batching articles
    together bought nothing measurable on a CPU).  Where the parser allows it (service.nlp.ondemand),
    the parser stops after its BiLSTM and a sentence's tree is computed when the engine first reads it."""
    # imported on first use: importing the engine loads neither torch nor Stanza
    from service.nlp import ondemand, parse

    for article in articles:
        units, docs, encoded = parse_units(article), [], []
        demand = ParseOnDemand(article, pipeline) if ondemand.available(pipeline) else None
        for batch in _batches(units):
            check_deadline(deadline)
            texts = [unit[2] for unit in batch]
            if demand is None:
                docs += parse(texts, pipeline)
            else:
                tagged = ondemand.tag(texts, pipeline)
                docs += tagged
                encoded += ondemand.encode(pipeline, tagged)
        article.parse_on_demand = demand
        attach_parse(article, units, docs, demand, encoded)
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
