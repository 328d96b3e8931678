"""Speakers resolved in text order, so that a pronoun or a description finds the entities mentioned
before it: each quotation's source, and the subjects of the clauses outside every quotation (they
make entities salient).  A passage that carries on a quotation, or « Et d'ajouter : », takes the
speaker of the quotation before (a dialogue turn, that of the turn before the previous one);
« interrogé(e) » stands for the salient person its gender agrees with.
"""
from bisect import bisect_right

from service.quotes.candidates import Candidate
from service.quotes.cues import dialogue
from service.quotes.french import SPEAKING_NOUNS, SPEECH_NOUNS, WORDS_NOUNS
from service.quotes.marks import MARKS
from service.quotes.parse.article import Article
from service.quotes.parse.verb_group import cue_start_word
from service.quotes.resolution import attribution
from service.quotes.resolution.coreference import Context, Resolution
from service.quotes.resolution.described import name_described_persons
from service.quotes.resolution.ties import register_ties
from service.quotes.sources import selon, subject, voices
from service.quotes.sources.source import Source
from service.quotes.speakers import SpeakerList


class Coverage:
    """Offsets covered by a set of [start, end) spans, looked up by bisection."""

    def __init__(self, spans):
        merged = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            elif end > start:
                merged.append([start, end])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def covers(self, offset):
        i = bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]


def resolve_speakers(article: Article, candidates: list[Candidate], speakers: SpeakerList) -> list[Candidate]:
    """Give each candidate its `resolution` (the speaker), or leave it None; returns the candidates."""
    return SpeakerResolver(article, speakers).resolve(candidates)


SAID_NOUNS = SPEECH_NOUNS | WORDS_NOUNS
MARKS_AND_STOPS = "".join(sorted(MARKS)) + ".!?…"


