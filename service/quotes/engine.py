"""extract(): from an article's text to its quotations, stage by stage.

1. text: the article as posted is read (service.quotes.reading), cut into paragraphs
   (service.quotes.layout), and its passages in quotation marks found (service.quotes.marks);
2. parse: Stanza parses it once, paragraph by paragraph (service.quotes.parse);
3. cues: the reporting verbs are found (service.quotes.cues.verbs), a passage with an incise inside its
   marks is split in two, and each passage gets its cue (service.quotes.cues.passages);
4. content: every other reporting verb gets its reported content (service.quotes.content), and
   « selon X » / « pour X » the clause they source (service.quotes.sources.selon)
   (service.quotes.candidates);
5. merging: a content holding a passage becomes a mixed quotation; passages with no cue continue the
   previous speaker's words when they open a paragraph after a quotation, and are otherwise scare
   quotes, titles or terms (service.quotes.merging);
6. resolution: the speakers are resolved in text order, so that pronouns and descriptions find the
   entities mentioned before them (service.quotes.resolution).
"""
from dataclasses import replace
from typing import Iterable, Optional

from service.quotes.candidates import Candidate, CandidateFinder
from service.quotes.confidence import confidence
from service.quotes.cues import dialogue, passages
from service.quotes.cues.verbs import Lexicon, cue_verbs, default_lexicon
from service.quotes.merging import merge, without_nested
from service.quotes.model import Mention, Quote, Speaker
from service.quotes.parse.article import Article
from service.quotes.parse.parsing import check_deadline, new_article, parse_articles
from service.quotes.resolution.text_order import resolve_speakers
from service.quotes.speakers import SpeakerList, speaker_list


def read_article(article: Article, lexicon: Optional[Lexicon] = None,
                 speakers: Optional[SpeakerList] = None) -> list[Quote]:
    """The quotations of an article already parsed: a list of model.Quote in text order."""
    lexicon = lexicon if lexicon is not None else default_lexicon()
    speakers = speakers if speakers is not None else speaker_list()
    article = with_passages_split(article, lexicon)
    finder = CandidateFinder(article, cue_verbs(article, lexicon), speakers)
    direct, incise_verbs = finder.passage_candidates()
    contents = without_nested(article, finder.content_candidates(incise_verbs), direct)
    contents += finder.selon_candidates(contents)
    quotations = merge(article, direct, contents)
    resolve_speakers(article, quotations, speakers)
    return [to_quote(article, cand) for cand in quotations]


def with_passages_split(article: Article, lexicon: Lexicon) -> Article:
    """The article with each passage that holds an incise (« « …, a-t-il dit, … » ») cut in two, and each
    dialogue (« « … / - … / - … » ») cut into its turns."""
    def is_cue(word):
        return lexicon.lookup(article, word) is not None

    split = passages.split_at_inner_incises(article, is_cue)
    return replace(article, quoted=dialogue.with_turns(article, split, is_cue))


def to_quote(article: Article, cand: Candidate) -> Quote:
    """The answer's Quote for a candidate, its spans taken back to the text as posted."""
    speaker = None
    if cand.resolution is not None:
        r = cand.resolution
        speaker = Speaker(id=r.entity.id, name=r.entity.name,
                          mention=Mention(*_posted(article, r.mention_start, r.mention_end)),
                          resolved_by=r.resolved_by, gender=_gender(r))
    cue = None
    if cand.cue is not None:
        cue_text, cue_start, cue_end = _posted(article, cand.cue.start, cand.cue.end)
        cue = replace(cand.cue, text=cue_text, start=cue_start, end=cue_end)
    text, start, end = _posted(article, cand.start, cand.end)
    return Quote(text=text, start=start, end=end, type=cand.type,
                 speaker=speaker, cue=cue, confidence=confidence(cand.type, speaker and speaker.resolved_by))


def _gender(resolution) -> Optional[str]:
    """A person's gender as the speaker list or the article tells it (title, noun, agreement, pronoun):
    "f" or "m"; None for a group, a body, or when nothing tells."""
    entity = resolution.entity
    if entity.plural or entity.person is False and entity.id is None:
        return None
    return {"fem": "f", "masc": "m"}.get(entity.gender)


def _posted(article, start, end):
    """(text, start, end) of a span of the text read, in the text as posted."""
    start, end = article.posted_span(start, end)
    return article.posted[start:end], start, end


def extract_batch(items: Iterable[tuple[str, Optional[str]]], pipeline=None, deadline: Optional[float] = None,
                  speakers: Optional[SpeakerList] = None) -> list[list[Quote]]:
    """Quotations of several (text, date) articles, all parsed through Stanza together."""
    articles = [new_article(text or "", date, deadline) for text, date in items]
    if pipeline is None:
        from service.nlp import (
            get_pipeline,  # imported on first use: importing the engine loads neither torch nor Stanza
        )
        pipeline = get_pipeline()
    parse_articles(articles, pipeline, deadline, default_lexicon())
    results = []
    for article in articles:
        check_deadline(deadline)
        results.append(read_article(article, speakers=speakers))
    return results


def extract(text: str, date: Optional[str] = None, pipeline=None, deadline: Optional[float] = None,
            speakers: Optional[SpeakerList] = None) -> list[Quote]:
    """Quotations of one article: a list of model.Quote in text order."""
    return extract_batch([(text, date)], pipeline=pipeline, deadline=deadline, speakers=speakers)[0]


__all__ = ["extract", "extract_batch", "read_article"]
