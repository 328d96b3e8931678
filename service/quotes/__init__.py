"""The quotation engine: a plain library (no web framework) that finds the quotations of a French article.

    extract(text, date=None, pipeline=None, deadline=None) -> list[Quote]
    extract_batch([(text, date), ...], pipeline=None, deadline=None) -> list[list[Quote]]

`deadline` is a time.monotonic() value; past it, model.ProcessingTimeout is raised.
"""
from service.quotes.engine import extract, extract_batch, read_article
from service.quotes.model import (
    QUOTE_TYPES,
    RESOLVED_BY,
    Cue,
    Mention,
    ProcessingTimeout,
    Quote,
    Speaker,
    SpeakerCount,
    count_speakers,
)
from service.quotes.speakers import KnownSpeaker, SpeakerList, load_speakers, speaker_list

__all__ = ["extract", "extract_batch", "read_article", "count_speakers", "load_speakers", "speaker_list",
           "SpeakerList", "KnownSpeaker", "Quote", "Speaker", "Mention", "Cue", "SpeakerCount",
           "ProcessingTimeout", "QUOTE_TYPES", "RESOLVED_BY"]
