"""How a reported span is bounded: where a reported clause ends, the cuts every span shares (the
final full stop, a gloss after a dash, a nested « selon », the writer's own adverbials, a coordinated
main clause), and the quoted fragments a span carries.
"""
import re
from dataclasses import dataclass
from typing import Optional

from service.quotes.cues.verbs import default_lexicon
from service.quotes.french import NEGATION, NOT_SOURCES, QUE
from service.quotes.parse.verb_group import after_adverbial_locution
from service.quotes.parse.word_classes import is_time_word

TRAILING = ".,;:!?…-–— \t\n\u00a0\u202f"
LEADING = ",–— \t\n\u00a0\u202f"        # « — Nous sommes prêts, a répondu X »: the dash opens a line of dialogue
DASH_GLOSS = re.compile(r"\s[-–—]\s")
SOURCE_CUT = re.compile(r",\s*(selon|d['’]après|à en croire)\s", re.IGNORECASE)
# « M. X, qui a déclaré que …, a parlé de … »: the main clause resumes after the reported one
# « que les négociations, qui devaient reprendre lundi, ont été reportées »: the verb after the comma
# closes a relative clause of the span's own, or a participle phrase set between commas (« des élèves,
# portant des banderoles, ont bloqué … »)
INNER_RELATIVE = re.compile(r",\s+(?:qui|dont|où|lequel|laquelle|lesquels|lesquelles|"
                            r"(?!(?:avant|pendant|durant|cependant|maintenant|devant|suivant)\s)[\w’'-]+ant)\s")
MAIN_CLAUSE_RESUMES = re.compile(r",\s+(?:a|ont|avait|avaient|aura|est|sont|était)\s+"
                                 r"(?:\w+\s+){0,2}?\w+(?:é|ée|és|ées|i|u|is|it)\b")
# « …, sans toutefois préciser … », « …, si bien que … », « …, alors que … », « …, après avoir réclamé … »,
# « …, mais il a refusé … », « …, tout en promettant … »,
# « …, ce que dément le Kremlin » (the last two closing the span: « X, en agissant ainsi, violait … » goes on)
WRITER_ADVERBIAL = re.compile(r",\s+(?:sans\s+(?:\w+\s+)?\w+(?:er|ir|re)\b|si bien qu|alors qu|tandis qu|"
                              r"après (?:avoir|être)\s|avant d['’e]|"
                              r"mais (?:il|elle|ils|elles) (?:a|ont|avait|avaient)\s|"
                              r"quelques (?:jours|heures|semaines) après|au moment où|utilisant\b|"
                              r"(?:(?:tout\s+)?en\s+(?:\w+\s+)?\w+ant\b|ce\s+(?:que|qu['’]|qui|dont)\s)(?=[^,;]*$))")
# « …, une position jugée peu crédible par … », « …, des propos aussitôt dénoncés par … », « …, considérées
# comme … »: the writer's gloss on what was said, a participle of judgement (after a noun in apposition)
WRITER_GLOSS = re.compile(r",\s+(?:(?:une?|des|de\s+tels|une\s+telle)\s+[\w’'-]+\s+)?(?:\w+ment\s+)?"
                          r"(?:jugée?s?|qualifiée?s?|considérée?s?|perçue?s?|saluée?s?|critiquée?s?|"
                          r"dénoncée?s?|accueillie?s?|interprétée?s?|démentie?s?|contestée?s?)\b")
# « … a regretté que … : « … » »: the words after the colon are a quotation of their own
COLON_BEFORE_QUOTE = re.compile(r"\s*:\s*(?=[«“\"])")
# « … a demandé de « … » et assuré que … »: a second report sharing the subject (and the auxiliary)
COORDINATED_REPORT = re.compile(r"\s+et\s+(?:a\s+|ont\s+|avait\s+|avaient\s+)?\w+(?:é|ée|és|ées|i|is|it|u)\s+"
                                r"(?:que\s|qu['’]|de\s|d['’])")
CUTS = (DASH_GLOSS, SOURCE_CUT, MAIN_CLAUSE_RESUMES, WRITER_ADVERBIAL, WRITER_GLOSS, COLON_BEFORE_QUOTE,
        COORDINATED_REPORT)
# read on the surface only (a parse gives clause ends itself): « … et a déclaré que », « … et le
# président X a juré de … » start a clause of the main sentence
COORDINATED_CLAUSE = re.compile(r",?\s+et\s+(?:(?:le|la|les|l'|l’|M\.|Mme)\s*)?(?:[\w'’-]+\s+){0,6}?"
                                r"(?:a|ont|avait|avaient|aura|auront)\s+(?:\w+\s+){0,2}?\w+(?:é|ée|és|i|u|is|it)\b")
