"""Quotation candidates, found three ways:

- a passage in quotation marks with a cue of its own (an incise, a cleft, a colon, a governing verb, a
  noun of speech or a name before a colon): direct, or mixed when the incise's clause starts before
  the marks (service.quotes.cues.passages finds the cue);
- a reporting verb's reported content (service.quotes.content.clauses): indirect;
- a clause that « selon X », « Pour X, » or « X, pour qui … » sources (service.quotes.sources.selon):
  indirect.

service.quotes.merging then makes the article's quotations of them.
"""
import re
from dataclasses import dataclass
from typing import Literal, Optional

from service.quotes.content import clauses
from service.quotes.content.bounds import Content
from service.quotes.cues import passages
from service.quotes.cues.verbs import VerbEntry, make_cue, span_cue
from service.quotes.french import ADVERBIAL_LOCUTIONS
from service.quotes.marks import Quoted, word_count
from service.quotes.model import Cue
from service.quotes.parse.article import Article, Word
from service.quotes.parse.verb_group import cue_start_word
from service.quotes.resolution.coreference import Resolution
from service.quotes.sources import selon, subject, voices
from service.quotes.sources.source import Source
from service.quotes.sources.word_order import is_incise
from service.quotes.speakers import SpeakerList

SCARE_QUOTE_MAX_WORDS = 4
# « a dénoncé « … » », « a parlé de « … » », « a salué de son côté « … » »
LOCUTIONS = "|".join(r"\s+".join(map(re.escape, words)) for words in ADVERBIAL_LOCUTIONS)
RIGHT_AFTER_VERB = re.compile(r"\s*(?:(?:" + LOCUTIONS + r")\s*,?\s*)?(?:de\s+|d['’]\s*)?", re.IGNORECASE)


@dataclass
class Candidate:
    """A quotation found, before it is merged with the others and its speaker resolved."""
    start: int
    end: int
    type: Literal["direct", "indirect", "mixed"]   # model.QUOTE_TYPES
    cue: Optional[Cue] = None
    verb: Optional[Word] = None               # the cue verb, when there is one
    source: Optional[Source] = None           # who the words are given to, as written
    continuation: bool = False                # a passage with no cue of its own
    construction: str = ""                    # how the content was found (content.bounds.Content.construction)
    resolution: Optional[Resolution] = None   # the speaker, once resolved
    dropped: bool = False                     # given up for another quotation that holds it better


def inside(offset: int, start: int, end: int) -> bool:
    return start <= offset < end


