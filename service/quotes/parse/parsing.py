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
from service.quotes.parse.repairs import repair_compound_tenses, repair_times_of_day
from service.quotes.parse.retagging import retag
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


def _close_previous_sentence(article, stanza_sentence, offset):
    """« … capituler. » cut as « … capituler. » + « » »: the mark ends the sentence before, as punctuation
    of its root."""
    previous = article.sentences[-1]
    root = next(w for w in article.sentence_words(previous) if w.head < 0)
    for token in stanza_sentence.tokens:
        word = Word(index=len(article.words), text=token.text, lemma=token.text, upos="PUNCT", feats=_feats(None),
                    deprel="punct", head=root.index, start=token.start_char + offset,
                    end=token.end_char + offset, sentence=previous.index, paragraph=previous.paragraph,
                    doc=article.words)
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
                start=t_start, end=t_end, sentence=s_index, paragraph=paragraph, doc=article.words))
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


def attach_parse(article, units, documents):
    """Fill the article's words and sentences from the Stanza documents of its units."""
    for (paragraph, offset, _), doc in zip(units, documents):
        for sentence in doc.sentences:
            _add_sentence(article, sentence, offset, paragraph)
    repair_compound_tenses(article)
    repair_times_of_day(article)


def check_deadline(deadline):
    if deadline is not None and time.monotonic() > deadline:
        raise ProcessingTimeout("the article took longer than the processing time limit")


def parse_articles(articles: list, pipeline, deadline: Optional[float] = None, lexicon=None) -> list:
    """Parse every article's paragraphs through Stanza, in batches, checking the deadline between.

    A batch never mixes two articles: the int8 LSTMs scale their inputs per batch, so an article
    parsed beside others could come out slightly differently than alone (and batching articles
    together bought nothing measurable on a CPU).  With the reporting-verb `lexicon`, a sentence whose
    verb or title adjective the tagger misread is parsed again (service.quotes.parse.retagging)."""
    from service.nlp import parse, reparse  # on first use: importing the engine loads neither torch nor Stanza

    for article in articles:
        units, docs = parse_units(article), []
        for batch in _batches(units):
            check_deadline(deadline)
            docs += parse([unit[2] for unit in batch], pipeline)
        if lexicon is not None:
            reparse(retag(docs, lexicon), pipeline)
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