# « … et l'Occident avaient frappé »: a subject between « et » and the auxiliary
COORDINATED_SUBJECT = re.compile(r",?\s+et\s+(?!(?:a|ont|avait|avaient|aura|auront)\s)")
COMPLEMENT_RELS = {"obj", "obl", "iobj", "xcomp", "ccomp", "nmod", "advmod", "dep"}


@dataclass
class Content:
    """A reported span and the construction that found it."""
    start: int
    end: int
    construction: str            # que, inf, obj_de_inf, obj_comme, complement, incise, middle_incise, selon, pour


def has_que_mark(article, clause):
    return any(c.rel == "mark" and c.lower in QUE for c in clause.dependents())


def que_word(article, clause):
    for c in clause.dependents():
        if c.rel == "mark" and c.lower in QUE:
            return c
    return None


def sentence_end(article, word):
    return article.sentence_of(word).end


def clause_end(article, start, word, verb=None):
    """Where a reported clause starting at `start` and headed by `word` ends.

    The surface end (the sentence's end, or an earlier cut: a coordinated clause, a gloss…) unless
    the parse ends the clause earlier, right before a punctuation mark (« M. X, qui a dit que …, a
    parlé … ») or before a phrase it hangs on the reporting verb (« a promis de rentrer *après les
    élections* »): elsewhere an early end is more often an attachment error than a clause end.
    """
    sentence = article.sentence_of(word)
    surface = surface_end(article, start, sentence)
    parsed = extend_over_open_passage(article, start, extent(article, word))   # a closing mark hung elsewhere
    if article.text[start:parsed].rstrip().endswith(","):       # a comma the parse hangs inside the clause
        parsed = article.text.rindex(",", start, parsed)
    if start < parsed < surface:
        following = next((w for w in article.words[word.index:sentence.last + 1] if w.start >= parsed), None)
        rest = article.text[parsed:surface]
        reporting = None if word.rel in CLAUSE_RELS else verb
        if rest.lstrip()[:1] in (",", ";", ":", "-", "–", "—", "(", ")") and \
                not _coordinated_predicate(article, following, sentence, reporting) and \
                not SECOND_QUE_CLAUSE.search(rest) and not RELATIVE_AFTER_COMMA.match(rest) and \
                not QUOTED_CONTINUATION.match(rest):
            return parsed
        if verb is not None and following is not None and following.upos in ("ADP", "SCONJ", "CCONJ") and \
                hangs_on(article, following, verb):
            return parsed       # « … à « … » après …», « dénonce des « … » et demande une enquête »
    return surface


# the relations of a reported clause (not a noun phrase) to its reporting verb
CLAUSE_RELS = ("ccomp", "xcomp", "advcl", "csubj", "acl", "parataxis")


# « … que A, qui …, et que B »: a second complement clause of the same verb, so the content runs on
SECOND_QUE_CLAUSE = re.compile(r"\b(?:et|ou|mais)\s+(?:que|qu['’])", re.IGNORECASE)


# « … qu'il était prêt à négocier, « mais pas à n'importe quel prix » »: the reported clause goes on in marks
QUOTED_CONTINUATION = re.compile(r"\s*,\s*[«“\"][\s\u00a0\u202f]*[a-zà-ÿ]")


# « …, que Kiev veut rejoindre, … » / « …, qui en est à … »: a relative clause of the last noun
RELATIVE_AFTER_COMMA = re.compile(r"\s*,\s*(?:qui|que|qu['’]|dont|où|lequel|laquelle|lesquels|lesquelles)\b",
                                  re.IGNORECASE)


def _coordinated_predicate(article, punct, sentence, reporting=None):
    """« …, et restait prudent … »: a verb coordinated after a comma shares the clause's subject
    (a main-clause verb group « et a ajouté » is cut on the surface already), unless what is
    reported is a noun phrase and the parse coordinates the verb with the `reporting` verb itself
    (« salue « … », puis appelle à … »: the speaker's next act)."""
    if punct is None or punct.text != "," or punct.index + 2 > sentence.last:
        return False
    conj, verb = article.words[punct.index + 1], article.words[punct.index + 2]
    if reporting is not None and verb.head == reporting.index and verb.rel == "conj":
        return False
    return conj.lower in ("et", "mais", "ou", "puis") and verb.upos == "VERB"