class CandidateFinder:
    """The candidates of one article, whose passages and cue verbs are known."""

    def __init__(self, article: Article, verbs: dict[int, VerbEntry], speakers: SpeakerList):
        self.article = article
        self.verbs = verbs             # word index -> for the reporting verbs outside the marks
        self.speakers = speakers

    def _verb_candidate(self, verb, start, end, type_, source):
        """A candidate cued by a reporting verb (its cue: the verb group, with a locution's particle)."""
        entry = self.verbs.get(verb.index)
        return Candidate(start, end, type_, cue=make_cue(self.article, verb, entry), verb=verb,
                         source=source)

    def _clause_ending_in(self, passage, verb):
        """« Vladimir Poutine « n'a aucun intérêt à conclure », estime-t-elle »: the clause before the
        incise when it starts outside the marks with words of its own (no reporting verb among them);
        a « Pour X, » or « Selon X, » opening it stays out."""
        content = clauses.incise_before(self.article, verb, cue_start_word(self.article, verb))
        if content is None or not content.start < passage.open_at or content.end < passage.end:
            return None
        start = content.start + selon.frame_length(self.article.text[content.start:passage.open_at])
        lead = [w for w in self.article.words_between(start, passage.open_at)
                if not self.article.in_passage(w.start)]
        if not any(w.upos not in ("PUNCT", "CCONJ", "ADV") for w in lead) or \
                any(w.index in self.verbs and not voices.speaks_for_the_writer(self.article, w) for w in lead):
            return None
        return Content(start, content.end, "incise")

    def _noun_candidate(self, passage, noun, source_span):
        """« Réponse du Kremlin : « … » »: the noun is the cue, its « de X » the source."""
        return Candidate(passage.start, passage.end, "direct",
                         cue=span_cue(self.article.text, noun.start, noun.end, noun.lemma),
                         source=Source(None, "subject", source_span))

    def passage_candidates(self) -> tuple[dict[Quoted, Candidate], set[int]]:
        """Passages with a cue of their own: (candidate by passage, indexes of the verbs used as incises)."""
        found, used = {}, set()
        previous = None
        for passage in self.article.quoted:
            verb = self._passage_cue(passage, previous, used)
            incise = verb if verb is not None and verb.index in used else None
            cand = self._verb_passage(passage, verb, incise) if verb is not None else self._verbless_passage(passage)
            if cand is not None:
                found[passage] = cand
            previous = (passage, incise)
        return found, used

    def _passage_cue(self, passage, previous, used):
        """The verb that cues a passage, these ways tried in order: an incise after it, the incise of the
        passage it resumes, a cleft after it (« C'est ce qu'a déclaré X »), an incise after the words that
        end the passage's sentence (« « … » à cause de X, a expliqué Y »), the incise of the passage
        coordinated with it (« « … » et « … », a-t-il dit »), a colon before it, a verb
        governing it.  An incise's or a cleft's verb goes into `used`: it reports the passage, not a
        content of its own."""
        article, verbs = self.article, self.verbs
        ways = ((lambda: passages.incise_verb(article, passage, verbs), True),
                (lambda: passages.resumed_after_incise(article, passage, previous), False),
                (lambda: passages.cleft_verb(article, passage, verbs), True),
                (lambda: passages.delayed_incise_verb(article, passage, verbs), True),
                (lambda: passages.coordinated_incise_verb(article, passage, verbs), True),
                (lambda: passages.colon_verb(article, passage, verbs) or passages.colon_predicate(article, passage),
                 False),
                (lambda: self._governing_verb(passage), False))
        for way, as_incise in ways:
            verb = way()
            if verb is not None:
                if as_incise:
                    used.add(verb.index)
                return verb
        return None

    def _governing_verb(self, passage):
        """A verb whose complement the passage is, for a passage longer than a scare quote, or for a
        shorter one set right after the verb (« Il a dénoncé « un coup d'État » », « a parlé de « … » »)."""
        words = word_count(self.article.text[passage.start:passage.end])
        if words > SCARE_QUOTE_MAX_WORDS:
            return passages.governing_verb(self.article, passage, self.verbs)
        verb = passages.governing_verb(self.article, passage, self.verbs) if words >= 2 else None
        if verb is not None and RIGHT_AFTER_VERB.fullmatch(self.article.text[verb.end:passage.open_at]):
            return verb
        return None

    def _verb_passage(self, passage, verb, incise):
        """A passage cued by a verb: direct, or mixed when its incise's clause starts before the marks."""
        clause = self._clause_ending_in(passage, incise) if incise is not None else None
        if clause is not None:
            return self._verb_candidate(verb, clause.start, clause.end, "mixed", self._source(verb))
        return self._verb_candidate(verb, passage.start, passage.end, "direct", self._source(verb))

    def _verbless_passage(self, passage):
        """« Réponse du Kremlin : « … » » (a noun of speech and its « de X »), « Poutine : « … » » (a name and a
        colon, whatever the length), else None."""
        nominal = passages.colon_noun(self.article, passage) if self._words_not_a_term(passage) else None
        if nominal is not None:
            return self._noun_candidate(passage, *nominal)
        named = passages.colon_name(self.article, passage, self.speakers)
        if named is not None:
            return Candidate(passage.start, passage.end, "direct", source=Source(None, "subject", named))
        return None

    def _source(self, verb):
        return subject.subject_source(self.article, verb)

    def _words_not_a_term(self, passage):
        """Longer than a scare quote, or a whole sentence (« … : « L'Ukraine ne capitulera pas. » »)."""
        text = self.article.text[passage.start:passage.end]
        return word_count(text) > SCARE_QUOTE_MAX_WORDS or passages.is_full_sentence(text)

    def content_candidates(self, used: set[int]) -> list[Candidate]:
        """The reported content of each cue verb outside the marks that no passage took as its cue."""
        out = []
        for index, entry in self.verbs.items():
            if index in used:
                continue
            verb = self.article.words[index]
            if voices.speaks_for_the_writer(self.article, verb) or clauses.reports_its_antecedent(verb):
                continue
            source = subject.subject_source(self.article, verb)
            content = None
            if entry.allows("incise") and source is not None and source.how in ("inversion", "selon") and \
                    not passages.opens_participle_clause(verb):
                content = clauses.incise_before(self.article, verb, cue_start_word(self.article, verb))
            if content is None:
                content = clauses.reported_content(self.article, verb, entry)
            if content is None:
                continue
            cand = self._verb_candidate(verb, content.start, content.end, "indirect", source)
            cand.construction = content.construction
            out.append(cand)
            if content.construction == "middle_incise":
                out += self._before_middle_incise(verb, source)
        return out

    def _before_middle_incise(self, verb, source):
        """« Il faut, a-t-il dit, que … »: the words before the incise are a quotation of the same speaker."""
        before = clauses.before_middle_incise(self.article, cue_start_word(self.article, verb))
        if before is None:
            return []
        cand = self._verb_candidate(verb, before.start, before.end, "indirect", source)
        cand.construction = before.construction
        return [cand]

    def selon_candidates(self, contents: list[Candidate]) -> list[Candidate]:
        """« selon X, … », « …, d'après X », « Pour X, … « … » » and « X, pour qui … »."""
        out = []
        markers = [(phrase, selon.selon_content, "selon") for phrase in selon.source_phrases(self.article)]
        markers += [(phrase, selon.opinion_content, "pour") for phrase in selon.opinion_phrases(self.article)]
        for (marker_start, marker_end, x_start, x_end), content_of, lemma in markers:
            content = content_of(self.article, marker_start, x_end)
            if content is None or self._reported_elsewhere(content, contents, marker_start) or \
                    (lemma == "pour" and self._has_own_cue(marker_start)) or \
                    (marker_start < content.start and self._has_own_cue(marker_start, incise=True)):
                continue
            cand = Candidate(content.start, content.end, "indirect",
                             cue=span_cue(self.article.text, marker_start, marker_end, lemma))
            cand.source = Source(None, "selon", selon.source_name_span(self.article, x_start, x_end))
            out.append(cand)
        for marker_start, marker_end, antecedent, lemma in selon.relative_sources(self.article):
            content = selon.relative_content(self.article, marker_end, lemma)
            if content is not None:
                cand = Candidate(content.start, content.end, "indirect",
                                 cue=span_cue(self.article.text, marker_start,
                                              marker_start + len(self.article.text[marker_start:marker_end].rstrip()),
                                              lemma))
                cand.source = Source(antecedent, "selon")
                out.append(cand)
        return out

    def _has_own_cue(self, offset, incise=False):
        """The sentence at `offset` has a reporting verb of its own (« Pour elle, … », a ajouté la ministre),
        or, with `incise`, one in an incise (« Selon elle, … « … », prévient l'analyste »)."""
        sentence = self.article.sentence_at(offset)
        return sentence is not None and any(
            i in self.verbs and not self._in_relative_clause(i) and
            (not incise or is_incise(self.article, self.article.words[i]))
            for i in range(sentence.first, sentence.last + 1))

    def _in_relative_clause(self, index):
        """« la ville qui souhaitait … »: a reporting verb heading a relative clause describes a noun."""
        return self.article.words[index].deprel == "acl:relcl"

    def _reported_elsewhere(self, content, contents, marker_start):
        """A « , selon X » closing a sentence whose reporting verb already has a source is a channel; so is
        an opening « Selon X, » whose clause reports someone's words with a verb of its own (« Selon
        l'agence, M. Wang a appelé à « … » »)."""
        if marker_start < content.start:
            return any(cand.verb is not None and inside(cand.verb.start, content.start, content.end) and
                       content.start <= cand.start and cand.end <= content.end + 1 for cand in contents)
        for cand in contents:
            if cand.verb is not None and inside(cand.verb.start, content.start, content.end + 1):
                return True
        return any(inside(self.article.words[i].start, content.start, content.end) and not self._in_relative_clause(i)
                   for i in self.verbs)
