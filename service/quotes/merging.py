"""The article's quotations made of the candidates: a reporting verb inside another quotation reports
nothing; a content holding a passage is a mixed quotation, or the passage itself when nothing else is
left; of two overlapping quotations the one with a cue, then the longer, stays; a passage with no cue
stays only when it carries on the quotation just before it (a paragraph opening with marks after a
quotation); the rest are scare quotes, titles or terms.
"""
from service.quotes.candidates import SCARE_QUOTE_MAX_WORDS, Candidate, inside
from service.quotes.cues import passages
from service.quotes.french import OBJECT_CLITICS
from service.quotes.marks import Quoted, word_count
from service.quotes.parse.article import Article

LOOSE_PASSAGE_MIN_WORDS = 6


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return min(a_end, b_end) > max(a_start, b_start)


def without_nested(article: Article, contents: list[Candidate], direct: dict[Quoted, Candidate]) -> list[Candidate]:
    """The contents whose verb lies in no other quotation (see CandidateMerger.drop_nested)."""
    return [c for c in CandidateMerger(article).drop_nested(contents, direct) if not c.dropped]


def merge(article: Article, direct: dict[Quoted, Candidate], contents: list[Candidate]) -> list[Candidate]:
    """The quotations of the article, in text order: `direct` maps each passage with a cue to its
    candidate, `contents` are the other candidates."""
    return CandidateMerger(article).merge(direct, contents)


class CandidateMerger:
    """The merging rules of one article."""

    def __init__(self, article: Article):
        self.article = article

    def merge(self, direct, contents):
        """Contents absorb the passages they hold; the passages left keep their own cue or become
        continuations; overlaps are settled and continuations kept only where they carry on."""
        absorbed = set()
        for cand in contents:
            absorbed |= self._absorb_passages(cand, direct)
        final = [c for c in contents if not c.dropped]
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

    def _absorb_passages(self, cand, direct):
        """The passages a content holds make it mixed, or the passage itself when the content is nothing else
        (dropped when the passage has a cue of its own, which wins); the last passage decides.  Returns the
        passages absorbed."""
        absorbed, verdict = set(), None
        for passage in self.article.quoted:
            if cand.start <= passage.open_at and passage.after <= cand.end + 1 or \
                    (cand.start <= passage.start and passage.end <= cand.end):
                if self._is_whole(cand, passage):
                    if passage in direct:
                        verdict = "dropped"
                        continue
                    cand.start, cand.end, verdict = passage.start, passage.end, "direct"
                else:
                    verdict = "mixed"
                absorbed.add(passage)
        if verdict == "dropped":
            cand.dropped = True
        elif verdict is not None:
            cand.type = verdict
        return absorbed

    def _is_whole(self, cand, passage):
        """The content is the passage itself (« Il a dit : « … » »): the passage stands as direct."""
        outside = self.article.text[cand.start:passage.open_at] + self.article.text[passage.after:cand.end]
        return len(outside.strip(" :,.\u00a0\u202f")) == 0

    def drop_nested(self, contents, direct):
        """A reporting verb inside another quotation's content, or inside a passage, is not a quotation
        (but a participle clause « …, estimant que … » ends the content before it)."""
        self._end_before_participle_clauses(contents)
        spans = [(c.start, c.end) for c in contents] + [(d.start, d.end) for d in direct.values()]
        kept = []
        for cand in contents:
            nested = any(inside(cand.verb.start, s, e) and (s, e) != (cand.start, cand.end) and
                         not inside(s, cand.start, cand.end) for s, e in spans)
            if not nested:
                kept.append(cand)
        return kept

    def _end_before_participle_clauses(self, contents):
        for inner in contents:
            verb = inner.verb
            if verb is None or not verb.lower.endswith("ant") or verb.index == 0:
                continue
            i = verb.index - 1
            while i > 0 and self.article.words[i].lower in OBJECT_CLITICS:
                i -= 1
            comma = self.article.words[i]
            if comma.text != ",":
                continue
            for outer in contents:
                if outer is not inner and outer.start < comma.start < outer.end:
                    outer.end = self.article.end_before_spaces(comma.start)
                    if outer.construction == "complement" and not any(
                            outer.start <= q.open_at and q.after <= outer.end for q in self.article.quoted):
                        outer.dropped = True     # it was a quotation only for the fragment it no longer holds

    def _drop_overlaps(self, cands):
        """Of two overlapping quotations keep the one with a cue, then the longer."""
        order = sorted(cands, key=lambda c: (c.continuation, -(c.end - c.start)))
        kept = []
        for cand in order:
            if any(overlaps(cand.start, cand.end, k.start, k.end) for k in kept):
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
            whole_sentence = passages.is_full_sentence(cand_text)
            previous = out[-1] if out else None
            if self._stands_alone(passage, cand_text, words):
                out.append(cand)
                continue
            if previous is None or (words <= SCARE_QUOTE_MAX_WORDS and not whole_sentence):
                continue
            para_gap = self.article.paragraph_at(cand.start) - self.article.paragraph_at(previous.end)
            if passages.opens_paragraph(self.article, passage) and para_gap <= 1:
                out.append(cand)
            elif (words >= LOOSE_PASSAGE_MIN_WORDS or whole_sentence) and para_gap == 0 and \
                    self._sentences_between(previous.end, cand.start) <= 1:
                out.append(cand)
        return out

    def _stands_alone(self, passage, text, words):
        """« Le maire n'a pas voulu en dire plus. « Nous verrons demain. » »: a passage that is a sentence
        of its own (a capital, and a final stop inside the marks or a sentence ending right before it) is
        someone's words even with no cue: no term or title stands so; after a colon, whose cue was looked
        for already, only the words that close a headline."""
        before = self.article.text[max(0, passage.open_at - 3):passage.open_at].rstrip()
        if text[:1].isupper() and words >= 3 and self._closes_a_heading(passage):
            return True             # after a colon too: « Grève à la SNCF : « Nous n'avons pas le choix » »
        if before.endswith(":"):
            return False            # a colon whose clause names no speaker (« Le message est clair : »)
        if passages.is_full_sentence(text):
            return True
        return words > SCARE_QUOTE_MAX_WORDS and text[:1].isupper() and (not before or before[-1] in ".!?")

    def _closes_a_heading(self, passage):
        """The passage ends a paragraph whose words before it hold no verb (« Grève à la SNCF : « … » »): a
        headline's words, where « Le message est clair : « … » » is a sentence of the writer's."""
        start, end = self.article.paragraphs[self.article.paragraph_at(passage.open_at)]
        if self.article.text[passage.after:end].strip(" \t»”\""):
            return False
        return not any(w.upos in ("VERB", "AUX") for w in self.article.words_between(start, passage.open_at))

    def _sentences_between(self, start, end):
        return sum(1 for s in self.article.sentences if start <= s.start < end)