def hangs_on(article, word, verb):
    """The phrase `word` opens is a dependant of `verb` itself (not of its complement)."""
    node, depth = word, 0
    while node.head >= 0 and depth < 4:
        if node.head == verb.index:
            return node.rel in ("obl", "advcl", "advmod", "nmod", "conj", "parataxis")
        parent = article.words[node.head]
        if parent.start < word.start and parent.index != verb.index:
            return False
        node, depth = parent, depth + 1
    return False


def extent(article, word, stop_at_conj_clause=True):
    """End offset of the subtree of `word`, without coordinated main clauses of their own."""
    words = article.subtree(word)
    end = word.end
    cut = None
    if stop_at_conj_clause:
        cut = coordinated_main_clause(article, word)
    for w in words:
        if cut is not None and w.index >= cut:
            continue
        end = max(end, w.end)
    return end


def coordinated_main_clause(article, clause):
    """Index of the « et » opening a clause coordinated to `clause` with its own subject and no que."""
    for conj in (c for c in clause.dependents() if c.rel == "conj" and c.index > clause.index):
        kids = conj.dependents()
        own_subject = any(k.rel == "nsubj" for k in kids)
        if own_subject and not any(k.rel == "mark" for k in kids):
            ccs = [k for k in kids if k.rel == "cc"]
            return min([k.index for k in ccs] + [min(w.index for w in article.subtree(conj))])
    return None


def finish(article, start: int, end: int, limit: int) -> Optional[tuple]:
    """Apply the cuts every reported span shares; returns (start, end) or None."""
    end = min(end, limit)
    end = extend_over_open_passage(article, start, end)
    for pattern in CUTS:
        for match in pattern.finditer(article.text, start, end):
            if inside_passage(article, match.start()) or (
                    pattern is SOURCE_CUT and not _source_ends_clause(article, match)) or (
                    pattern is MAIN_CLAUSE_RESUMES and INNER_RELATIVE.search(article.text, start, match.start())) or (
                    pattern is WRITER_ADVERBIAL and _gerund_of_the_span(article, start, match)):
                continue
            end = match.start()
            break
    end = drop_relative_before_source(article, start, end)
    while end > start and article.text[end - 1] in TRAILING:
        end -= 1
    piece = article.text[start:end]
    if piece.endswith(("»", "”")) and not any(mark in piece for mark in "«“"):
        end -= 1
        while end > start and article.text[end - 1] in TRAILING:
            end -= 1
    while start < end and article.text[start] in LEADING:
        start += 1
    if end - start < 2:
        return None
    return start, end


# « ce texte « de compromis », prévoyant notamment … »: a participle phrase after a reported noun phrase
PARTICIPLE_PHRASE = re.compile(r",\s+(?!(?:avant|pendant|durant|cependant|maintenant|devant|suivant)\s)"
                               r"[\w’'-]+ant\s")


def _gerund_of_the_span(article, start, match):
    """« … regretté que la région ne prenne pas « au sérieux » le dossier, en envoyant un conseiller »: a
    gerund the parse hangs on a verb of the reported clause goes on with it (one hung on the reporting
    verb, « a déclaré que …, tout en promettant … », is the writer's, and so is a gerund that reports,
    « …, en soulignant … »: the speaker's act)."""
    gerund = next((w for w in article.words_between(match.start(), match.end()) if w.lower.endswith("ant")
                   and w.upos == "VERB" and w.feat("VerbForm") == "Part"), None)
    head = gerund.head_word if gerund is not None else None
    return head is not None and head.upos in ("VERB", "AUX") and start <= head.start < match.start() and \
        gerund.rel == "advcl" and any(c.lower == "en" for c in gerund.dependents()) and \
        default_lexicon().lookup(article, gerund) is None      # « en soulignant que » reports: the speaker's


def before_participle_phrase(article, start, end):
    """A reported noun phrase ends before a participle phrase that describes it: (start, end)."""
    for match in PARTICIPLE_PHRASE.finditer(article.text, start, end):
        if not inside_passage(article, match.start()):
            return start, match.start()
    return start, end


def _source_ends_clause(article, match):
    """« …, selon X » ends the reported clause, unless the clause stops on its verb (« que la région est,
    selon X, « la mieux gérée … » »: the source is inserted inside it) or « selon » names no source."""
    before = article.last_word_ending_by(match.start())
    unfinished = before is not None and before.upos in ("AUX", "VERB") and before.feat("VerbForm") == "Fin"
    return not unfinished and names_source(article.text[match.end():match.end() + 40])


