"""The engine's answer: quotes, their cues and their speakers, as plain dataclasses.

Every span (quote, cue, mention) holds `text == article[start:end]`, with
offsets in Python `str` indices into the article as received.
"""
from dataclasses import asdict, dataclass
from typing import Iterable, Optional

QUOTE_TYPES = ("direct", "indirect", "mixed")
RESOLVED_BY = ("subject", "inversion", "pronoun", "description", "apposition", "selon",
               "continuation", "agent")


@dataclass(frozen=True)
class Mention:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Speaker:
    id: Optional[str]            # a known speaker's id from the speaker list, else None
    name: Optional[str]          # display name (known speaker) or the name as written
    mention: Optional[Mention]   # the words in the article that point at the speaker
    resolved_by: Optional[str]   # one of RESOLVED_BY
    gender: Optional[str] = None  # "f", "m", or None for a group, a body or when nothing tells


@dataclass(frozen=True)
class Cue:
    text: str
    start: int
    end: int
    lemma: str                   # the reporting verb's infinitive (« déclarer », « se dire »)


@dataclass(frozen=True)
class Quote:
    text: str
    start: int
    end: int
    type: str                    # one of QUOTE_TYPES
    speaker: Optional[Speaker] = None
    cue: Optional[Cue] = None
    confidence: float = 0.5

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SpeakerCount:
    id: Optional[str]
    name: str
    quotes: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


def count_speakers(quotes: Iterable[Quote]) -> list[SpeakerCount]:
    """The `speakers` list of an answer: each speaker with its number of quotes, most first."""
    counts = {}
    for quote in quotes:
        if quote.speaker is None or not (quote.speaker.id or quote.speaker.name):
            continue
        key = quote.speaker.id or (quote.speaker.name or "").lower()
        entry = counts.setdefault(key, SpeakerCount(quote.speaker.id, quote.speaker.name or ""))
        entry.quotes += 1
    return sorted(counts.values(), key=lambda s: (-s.quotes, s.name))


__all__ = ["Mention", "Speaker", "Cue", "Quote", "SpeakerCount", "count_speakers",
           "QUOTE_TYPES", "RESOLVED_BY"]


class ProcessingTimeout(Exception):
    """Extraction ran past its deadline (the caller's processing time limit)."""
