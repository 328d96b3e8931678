"""Reported content read on the words alone, for when the parse misses the construction.

« a déclaré jeudi que », « a assuré ne pas … », « a accusé X de … », « a présenté X
comme … », a complement carrying a quoted fragment: the same constructions as
service.quotes.content.clauses, found from the word order and the part-of-speech tags.
"""
from service.quotes.content.bounds import (
    COMPLEMENT_CONSTRUCTIONS,
    Content,
    carries_fragment,
    clip_relative,
    complement_fits,
    finish,
    inside_passage,
    looks_infinitive,
    skip_adjuncts,
    surface_end,
)
from service.quotes.french import INF_MARKS, QUE
from service.quotes.marks import MARKS
from service.quotes.parse.word_classes import is_time_word, pronoun_form


def surface_que(article, verb):
    """« a déclaré jeudi que », « insiste sur le fait que », « s'engage à ce que » read on the words
    when the parse misses the clause (a relative « ce que » is not a complement clause)."""
    sentence = article.sentence_of(verb)
    words = article.words[verb.index + 1:min(verb.index + 8, sentence.last + 1)]
    i = 0
    while i < len(words):
        w = words[i]
        if w.lower in QUE:
            return w if w.upos != "PRON" and w.rel not in ("obj", "nsubj") else None
        lowers = [x.lower for x in words[i:i + 3]]
        if lowers[:3] == ["sur", "le", "fait"]:
            i += 3
            continue
        if lowers[:2] in (["à", "ce"], ["a", "ce"]):
            i += 2
            continue
        if w.lower == "par":        # a passive's agent: « a été annoncé par le gouvernement que »
            i += 1
            while i < len(words) and words[i].lower not in QUE and words[i].upos != "PUNCT":
                i += 1
            continue
        if w.upos in ("ADV",) or is_time_word(w) or pronoun_form(w) or w.text == "," or (
                w.upos == "DET" and i + 1 < len(words) and is_time_word(words[i + 1])):
            i += 1
            continue
        return None
    return None


def surface_infinitive(article, verb, entry):
    """« a dit ne pas vouloir … », « a promis de rentrer … »."""
    sentence = article.sentence_of(verb)
    i = skip_adjuncts(article, _after_parenthetical(article, verb, sentence), sentence.last)
    if i > sentence.last:
        return None
    w = article.words[i]
    marked = w.lower in INF_MARKS
    if marked and not (entry.allows("de_inf") or entry.allows("a_inf")):
        return None
    first = article.words[i + 1] if marked and i + 1 <= sentence.last else w
    probe = first
    while probe.index < sentence.last and probe.lower in ("ne", "n'", "pas", "plus", "jamais", "rien", "se",
                                                            "s'", "y", "en", "le", "la", "les", "l'", "lui"):
        probe = article.words[probe.index + 1]
    if not looks_infinitive(probe) or (not marked and not entry.allows("inf")):
        return None
    span = finish(article, first.start, surface_end(article, first.start, sentence), sentence.end)
    if span and len(article.text[span[0]:span[1]].split()) >= 2:
        return Content(*span, "inf")
    return None


def _after_parenthetical(article, verb, sentence):
    """« ont dit, lors d'une conférence de presse, ne pas avoir … »: the index after a verbless phrase set
    between commas right after the verb, else the index right after the verb."""
    start = verb.index + 1
    if start > sentence.last or article.words[start].text != ",":
        return start
    for i in range(start + 1, min(start + 12, sentence.last + 1)):
        word = article.words[i]
        if word.text == ",":
            return i + 1
        if word.upos in ("VERB", "AUX") or word.text in (".", ";", ":", "«", "»"):
            return start
    return start


def surface_object_and_infinitive(article, verb, entry):
    """« accuser X de + infinitif », read on the words."""
    if not (entry.allows("obj_de_inf") or entry.allows("obj_a_inf")):
        return None
    sentence = article.sentence_of(verb)
    i = skip_adjuncts(article, verb.index + 1, sentence.last)
    if i > sentence.last or article.words[i].upos not in ("DET", "PROPN", "NOUN", "NUM"):
        return None
    for w in article.words[i + 1:sentence.last]:
        nxt = article.words[w.index + 1]
        if w.lower in ("de", "d'", "d’", "à") and looks_infinitive(nxt):
            start = article.words[i].start
            span = finish(article, start, surface_end(article, start, sentence), sentence.end)
            return Content(*span, "obj_de_inf") if span else None
        if w.text in (";", ":") or w.upos == "VERB" and not looks_infinitive(w) and w.feat("VerbForm") != "Part":
            return None     # a finite verb ends the object (a participle may qualify it: « X, alliés de Y, »)
    return None


def surface_object_as(article, verb, entry):
    """« présenter X comme Y », « rejeter X comme étant Y », read on the words."""
    if not entry.allows("obj_comme"):
        return None
    sentence = article.sentence_of(verb)
    i = skip_adjuncts(article, verb.index + 1, sentence.last)
    if i <= sentence.last and _clitic_object_before(article, verb) and \
            article.words[i].lower in ("comme", "de", "d'", "d’"):
        start = article.words[i].start      # « les qualifiant de « … » »: the object is a clitic
        span = finish(article, start, surface_end(article, start, sentence), sentence.end)
        return Content(*span, "obj_comme") if span else None
    if i > sentence.last or article.words[i].upos not in ("DET", "PROPN", "NOUN", "NUM"):
        return None
    for w in article.words[i + 1:sentence.last + 1]:
        if w.lower == "comme" or (entry.lemma == "qualifier" and w.lower in ("de", "d'")):
            start = article.words[i].start
            span = finish(article, start, surface_end(article, start, sentence), sentence.end)
            return Content(*span, "obj_comme") if span else None
        if w.text in (",", ";", ":") or (w.upos == "VERB" and w.feat("VerbForm") == "Fin"):
            return None
    return None


def _clitic_object_before(article, verb):
    before = verb.nbor(-1)
    return before is not None and before.sentence == verb.sentence and \
        before.lower in ("le", "la", "les", "l'", "l’") and before.upos in ("PRON", "DET")


def surface_quoted_complement(article, verb, entry):
    """A complement after the verb carrying a quoted fragment, up to the end of its clause."""
    if not any(entry.allows(c) for c in COMPLEMENT_CONSTRUCTIONS):
        return None
    sentence = article.sentence_of(verb)
    i = skip_adjuncts(article, verb.index + 1, sentence.last)
    if i > sentence.last or article.words[i].lower in QUE or not complement_fits(entry, article.words[i]):
        return None
    start = article.words[i].start
    end = clip_relative(article, verb, start, surface_end(article, start, sentence))
    later_verbs = [w for w in article.words[i:sentence.last + 1] if w.start < end and w.upos == "VERB"
                   and w.feat("VerbForm") == "Fin" and not inside_passage(article, w.start)]
    if later_verbs:
        end = min(end, _clause_start(later_verbs[0], start))
    span = finish(article, start, end, sentence.end)
    return Content(*span, "complement") if span and carries_fragment(article, *span) else None


def _clause_start(verb, not_before):
    """Where the clause of a later verb starts: its first dependent before it (« et », « mais », its
    subject, « ne », its clitics; not a quotation mark the parse hangs on it), from `not_before` on."""
    return min([verb.start] + [c.start for c in verb.dependents()
                               if not_before <= c.start < verb.start and c.text not in MARKS])