class SpeakerResolver:
    """Walks the quotations and the clauses outside them in text order, resolving each source."""

    def __init__(self, article: Article, speakers: SpeakerList):
        self.article = article
        self.ctx = Context(article, speakers)
        self._all = []
        self._frames = [marker_start for marker_start, _, _, _ in selon.source_phrases(article)]

    def resolve(self, cands):
        """The ties of the article's appositions, copulas and titled names first, all of them, so that
        no resolution depends on another; then the quotations and the subjects of the clauses outside
        them in text order (a quotation before a subject at the same offset)."""
        self._all = cands
        register_ties(self.ctx)
        events = [(self._anchor(c), 0, c) for c in cands] + self._subject_events(cands)
        events.sort(key=lambda e: (e[0], e[1]))
        for offset, kind, item in events:
            if kind == 1:
                resolution = self._resolve(item)
                if resolution is not None:
                    self.ctx.see(offset, resolution.entity, speaker=False, reported=self._framed(offset))
                continue
            self._attribute_one(item, offset)
        name_described_persons(self.ctx, cands)
        return cands

    def _resolve(self, source):
        return attribution.resolve_source(self.ctx, source)

    def _anchor(self, cand):
        if cand.source is not None:
            return cand.source.start
        return cand.start

    def _attribute_one(self, cand, offset):
        if cand.verb is not None and voices.asked_participle(self.article, cand.verb):
            cand.resolution = self._asked_one(cand.verb)
        elif cand.continuation:
            cand.resolution = self._named_right_after(cand) or self._alternating_speaker(cand) or \
                self._previous_sentence_speaker(cand) or self._carried_on(cand)
        elif cand.verb is not None and voices.narrative_infinitive(self.article, cand.verb):
            cand.resolution = self._narrator_before(cand.verb) or self._carried_on(cand)
        elif cand.source is not None:
            cand.resolution = self._resolve(cand.source)
            if cand.resolution is None and cand.verb is not None and cand.source.word is not None:
                fallback = subject.surface_source(self.article, cand.verb)
                if fallback is not None:
                    cand.resolution = self._resolve(fallback)
        if cand.resolution is not None:
            self.ctx.see(offset, cand.resolution.entity, speaker=True, reported=self._second_hand(cand, offset))

    def _second_hand(self, cand, offset):
        """« Selon les médias, X a déclaré … »: the quotation's sentence opens with a « selon » that frames it."""
        return cand.cue is not None and cand.cue.lemma not in ("selon", "pour") and self._framed(offset)

    def _framed(self, offset):
        """A « selon X » / « d'après X » before `offset` in its sentence frames what is said there."""
        sentence = self.article.sentence_at(offset)
        return sentence is not None and any(sentence.start <= start < offset for start in self._frames)

    def _carried_on(self, cand):
        """The speaker of the quotation before, for words that carry it on (its cue too, when they have none)."""
        last = self._last_quote_before(cand)
        if last is None or last.resolution is None:
            return None
        cand.cue = cand.cue or last.cue
        prev = last.resolution
        return Resolution(prev.entity, prev.mention_start, prev.mention_end, "continuation")

    def _alternating_speaker(self, cand):
        """A dialogue turn with no incise: the speaker of the turn before the previous one."""
        turn = dialogue.turn_at(self.article, cand.start)
        earlier = dialogue.turn_before(self.article, turn, 2) if turn is not None else None
        spoken = next((c for c in self._all if earlier is not None and c.start == earlier.start), None)
        if spoken is None or spoken.resolution is None:
            return None
        prev = spoken.resolution
        return Resolution(prev.entity, prev.mention_start, prev.mention_end, "continuation")

    def _previous_sentence_speaker(self, cand):
        """« Le maire n'a pas voulu en dire plus. « Nous verrons demain. » »: a passage with no cue inside a paragraph,
        right after a sentence whose subject is a person, is that person's."""
        sentence = self.article.sentence_at(cand.start - 1)
        first = self.article.words_from(cand.start - 2, 1)
        if sentence is None or not first or first[0].sentence == 0:
            return None
        before = self.article.sentences[first[0].sentence - 1]
        if before.paragraph != sentence.paragraph or self.article.text[before.end:cand.start].strip(" «“\"") or \
                self.article.in_passage(before.start):
            return None
        return self._person_subject_of(before)

    def _named_right_after(self, cand):
        """« « C'est inacceptable ! » La réaction de la maire ne s'est pas fait attendre. »: a passage with
        no cue right before a sentence of its paragraph whose subject is a noun of what was said, with the
        one who said it after « de » (or « par » after a participle: « La phrase, lâchée par X, … »)."""
        following = self.article.words_from(cand.end, 4)
        first = next((w for w in following if w.text not in MARKS_AND_STOPS), None)
        here = self.article.sentence_at(cand.start)
        if first is None or here is None or \
                self.article.text[cand.end:first.start].strip(MARKS_AND_STOPS + " \u00a0\u202f") or \
                first.index != self.article.sentences[first.sentence].first or \
                self.article.sentences[first.sentence].paragraph != here.paragraph:
            return None
        said = next((w for w in self.article.sentence_words(self.article.sentences[first.sentence])
                     if w.rel == "nsubj" and w.upos == "NOUN"), None)
        sayer = self._sayer_of(said) if said is not None and said.lemma in SAID_NOUNS else None
        resolution = self._resolve(Source(sayer, "subject")) if sayer is not None else None
        if resolution is None or not (resolution.entity.person or resolution.entity.id or sayer.upos == "PROPN"
                                      or sayer.lemma in SPEAKING_NOUNS):
            return None
        return resolution

    @staticmethod
    def _sayer_of(said):
        """The « de X » of a noun of what was said, or the « par X » of a participle after it."""
        for child in said.dependents():
            if child.rel == "nmod" and any(c.rel == "case" and c.lower in ("de", "d'", "d’")
                                           for c in child.dependents()):
                return child
            if child.rel == "acl":
                agent = next((c for c in child.dependents() if c.deprel == "obl:agent"), None)
                if agent is not None:
                    return agent
        return None

    def _person_subject_of(self, sentence):
        """The subject of a sentence's main verb when it is a person (or a known speaker), as a continuation."""
        root = next((w for w in self.article.sentence_words(sentence) if w.head < 0 and w.upos == "VERB"), None)
        source = subject.subject_source(self.article, root) if root is not None else None
        resolution = self._resolve(source) if source is not None else None
        if resolution is None or not (resolution.entity.person or resolution.entity.id):
            return None
        return Resolution(resolution.entity, resolution.mention_start, resolution.mention_end, "continuation")

    def _narrator_before(self, verb):
        """« La ministre a défendu son texte. Et d'ajouter : « … » »: the person subject of the sentence
        before, in the same paragraph."""
        index = verb.sentence
        if index == 0 or self.article.sentences[index - 1].paragraph != self.article.sentences[index].paragraph:
            return None
        return self._person_subject_of(self.article.sentences[index - 1])

    def _asked_one(self, participle):
        """The person « interrogé(e) » stands for: the salient one its gender agrees with, as a pronoun would."""
        form = "elle" if participle.feat("Gender") == "Fem" else "il"
        entity = self.ctx.resolve_pronoun(form, participle.start)
        return Resolution(entity, participle.start, participle.end, "pronoun") if entity is not None else None

    def _last_quote_before(self, cand):
        before = [c for c in self._all if c.end <= cand.start and c.resolution is not None]
        return max(before, key=lambda c: c.end) if before else None

    def _subject_events(self, cands):
        """Subjects of clauses outside every quotation: they make entities salient for pronouns."""
        quoted = Coverage((c.start, c.end) for c in cands)
        cue_verbs = {c.verb.index for c in cands if c.verb is not None}
        events, seen = [], set()
        for word in self.article.words:
            if word.upos != "VERB" or word.index in cue_verbs or self.article.in_passage(word.start) or \
                    quoted.covers(word.start) or self._attributive(word):
                continue
            source = subject.subject_source(self.article, word)
            if source is None or source.start in seen or self.article.in_passage(source.start) or \
                    quoted.covers(source.start):
                continue
            if source.word is not None and source.word.lower in ("on", "ce", "c'", "cela", "ça", "que"):
                continue
            seen.add(source.start)
            events.append((source.start, 1, source))
        return events

    def _attributive(self, word):
        """« une décision saluée par les syndicats »: a past participle with no auxiliary has no subject,
        unless the parse gives it one (« Le maire décrit une ville … »: a present the tagger took for a
        participle)."""
        return word.feat("VerbForm") == "Part" and word.feat("Tense") != "Pres" and \
            cue_start_word(self.article, word) is word and \
            not word.has_dependent("nsubj")
