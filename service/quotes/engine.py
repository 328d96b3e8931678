"""extract(): from an article's text to its quotations, chaining marks, cues, content and attribution.

1. the article is parsed once (Stanza, paragraph by paragraph);
2. passages in quotation marks get their cue (incise, colon, governing verb);
3. every other reporting verb gets its reported content; a content holding a
   passage becomes a mixed quotation, and « selon X » / « d'après X » add theirs;
4. passages with no cue continue the previous speaker's words when they open a
   paragraph after a quotation, and are otherwise scare quotes, titles or terms;
5. speakers are resolved in text order, so pronouns and descriptions find the
   entities mentioned before them.
"""
from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Optional

from service.quotes import attribution as attr
from service.quotes import subjects as subj
from service.quotes import ties
from service.quotes import content as ct
from service.quotes import sources as src
from service.quotes import direct as dr
from service.quotes.article import check_deadline, new_article, parse_articles
from service.quotes.coref import Context
from service.quotes.cues import default_lexicon, make_cue, span_cue, cue_start_word
from service.quotes.marks import word_count
from service.quotes.model import Mention, Quote, Speaker
from service.quotes.speakers import speaker_list

SCARE_QUOTE_MAX_WORDS = 4
LOOSE_PASSAGE_MIN_WORDS = 6
CLITICS = {"le", "la", "les", "l'", "l’", "lui", "leur", "se", "s'", "s’", "en", "y", "me", "m'", "nous", "vous"}
TYPE_CONFIDENCE = {"direct": 1.0, "mixed": 0.9, "indirect": 0.85}


@dataclass
class Candidate:
    start: int
    end: int
    type: str
    cue: Optional[object] = None           # model.Cue
    verb: Optional[object] = None          # the cue verb (Word), when there is one
    source: Optional[object] = None        # attribution.Source, or None
    continuation: bool = False
    construction: str = ""                 # how the content was found (content.Content.construction)
    anchor: int = 0
    resolution: Optional[object] = None


def _inside(offset, start, end):
    return start <= offset < end


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


def _overlaps(a_start, a_end, b_start, b_end):
    return min(a_end, b_end) > max(a_start, b_start)


