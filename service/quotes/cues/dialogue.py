"""A dialogue inside one pair of marks: each turn is a passage of its own.

    « Vous avez vu la voiture ? demande le policier.
    - Non, j'étais dans la cuisine, répond la voisine.
    - Merci, madame. »

A paragraph that opens a passage which does not close in it, followed by paragraphs that open with a
dialogue dash, the last of which closes the marks, is a dialogue.  Each turn (the words after the mark
or the dash) is a passage; an incise inside a turn (« ? demande le policier », « , répond la voisine ») ends
it, and so does a stage direction in brackets.  A turn with no incise of its own is spoken by whoever
spoke the turn before the previous one: turns alternate (service.quotes.resolution.text_order).
"""
from dataclasses import dataclass
from typing import Callable, Optional

from service.quotes.marks import Quoted
from service.quotes.parse.article import Article, Word
from service.quotes.parse.verb_group import cue_start_word

DIALOGUE_DASHES = ("-", "–", "—")
CLOSING_MARKS = ("»", "”")
TURN_END_STOPS = ("?", "!", "…")


@dataclass(frozen=True)
class Turn(Quoted):
    """A turn of a dialogue: its passage, the dialogue it belongs to and its rank in it."""
    dialogue: int = 0            # offset of the dialogue's opening mark
    rank: int = 0                # 0 for the first turn


def with_turns(article: Article, quoted: list, is_cue: Callable[[Word], bool]) -> list:
    """The passages, each dialogue's passage replaced by its turns."""
    out = []
    for passage in quoted:
        turns = None if passage.closed or passage.resumes else _turns(article, passage, is_cue)
        out.extend(turns or [passage])
    return out


def turn_at(article: Article, start: int) -> Optional[Turn]:
    """The dialogue turn whose words start at `start`, or None."""
    return next((q for q in article.quoted if isinstance(q, Turn) and q.start == start), None)


def turn_before(article: Article, turn: Turn, back: int) -> Optional[Turn]:
    """The turn `back` turns before `turn` in its dialogue, or None."""
    return next((q for q in article.quoted if isinstance(q, Turn) and q.dialogue == turn.dialogue and
                 q.rank == turn.rank - back), None)


def _turn_spans(article, passage):
    """(dash or mark offset, words start, paragraph end) of each turn, or None when the paragraphs after
    the passage's do not open with dashes up to one that closes the marks."""
    paragraph = article.paragraph_at(passage.open_at)
    spans = [(passage.open_at, passage.start, article.paragraphs[paragraph][1])]
    for start, end in article.paragraphs[paragraph + 1:]:
        text = article.text[start:end]
        dash = start + len(text) - len(text.lstrip())
        if article.text[dash:dash + 1] not in DIALOGUE_DASHES:
            return None
        spans.append((dash, article.start_after_spaces(dash + 1), end))
        if any(mark in text for mark in CLOSING_MARKS):
            return spans
    return None


def _turns(article, passage, is_cue):
    spans = _turn_spans(article, passage)
    if spans is None:
        return None
    turns = []
    for rank, (open_at, start, end) in enumerate(spans):
        end = _turn_end(article, start, end, is_cue)
        if end > start:
            turns.append(Turn(start=start, end=end, open_at=open_at, close_at=None, mark=passage.mark,
                              dialogue=passage.open_at, rank=rank))
    return turns


def _turn_end(article, start, end, is_cue):
    """Where a turn's words end: before the closing mark, a stage direction in brackets, or an incise."""
    text = article.text[start:end]
    for stop in CLOSING_MARKS + ("(",):
        if stop in text:
            end = start + text.index(stop)
            text = article.text[start:end]
    for word in article.words_between(start, end):
        if not is_cue(word):
            continue
        before = article.text[start:cue_start_word(article, word).start].rstrip()
        if before.endswith(","):
            end = start + len(before) - 1
            break
        if before.endswith(TURN_END_STOPS):
            end = start + len(before)
            break
    return article.end_before_spaces(end)