def names_source(following):
    """The words after « selon » name a source, not a convention (« selon le vocabulaire de … »)."""
    words = [w.lower() for w in re.findall(r"[\w'’-]+", following)[:2]]
    if not words or words[0] in NOT_SOURCES:
        return False
    return not (len(words) > 1 and words[0] in ("le", "la", "les", "l'", "un", "une") and words[1] in NOT_SOURCES)


def drop_relative_before_source(article, start, end):
    """« … un plan que, selon X, … »: the relative clause belongs to X, so the span stops before « que »."""
    tail = article.text[start:end]
    match = re.search(r"\s(que|qui|dont)\s*$", tail)
    if match and article.text[end:end + 12].lstrip().startswith(","):
        return start + match.start()
    return end


def inside_passage(article, offset):
    return article.in_passage(offset)


def extend_over_open_passage(article, start, end):
    for q in article.quoted:
        if start <= q.open_at < end < q.after:
            end = q.after
    return end


def passage_inside(article, start, end):
    return [q for q in article.quoted if start <= q.open_at and q.after <= end + 1]


def reported_fragment(article, passage):
    """A quoted fragment that reports words, not a title or a name (« La Guerre des mondes »)."""
    text = article.text[passage.start:passage.end]
    return not text[:1].isupper() or len(text.split()) >= 5


COMPLEMENT_CONSTRUCTIONS = ("obj", "de", "a_inf", "obj_a_inf", "inf", "de_inf", "sur_le_fait_que", "que")


def complement_fits(entry, first_word):
    """The complement starts the way one of the verb's constructions wants (« appeler à … », « se
    féliciter de … », a direct object for « revendiquer »)."""
    lower = first_word.lower
    if lower in ("à", "au", "aux"):
        return entry.allows("a_inf") or entry.allows("obj_a_inf")
    if lower in ("de", "du", "des", "d'", "d’"):
        return entry.allows("de") or entry.allows("de_inf") or entry.allows("obj")
    if looks_infinitive(first_word) or lower in ("ne", "n'"):
        return entry.allows("inf") or entry.allows("obj")
    return entry.allows("obj")


def in_relative_clause(article, verb):
    """« ce que le gouvernement appelle … »: the verb's clause is a relative one."""
    sentence = article.sentence_of(verb)
    for w in reversed(article.words[max(sentence.first, verb.index - 6):verb.index]):
        if w.lower in QUE or w.lower in ("qui", "dont", "où"):
            return True
        if w.text in (",", ";", ":"):
            return False
    return False


def clip_relative(article, verb, start, end):
    """A relative clause ends at the first comma after its quoted fragment."""
    if not in_relative_clause(article, verb):
        return end
    passages = passage_inside(article, start, end)
    after = passages[-1].after if passages else start
    comma = article.text.find(",", after, end)
    return comma if comma != -1 else end


def carries_fragment(article, start, end):
    """The span holds a reported quoted fragment and words of its own around it."""
    passages = passage_inside(article, start, end)
    if not any(reported_fragment(article, q) for q in passages):
        return False
    outside = article.text[start:end]
    for q in passages:
        outside = outside.replace(article.text[q.open_at:q.after], " ")
    return len(re.findall(r"\w+", outside)) >= 1


def skip_adjuncts(article, index, last):
    """First index after the adverbs, time words and adverbial locutions that follow a verb (« a dit ce
    matin », « a salué de son côté »)."""
    while index <= last:
        w = article.words[index]
        nxt = article.words[index + 1] if index + 1 <= last else None
        if w.lower in NEGATION:
            break
        after = after_adverbial_locution(article, index, last)
        if after > index:
            index = after
            continue
        if w.upos == "ADV" or is_time_word(w) or w.text == "," or (
                w.lower in ("ce", "cette", "cet") and nxt is not None and is_time_word(nxt)):
            index += 1
            continue
        break
    return index


def surface_end(article, start, sentence):
    """The end of a clause read on the words: the sentence's end, or a coordinated main clause (« … et a
    déclaré », or « … et le ministre a déclaré » once the clause has a verb of its own: « que le
    maire et ses adjoints avaient menti » is one clause)."""
    end = sentence.end
    for match in COORDINATED_CLAUSE.finditer(article.text, start, end):
        if inside_passage(article, match.start()):
            continue
        if not COORDINATED_SUBJECT.match(match.group(0)) or any(
                w.upos in ("VERB", "AUX") for w in article.words_between(start, match.start())):
            return match.start()
    return end


def looks_infinitive(word):
    return word.feat("VerbForm") == "Inf" or (word.upos in ("VERB", "AUX") and word.feat("VerbForm") is None
                                               and word.lower.endswith(("er", "ir", "re", "oir")))