class ArticleReader:
    """Finds the quotations of one parsed article."""

    def __init__(self, article, lexicon, speakers):
        self.article = article
        self.lexicon = lexicon
        self.ctx = Context(article, speakers)
        article.quoted = dr.split_at_inner_incises(article, lambda w: lexicon.lookup(article, w) is not None)
        self.verbs = {}
        for word in article.words:
            entry = None if self._in_passage(word.start) else lexicon.lookup(article, word)
            if entry is not None:
                self.verbs[word.index] = entry

    def _in_passage(self, offset):
        return self.article.in_passage(offset)

    # --- candidates ---------------------------------------------------------------------------
    def _verb_candidate(self, verb, start, end, type_):
        entry = self.verbs.get(verb.index)
        return Candidate(start, end, type_, cue=make_cue(self.article, verb, entry), verb=verb,
                         source=subj.subject_source(self.article, verb))

    def _clause_ending_in(self, passage, verb):
        """« Vladimir Poutine « n'a aucun intérêt à conclure », estime-t-elle »: the clause before the
        incise when it starts outside the marks with words of its own (no reporting verb among them);
        a « Pour X, » or « Selon X, » opening it stays out."""
        content = ct.incise_before(self.article, verb, cue_start_word(self.article, verb))
        if content is None or not content.start < passage.open_at or content.end < passage.end:
            return None
        start = content.start + src.frame_length(self.article.text[content.start:passage.open_at])
        lead = self.article.words_between(start, passage.open_at)
        if not any(w.upos not in ("PUNCT", "CCONJ", "ADV") for w in lead) or \
                any(w.index in self.verbs and not subj.speaks_for_the_writer(self.article, w) for w in lead):
            return None
        return ct.Content(start, content.end, "incise")

    def _noun_candidate(self, passage, noun, source_span):
        """« Réponse du Kremlin : « … » »: the noun is the cue, its « de X » the source."""
        return Candidate(passage.start, passage.end, "direct",
                         cue=span_cue(self.article.text, noun.start, noun.end, noun.lemma),
                         source=subj.Source(None, "subject", source_span))

    def passage_candidates(self):
        """Passages with a cue of their own: (candidates, verbs used as their incise)."""
        found, used = {}, set()
        previous = None
        for passage in self.article.quoted:
            verb = dr.incise_verb(self.article, passage, self.verbs)
            if verb is not None:
                used.add(verb.index)
            else:
                verb = dr.resumed_after_incise(self.article, passage, previous)
            if verb is None:
                verb = dr.cleft_verb(self.article, passage, self.verbs)
                if verb is not None:
                    used.add(verb.index)
            if verb is None:
                verb = dr.colon_verb(self.article, passage, self.verbs) or dr.colon_predicate(self.article, passage)
            if verb is None and word_count(self.article.text[passage.start:passage.end]) > SCARE_QUOTE_MAX_WORDS:
                verb = dr.governing_verb(self.article, passage, self.verbs)
            clause = self._clause_ending_in(passage, verb) if verb is not None and verb.index in used else None
            if clause is not None:
                found[passage] = self._verb_candidate(verb, clause.start, clause.end, "mixed")
            elif verb is not None:
                found[passage] = self._verb_candidate(verb, passage.start, passage.end, "direct")
            else:
                nominal = dr.colon_noun(self.article, passage) if self._words_not_a_term(passage) else None
                named = dr.colon_name(self.article, passage, self.ctx.speakers) if nominal is None else None
                if nominal is not None:
                    found[passage] = self._noun_candidate(passage, *nominal)
                elif named is not None:     # « Poutine : « … » »: a name and a colon, whatever the length
                    found[passage] = Candidate(passage.start, passage.end, "direct",
                                               source=subj.Source(None, "subject", named))
            previous = (passage, verb if verb is not None and verb.index in used else None)
        return found, used

    def _words_not_a_term(self, passage):
        """Longer than a scare quote, or a whole sentence (« … : « L'Ukraine ne capitulera pas. » »)."""
        text = self.article.text[passage.start:passage.end]
        return word_count(text) > SCARE_QUOTE_MAX_WORDS or dr.is_full_sentence(text)

    def content_candidates(self, used):
        out = []
        for index, entry in self.verbs.items():
            if index in used:
                continue
            verb = self.article.words[index]
            if subj.speaks_for_the_writer(self.article, verb):
                continue
            source = subj.subject_source(self.article, verb)
            content = None
            if entry.allows("incise") and source is not None and source.how == "inversion" and \
                    not dr.opens_participle_clause(verb):
                content = ct.incise_before(self.article, verb, cue_start_word(self.article, verb))
            if content is None:
                content = ct.reported_content(self.article, verb, entry)
            if content is None:
                continue
            cand = self._verb_candidate(verb, content.start, content.end, "indirect")
            cand.source = source
            cand.construction = content.construction
            out.append(cand)
        return out

    def selon_candidates(self, contents):
        """« selon X, … », « …, d'après X », « Pour X, … « … » » and « X, pour qui … »."""
        out = []
        markers = [(phrase, src.selon_content, "selon") for phrase in src.source_phrases(self.article)]
        markers += [(phrase, src.opinion_content, "pour") for phrase in src.opinion_phrases(self.article)]
        for (marker_start, marker_end, x_start, x_end, head), content_of, lemma in markers:
            content = content_of(self.article, marker_start, x_end)
            if content is None or self._reported_elsewhere(content, contents, marker_start) or \
                    (lemma == "pour" and self._has_own_cue(marker_start)) or \
                    (marker_start < content.start and self._has_own_cue(marker_start, incise=True)):
                continue
            cand = Candidate(content.start, content.end, "indirect",
                             cue=span_cue(self.article.text, marker_start, marker_end, lemma))
            cand.source = subj.Source(None, "selon", src.source_name_span(self.article, x_start, x_end))
            cand.anchor = x_start
            out.append(cand)
        for marker_start, marker_end, antecedent, lemma in src.relative_sources(self.article):
            content = src.relative_content(self.article, marker_end, lemma)
            if content is not None:
                cand = Candidate(content.start, content.end, "indirect",
                                 cue=span_cue(self.article.text, marker_start,
                                              marker_start + len(self.article.text[marker_start:marker_end].rstrip()),
                                              lemma))
                cand.source = subj.Source(antecedent, "selon")
                out.append(cand)
        return out

    def _has_own_cue(self, offset, incise=False):
        """The sentence at `offset` has a reporting verb of its own (« Pour elle, … », a ajouté la ministre),
        or, with `incise`, one in an incise (« Selon elle, … « … », prévient l'analyste »)."""
        sentence = self.article.sentence_at(offset)
        return sentence is not None and any(
            i in self.verbs and (not incise or subj.is_incise(self.article, self.article.words[i]))
            for i in range(sentence.first, sentence.last + 1))

    def _reported_elsewhere(self, content, contents, marker_start):
        """A « , selon X » closing a sentence whose reporting verb already has a source is a channel; so is
        an opening « Selon X, » whose clause reports someone's words with a verb of its own (« Selon
        l'agence, M. Wang a appelé à « … » »)."""
        if marker_start < content.start:
            return any(cand.verb is not None and _inside(cand.verb.start, content.start, content.end) and
                       content.start <= cand.start and cand.end <= content.end + 1 for cand in contents)
        for cand in contents:
            if cand.verb is not None and _inside(cand.verb.start, content.start, content.end + 1):
                return True
        return any(_inside(self.article.words[i].start, content.start, content.end) for i in self.verbs)

    # --- assembling -------------------------------------------------------------------------------
    def candidates(self):
        direct, used = self.passage_candidates()
        contents = self.content_candidates(used)
        contents = [c for c in self._drop_nested(contents, direct) if c.type != "drop"]
        contents += self.selon_candidates(contents)
        absorbed = set()
        for cand in contents:
            for passage in self.article.quoted:
                if cand.start <= passage.open_at and passage.after <= cand.end + 1 or \
                        (cand.start <= passage.start and passage.end <= cand.end):
                    if self._is_whole(cand, passage):
                        if passage in direct:       # the passage's own cue wins
                            cand.type = "drop"
                            continue
                        cand.start, cand.end, cand.type = passage.start, passage.end, "direct"
                    else:
                        cand.type = "mixed"
                    absorbed.add(passage)
        final = [c for c in contents if c.type != "drop"]
        for passage in self.article.quoted:
            if passage in absorbed:
                continue
            if passage in direct:
                final.append(direct[passage])
            else:
                final.append(Candidate(passage.start, passage.end, "direct", continuation=True))
        final = self._drop_overlaps(final)
        final.sort(key=lambda c: c.start)
        return self._keep_continuations(final)

    def _is_whole(self, cand, passage):
        """The content is the passage itself (« Il a dit : « … » »): the passage stands as direct."""
        outside = self.article.text[cand.start:passage.open_at] + self.article.text[passage.after:cand.end]
        return len(outside.strip(" :,.\u00a0\u202f")) == 0

    def _drop_nested(self, contents, direct):
        """A reporting verb inside another quotation's content, or inside a passage, is not a quotation
        (but a participle clause « …, estimant que … » ends the content before it)."""
        self._end_before_participle_clauses(contents)
        spans = [(c.start, c.end) for c in contents] + [(d.start, d.end) for d in direct.values()]
        kept = []
        for cand in contents:
            nested = any(_inside(cand.verb.start, s, e) and (s, e) != (cand.start, cand.end) and
                         not _inside(s, cand.start, cand.end) for s, e in spans)
            if not nested:
                kept.append(cand)
        return kept

    def _end_before_participle_clauses(self, contents):
        for inner in contents:
            verb = inner.verb
            if verb is None or not verb.lower.endswith("ant") or verb.index == 0:
                continue
            i = verb.index - 1
            while i > 0 and self.article.words[i].lower in CLITICS:
                i -= 1
            comma = self.article.words[i]
            if comma.text != ",":
                continue
            for outer in contents:
                if outer is not inner and outer.start < comma.start < outer.end:
                    outer.end = self.article.end_before_spaces(comma.start)
                    if outer.construction == "complement" and not any(
                            outer.start <= q.open_at and q.after <= outer.end for q in self.article.quoted):
                        outer.type = "drop"     # it was a quotation only for the fragment it no longer holds

    def _drop_overlaps(self, cands):
        """Of two overlapping quotations keep the one with a cue, then the longer."""
        order = sorted(cands, key=lambda c: (c.continuation, -(c.end - c.start)))
        kept = []
        for cand in order:
            if any(_overlaps(cand.start, cand.end, k.start, k.end) for k in kept):
                continue
            kept.append(cand)
        return kept

    def _keep_continuations(self, cands):
        """A passage with no cue is kept when it carries on the quotation just before it."""
        out = []
        for cand in cands:
            if not cand.continuation:
                out.append(cand)
                continue
            passage = next(q for q in self.article.quoted if q.start == cand.start)
            cand_text = self.article.text[cand.start:cand.end]
            words = word_count(cand_text)
            whole_sentence = dr.is_full_sentence(cand_text)
            previous = out[-1] if out else None
            if previous is None or (words <= SCARE_QUOTE_MAX_WORDS and not whole_sentence):
                continue
            para_gap = self.article.paragraph_at(cand.start) - self.article.paragraph_at(previous.end)
            if dr.opens_paragraph(self.article, passage) and para_gap <= 1:
                out.append(cand)
            elif (words >= LOOSE_PASSAGE_MIN_WORDS or whole_sentence) and para_gap == 0 and \
                    self._sentences_between(previous.end, cand.start) <= 1:
                out.append(cand)
        return out

    def _sentences_between(self, start, end):
        return sum(1 for s in self.article.sentences if start <= s.start < end)

    # --- attribution ------------------------------------------------------------------------------
    def _subject_events(self, cands):
        """Subjects of clauses outside every quotation: they make entities salient for pronouns."""
        quoted = Coverage((c.start, c.end) for c in cands)
        cue_verbs = {c.verb.index for c in cands if c.verb is not None}
        events, seen = [], set()
        for word in self.article.words:
            if word.upos != "VERB" or word.index in cue_verbs or self._in_passage(word.start) or \
                    quoted.covers(word.start) or self._attributive(word):
                continue
            source = subj.subject_source(self.article, word)
            if source is None or source.start in seen or self._in_passage(source.start) or \
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
            not any(self.article.words[c].rel == "nsubj" for c in word.children)

    def attribute(self, cands):
        ties.register_ties(self.ctx)
        events = [(self._anchor(c), 0, c) for c in cands] + self._subject_events(cands)
        events.sort(key=lambda e: (e[0], e[1]))
        for offset, kind, item in events:
            if kind == 1:
                resolution = attr.resolve_source(self.ctx, item)
                if resolution is not None:
                    self.ctx.see(offset, resolution.entity, speaker=False)
                continue
            self._attribute_one(item, offset)
        return cands

    def _anchor(self, cand):
        if cand.source is not None:
            return cand.source.start
        return cand.start

    def _attribute_one(self, cand, offset):
        if cand.verb is not None and subj.asked_participle(self.article, cand.verb):
            cand.resolution = self._asked_one(cand.verb)
        elif cand.continuation or (cand.verb is not None and subj.narrative_infinitive(self.article, cand.verb)):
            last = self._last_quote_before(cand)
            if last is not None and last.resolution is not None:
                prev = last.resolution
                cand.resolution = attr.Resolution(prev.entity, prev.mention_start, prev.mention_end,
                                                  "continuation")
                cand.cue = cand.cue or last.cue
        elif cand.source is not None:
            cand.resolution = attr.resolve_source(self.ctx, cand.source)
            if cand.resolution is None and cand.verb is not None and cand.source.word is not None:
                fallback = subj.surface_source(self.article, cand.verb)
                if fallback is not None:
                    cand.resolution = attr.resolve_source(self.ctx, fallback)
        if cand.resolution is not None:
            self.ctx.see(offset, cand.resolution.entity, speaker=True)

    def _asked_one(self, participle):
        """The person « interrogé(e) » stands for: the salient one its gender agrees with, as a pronoun would."""
        form = "elle" if participle.feat("Gender") == "Fem" else "il"
        entity = self.ctx.resolve_pronoun(form, participle.start)
        return attr.Resolution(entity, participle.start, participle.end, "pronoun") if entity is not None else None

    def _last_quote_before(self, cand):
        before = [c for c in self._all if c.end <= cand.start and c.resolution is not None]
        return max(before, key=lambda c: c.end) if before else None

    def quotes(self):
        cands = self.candidates()
        self._all = cands
        self.attribute(cands)
        return [self._to_quote(c) for c in cands]

    def _to_quote(self, cand):
        article = self.article
        speaker = None
        confidence = TYPE_CONFIDENCE[cand.type] * 0.6
        if cand.resolution is not None:
            r = cand.resolution
            speaker = Speaker(id=r.entity.id, name=r.entity.name,
                              mention=Mention(*_posted(article, r.mention_start, r.mention_end)),
                              resolved_by=r.resolved_by)
            confidence = TYPE_CONFIDENCE[cand.type] * attr.speaker_confidence(r.resolved_by)
        cue = None
        if cand.cue is not None:
            cue_text, cue_start, cue_end = _posted(article, cand.cue.start, cand.cue.end)
            cue = replace(cand.cue, text=cue_text, start=cue_start, end=cue_end)
        text, start, end = _posted(article, cand.start, cand.end)
        return Quote(text=text, start=start, end=end, type=cand.type,
                     speaker=speaker, cue=cue, confidence=round(confidence, 3))


def _posted(article, start, end):
    """(text, start, end) of a span of the text read, in the text as posted."""
    start, end = article.posted_span(start, end)
    return article.posted[start:end], start, end


def read_article(article, lexicon=None, speakers=None):
    """The quotations of an article already parsed."""
    reader = ArticleReader(article, lexicon if lexicon is not None else default_lexicon(),
                           speakers if speakers is not None else speaker_list())
    return reader.quotes()


def extract_batch(items, pipeline=None, deadline=None, speakers=None):
    """Quotations of several (text, date) articles, all parsed through Stanza together."""
    articles = [new_article(text or "", date) for text, date in items]
    if pipeline is None:
        from service.nlp import get_pipeline
        pipeline = get_pipeline()
    parse_articles(articles, pipeline, deadline)
    results = []
    for article in articles:
        check_deadline(deadline)
        results.append(read_article(article, speakers=speakers))
    return results


def extract(text, date=None, pipeline=None, deadline=None, speakers=None):
    """Quotations of one article: a list of model.Quote in text order."""
    return extract_batch([(text, date)], pipeline=pipeline, deadline=deadline, speakers=speakers)[0]


__all__ = ["extract", "extract_batch", "read_article"]
