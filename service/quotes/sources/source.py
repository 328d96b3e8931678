"""A source as the rules find it: the word naming who speaks, or the span of the words that do, and how
it was found (subject, inversion, agent, selon)."""
from dataclasses import dataclass
from typing import Optional

from service.quotes.parse.article import Word


@dataclass
class Source:
    """The word naming a source and how it was found (subject, inversion, agent, selon).

    When the parse offers no word, `span` holds the (start, end) of the words read on the surface.
    """
    word: Optional[Word]
    how: str
    span: Optional[tuple[int, int]] = None     # (start, end)

    @property
    def start(self) -> int:
        return self.word.start if self.word is not None else self.span[0]
