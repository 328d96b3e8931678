"""The reported content a cue introduces: its span in the article.

For a reporting verb: its que-clause (« a déclaré que … »), its infinitive
(« a assuré ne pas … », « a juré de … »), « accuser X de … », « présenter X comme
… », a complement carrying a quoted fragment (« a rejeté X comme étant "…" »), or
the clause before an inverted incise (« …, a déclaré le ministre »).  For
« selon X » / « d'après X »: the clause after it, or the one before it when it
closes the sentence.  Spans stop at the end of the clause: the final full stop,
a journalist's gloss after a dash, a coordinated main clause, or a nested
« selon » are left out.
"""
import re
from dataclasses import dataclass
from typing import Optional

from service.quotes import mentions as m

QUE = {"que", "qu'", "qu’"}
TRAILING = ".,;:!?…-–— \t\n\u00a0\u202f"
DASH_GLOSS = re.compile(r"\s[-–—]\s")
SOURCE_CUT = re.compile(r",\s*(selon|d['’]après)\s", re.IGNORECASE)
# « M. X, qui a déclaré que …, a parlé de … »: the main clause resumes after the reported one
MAIN_CLAUSE_RESUMES = re.compile(r",\s+(?:a|ont|avait|avaient|aura|est|sont|était)\s+(?:\w+\s+){0,2}?\w+(?:é|ée|és|ées|i|u|is|it)\b")
# « …, sans toutefois préciser … », « …, si bien que … », « …, alors que … »: the writer's own words
WRITER_ADVERBIAL = re.compile(r",\s+(?:sans\s+(?:\w+\s+)?\w+(?:er|ir|re)\b|si bien qu|alors qu|tandis qu|"
                              r"quelques (?:jours|heures|semaines) après|au moment où|utilisant\b)")
CUTS = (DASH_GLOSS, SOURCE_CUT, MAIN_CLAUSE_RESUMES, WRITER_ADVERBIAL)
# read on the surface only (a parse gives clause ends itself): « … et a déclaré que », « … et le
# président X a juré de … » start a clause of the main sentence
COORDINATED_CLAUSE = re.compile(r",?\s+et\s+(?:(?:le|la|les|l'|l’|M\.|Mme)\s*)?(?:[\w'’-]+\s+){0,6}?"
                                r"(?:a|ont|avait|avaient|aura|auront)\s+(?:\w+\s+){0,2}?\w+(?:é|ée|és|i|u|is|it)\b")
COMPLEMENT_RELS = {"obj", "obl", "iobj", "xcomp", "ccomp", "nmod", "advmod", "dep"}
INF_MARKS = {"de", "d'", "d’", "à", "a"}
# nouns after « selon » that name a convention, not a source (« selon le vocabulaire de … »)
NOT_SOURCES = {"vocabulaire", "terme", "termes", "expression", "formule", "mot", "mots", "règle",
               "règles", "loi", "principe", "cas", "modèle", "méthode", "calendrier", "ordre",
               "critère", "critères", "procédure", "tradition", "logique", "schéma", "scénario",
               "modalité", "modalités", "usage", "coutume", "norme", "normes", "format", "rythme",
               "besoin", "besoins", "que", "qu'", "lequel", "laquelle", "lesquels", "lesquelles"}


@dataclass
class Content:
    start: int
    end: int
    construction: str            # que, inf, obj_de_inf, obj_comme, complement, incise, selon
    source: Optional[object] = None   # for selon: the head word of the source phrase


def _children(article, word):
    return [article.words[c] for c in word.children]


def _has_que_mark(article, clause):
    return any(c.rel == "mark" and c.lower in QUE for c in _children(article, clause))


def _que_word(article, clause):
    for c in _children(article, clause):
        if c.rel == "mark" and c.lower in QUE:
            return c
    return None


def _sentence_end(article, word):
    return article.sentence_of(word).end


def _clause_end(article, start, word, verb=None):
    """Where a reported clause starting at `start` and headed by `word` ends.

    The surface end (the sentence's end, or an earlier cut: a coordinated clause, a gloss…) unless
    the parse ends the clause earlier, right before a punctuation mark (« M. X, qui a dit que …, a
    parlé … ») or before a phrase it hangs on the reporting verb (« a assuré faire … *après huit
    mois de combats* »): elsewhere an early end is more often an attachment error than a clause end.
    """
    sentence = article.sentence_of(word)
    surface = _surface_end(article, start, sentence)
    parsed = _extent(article, word)
    if start < parsed < surface:
        if article.text[parsed:surface].lstrip()[:1] in (",", ";", ":", "-", "–", "—", "(", ")"):
            return parsed
        following = next((w for w in article.words[word.index:sentence.last + 1] if w.start >= parsed), None)
        if verb is not None and following is not None and following.upos in ("ADP", "SCONJ") and \
                _hangs_on(article, following, verb):
            return parsed
    return surface


def _hangs_on(article, word, verb):
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


def _extent(article, word, stop_at_conj_clause=True):
    """End offset of the subtree of `word`, without coordinated main clauses of their own."""
    words = article.subtree(word)
    end = word.end
    cut = None
    if stop_at_conj_clause:
        cut = _coordinated_main_clause(article, word)
    for w in words:
        if cut is not None and w.index >= cut:
            continue
        end = max(end, w.end)
    return end


def _coordinated_main_clause(article, clause):
    """Index of the « et » opening a clause coordinated to `clause` with its own subject and no que."""
    for conj in (c for c in _children(article, clause) if c.rel == "conj" and c.index > clause.index):
        kids = _children(article, conj)
        own_subject = any(k.rel == "nsubj" for k in kids)
        if own_subject and not any(k.rel == "mark" for k in kids):
            ccs = [k for k in kids if k.rel == "cc"]
            return min([k.index for k in ccs] + [min(w.index for w in article.subtree(conj))])
    return None


def finish(article, start, end, limit):
    """Apply the cuts every reported span shares; returns (start, end) or None."""
    end = min(end, limit)
    end = _extend_over_open_passage(article, start, end)
    for pattern in CUTS:
        for match in pattern.finditer(article.text, start, end):
            if _inside_passage(article, match.start()) or (
                    pattern is SOURCE_CUT and not _names_source(article.text[match.end():match.end() + 40])):
                continue
            end = match.start()
            break
    end = _drop_relative_before_source(article, start, end)
    while end > start and article.text[end - 1] in TRAILING:
        end -= 1
    piece = article.text[start:end]
    if piece.endswith(("»", "”")) and not any(mark in piece for mark in "«“"):
        end -= 1
        while end > start and article.text[end - 1] in TRAILING:
            end -= 1
    while start < end and article.text[start] in " \t\n\u00a0\u202f,":
        start += 1
    if end - start < 2:
        return None
    return start, end


def _names_source(following):
    """The words after « selon » name a source, not a convention (« selon le vocabulaire de … »)."""
    words = [w.lower() for w in re.findall(r"[\w'’-]+", following)[:2]]
    if not words or words[0] in NOT_SOURCES:
        return False
    return not (len(words) > 1 and words[0] in ("le", "la", "les", "l'", "un", "une") and words[1] in NOT_SOURCES)


def _drop_relative_before_source(article, start, end):
    """« … un plan que, selon X, … »: the relative clause belongs to X, so the span stops before « que »."""
    tail = article.text[start:end]
    match = re.search(r"\s(que|qui|dont)\s*$", tail)
    if match and article.text[end:end + 12].lstrip().startswith(","):
        return start + match.start()
    return end


def _inside_passage(article, offset):
    return any(q.open_at <= offset < q.after for q in article.quoted)


def _extend_over_open_passage(article, start, end):
    for q in article.quoted:
        if start <= q.open_at < end < q.after:
            end = q.after
    return end


def que_clause(article, verb):
    """The clause « que … » the verb governs (directly, or through « sur le fait » / « à ce »)."""
    for child in _children(article, verb):
        if child.index > verb.index and child.rel in ("ccomp", "advcl", "obj", "xcomp", "csubj", "dep",
                                                      "acl") and _has_que_mark(article, child):
            return child
    for child in _children(article, verb):
        if child.index > verb.index and child.lower in ("fait", "ce") and child.rel in ("obl", "obj", "iobj", "nmod"):
            for grandchild in _children(article, child):
                if grandchild.index > child.index and _has_que_mark(article, grandchild):
                    return grandchild
    return None


def _surface_que(article, verb):
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
        if w.upos in ("ADV",) or m.is_time_word(w) or m.pronoun_form(w) or w.text == "," or (
                w.upos == "DET" and i + 1 < len(words) and m.is_time_word(words[i + 1])):
            i += 1
            continue
        return None
    return None


def from_que(article, verb):
    clause = que_clause(article, verb)
    limit = _sentence_end(article, verb)
    if clause is not None:
        que = _que_word(article, clause)
        first = article.words[que.index + 1] if que.index + 1 < len(article.words) else None
        if first is not None:
            span = finish(article, first.start, _clause_end(article, first.start, clause, verb), limit)
            if span:
                return Content(*span, "que")
    que = _surface_que(article, verb)
    if que is not None and que.index + 1 <= article.sentence_of(verb).last:
        first = article.words[que.index + 1]
        span = finish(article, first.start, _surface_end(article, first.start, article.sentence_of(verb)), limit)
        if span:
            return Content(*span, "que")
    return None


def _is_infinitive(word):
    return word.feat("VerbForm") == "Inf" or (word.upos == "VERB" and word.lower.endswith(("er", "ir", "re")))


def _infinitive_child(article, verb, after):
    for child in _children(article, verb):
        if child.index > after and child.rel in ("xcomp", "ccomp", "advcl", "obl", "obj", "csubj") \
                and child.upos in ("VERB", "AUX") and _is_infinitive(child):
            return child
    return None


def _start_after_marks(article, words):
    for w in words:
        if w.lower in INF_MARKS and w.rel in ("mark", "case"):
            continue
        return w
    return None


def from_infinitive(article, verb, entry):
    if not (entry.allows("inf") or entry.allows("de_inf") or entry.allows("a_inf")):
        return None
    inf = _infinitive_child(article, verb, verb.index)
    if inf is None:
        return None
    words = [w for w in article.subtree(inf) if w.index > verb.index]
    marks = [w for w in words if w.index < inf.index and w.lower in INF_MARKS and w.rel in ("mark", "case")]
    if marks and not (entry.allows("de_inf") or entry.allows("a_inf")):
        return None
    if not marks and not entry.allows("inf"):
        return None
    first = _start_after_marks(article, words)
    if first is None:
        return None
    while first.index - 1 > verb.index and article.words[first.index - 1].lower in NEGATION:
        first = article.words[first.index - 1]
    if len([w for w in words if w.upos != "PUNCT"]) - len(marks) < 2:
        return None
    span = finish(article, first.start, _clause_end(article, first.start, inf, verb), _sentence_end(article, verb))
    return Content(*span, "inf") if span else None


def _object(article, verb):
    for child in _children(article, verb):
        if child.rel == "obj" and child.index > verb.index and not m.is_relative(child) \
                and child.upos not in ("PRON",):
            return child
    return None


def from_object_and_infinitive(article, verb, entry):
    """« accuser X de + infinitif », « appeler X à + infinitif »."""
    if not (entry.allows("obj_de_inf") or entry.allows("obj_a_inf")):
        return None
    obj = _object(article, verb)
    if obj is None:
        return None
    inf = _infinitive_child(article, verb, obj.index) or _infinitive_child(article, obj, obj.index)
    if inf is None:
        return None
    start = article.subtree(obj)[0].start
    span = finish(article, start, _clause_end(article, start, inf, verb), _sentence_end(article, verb))
    return Content(*span, "obj_de_inf") if span else None


def from_object_as(article, verb, entry):
    """« présenter X comme Y », « qualifier X de Y », « rejeter X comme étant Y »."""
    if not entry.allows("obj_comme"):
        return None
    obj = _object(article, verb)
    if obj is None:
        return None
    for holder in (verb, obj):
        for child in _children(article, holder):
            if child.index <= obj.index:
                continue
            words = article.subtree(child)
            if any(w.lower == "comme" for w in words[:2]) or (
                    entry.lemma == "qualifier" and words and words[0].lower in ("de", "d'")):
                start = article.subtree(obj)[0].start
                span = finish(article, start, _clause_end(article, start, child, verb), _sentence_end(article, verb))
                return Content(*span, "obj_comme") if span else None
    return None


def _passage_inside(article, start, end):
    return [q for q in article.quoted if start <= q.open_at and q.after <= end + 1]


def _reported_fragment(article, passage):
    """A quoted fragment that reports words, not a title or a name (« La Gaule vidusienne »)."""
    text = article.text[passage.start:passage.end]
    return not text[:1].isupper() or len(text.split()) >= 5


COMPLEMENT_CONSTRUCTIONS = ("obj", "de", "a_inf", "obj_a_inf", "inf", "de_inf", "sur_le_fait_que", "que")


def _complement_fits(entry, first_word):
    """The complement starts the way one of the verb's constructions wants (« appeler à … », « se
    féliciter de … », a direct object for « revendiquer »)."""
    lower = first_word.lower
    if lower in ("à", "au", "aux"):
        return entry.allows("a_inf") or entry.allows("obj_a_inf")
    if lower in ("de", "du", "des", "d'", "d’"):
        return entry.allows("de") or entry.allows("de_inf") or entry.allows("obj")
    if _looks_infinitive(first_word) or lower in ("ne", "n'"):
        return entry.allows("inf") or entry.allows("obj")
    return entry.allows("obj")


def _in_relative_clause(article, verb):
    """« ce que Moscou appelle … »: the verb's clause is a relative one."""
    sentence = article.sentence_of(verb)
    for w in reversed(article.words[max(sentence.first, verb.index - 6):verb.index]):
        if w.lower in QUE or w.lower in ("qui", "dont", "où"):
            return True
        if w.text in (",", ";", ":"):
            return False
    return False


def _clip_relative(article, verb, start, end):
    """A relative clause ends at the first comma after its quoted fragment."""
    if not _in_relative_clause(article, verb):
        return end
    passages = _passage_inside(article, start, end)
    after = passages[-1].after if passages else start
    comma = article.text.find(",", after, end)
    return comma if comma != -1 else end


def from_quoted_complement(article, verb, entry):
    """A complement carrying a quoted fragment: the whole complement is the (mixed) content."""
    if not any(entry.allows(c) for c in COMPLEMENT_CONSTRUCTIONS):
        return None
    complements = [c for c in _children(article, verb) if c.index > verb.index and c.rel in COMPLEMENT_RELS
                   and not m.is_time_word(c) and not (c.rel == "advmod" and len(article.subtree(c)) == 1)]
    if not complements:
        return None
    first_word = min((article.subtree(c)[0] for c in complements), key=lambda w: w.start)
    sentence = article.sentence_of(verb)
    right_after = _skip_adjuncts(article, verb.index + 1, sentence.last)
    if right_after <= sentence.last and article.words[right_after].start < first_word.start:
        first_word = article.words[right_after]     # words the parser hung elsewhere open the complement
    if not _complement_fits(entry, first_word):
        return None
    first_start = first_word.start
    end = _clip_relative(article, verb, first_start,
                         max(_clause_end(article, first_start, c, verb) for c in complements))
    span = finish(article, first_start, end, _sentence_end(article, verb))
    return Content(*span, "complement") if span and _carries_fragment(article, *span) else None


def _carries_fragment(article, start, end):
    """The span holds a reported quoted fragment and at least two words of its own around it."""
    passages = _passage_inside(article, start, end)
    if not any(_reported_fragment(article, q) for q in passages):
        return False
    outside = article.text[start:end]
    for q in passages:
        outside = outside.replace(article.text[q.open_at:q.after], " ")
    return len(re.findall(r"\w+", outside)) >= 2


def incise_before(article, verb, cue_start_word):
    """« <content>, a déclaré X » / « <content>, a-t-il dit »: the clause before the incise."""
    sentence = article.sentence_of(verb)
    if cue_start_word.index <= sentence.first:
        return None
    comma = article.words[cue_start_word.index - 1]
    if comma.text not in (",", "\u201a"):
        return None
    if _complement_follows(article, verb):
        return None
    start = sentence.start
    for w in article.sentence_words(sentence):
        if w.index >= comma.index:
            break
        if w.text == ":":
            start = w.end
    if len(article.text[start:comma.start].split()) < 3:
        return _after_middle_incise(article, verb, sentence)
    if not any(w.upos in ("VERB", "AUX") for w in article.words_between(start, comma.start)):
        return None
    span = finish(article, start, comma.start, comma.start)
    return Content(*span, "incise") if span else None


def _after_middle_incise(article, verb, sentence):
    """« En 2004, a-t-il indiqué, nous avons … »: the words after the incise's closing comma."""
    for w in article.words[verb.index + 1:sentence.last + 1]:
        if w.text == ",":
            span = finish(article, w.end, sentence.end, sentence.end)
            return Content(*span, "incise") if span and len(article.text[span[0]:span[1]].split()) >= 3 else None
        if w.text in (".", ";", ":", "!", "?"):
            return None
    return None


def _complement_follows(article, verb):
    """« …, a incité les hommes à partir »: a verb with its own complement clause is no incise."""
    sentence = article.sentence_of(verb)
    words = article.words[verb.index + 1:sentence.last + 1]
    for i, w in enumerate(words[:12]):
        if w.lower in QUE:
            return True
        if w.lower in INF_MARKS and i + 1 < len(words) and _is_infinitive(words[i + 1]) \
                and words[i + 1].upos in ("VERB", "AUX"):
            return True
        if w.text in (",", ".", ";", ":"):
            return False
    return False


# --- the same constructions read on the words, for when the parse misses them ------------------------

NEGATION = {"ne", "n'", "n’", "pas", "plus", "jamais", "rien", "guère"}


def _skip_adjuncts(article, index, last):
    """First index after the adverbs and time words that follow a verb (« a assuré ce vendredi »)."""
    while index <= last:
        w = article.words[index]
        nxt = article.words[index + 1] if index + 1 <= last else None
        if w.lower in NEGATION:
            break
        if w.upos == "ADV" or m.is_time_word(w) or w.text == "," or (
                w.lower in ("ce", "cette", "cet") and nxt is not None and m.is_time_word(nxt)):
            index += 1
            continue
        break
    return index


def _surface_end(article, start, sentence):
    end = sentence.end
    match = COORDINATED_CLAUSE.search(article.text, start, end)
    if match and not _inside_passage(article, match.start()):
        end = match.start()
    return end


def _looks_infinitive(word):
    return word.feat("VerbForm") == "Inf" or (word.upos in ("VERB", "AUX") and word.feat("VerbForm") is None
                                               and word.lower.endswith(("er", "ir", "re", "oir")))


def surface_infinitive(article, verb, entry):
    """« a assuré ne pas avoir … », « a juré d'expulser … »."""
    sentence = article.sentence_of(verb)
    i = _skip_adjuncts(article, verb.index + 1, sentence.last)
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
    if not _looks_infinitive(probe) or (not marked and not entry.allows("inf")):
        return None
    span = finish(article, first.start, _surface_end(article, first.start, sentence), sentence.end)
    if span and len(article.text[span[0]:span[1]].split()) >= 2:
        return Content(*span, "inf")
    return None


def surface_object_and_infinitive(article, verb, entry):
    """« accuser X de + infinitif », read on the words."""
    if not (entry.allows("obj_de_inf") or entry.allows("obj_a_inf")):
        return None
    sentence = article.sentence_of(verb)
    i = _skip_adjuncts(article, verb.index + 1, sentence.last)
    if i > sentence.last or article.words[i].upos not in ("DET", "PROPN", "NOUN", "NUM"):
        return None
    for w in article.words[i + 1:sentence.last]:
        nxt = article.words[w.index + 1]
        if w.lower in ("de", "d'", "d’", "à") and _looks_infinitive(nxt):
            start = article.words[i].start
            span = finish(article, start, _surface_end(article, start, sentence), sentence.end)
            return Content(*span, "obj_de_inf") if span else None
        if w.text in (";", ":") or w.upos == "VERB" and not _looks_infinitive(w):
            return None
    return None


def surface_object_as(article, verb, entry):
    """« présenter X comme Y », « rejeter X comme étant Y », read on the words."""
    if not entry.allows("obj_comme"):
        return None
    sentence = article.sentence_of(verb)
    i = _skip_adjuncts(article, verb.index + 1, sentence.last)
    if i > sentence.last or article.words[i].upos not in ("DET", "PROPN", "NOUN", "NUM"):
        return None
    for w in article.words[i + 1:sentence.last + 1]:
        if w.lower == "comme" or (entry.lemma == "qualifier" and w.lower in ("de", "d'")):
            start = article.words[i].start
            span = finish(article, start, _surface_end(article, start, sentence), sentence.end)
            return Content(*span, "obj_comme") if span else None
        if w.text in (",", ";", ":") or (w.upos == "VERB" and w.feat("VerbForm") == "Fin"):
            return None
    return None


def surface_quoted_complement(article, verb, entry):
    """A complement after the verb carrying a quoted fragment, up to the end of its clause."""
    if not any(entry.allows(c) for c in COMPLEMENT_CONSTRUCTIONS):
        return None
    sentence = article.sentence_of(verb)
    i = _skip_adjuncts(article, verb.index + 1, sentence.last)
    if i > sentence.last or article.words[i].lower in QUE or not _complement_fits(entry, article.words[i]):
        return None
    start = article.words[i].start
    end = _clip_relative(article, verb, start, _surface_end(article, start, sentence))
    later_verbs = [w for w in article.words[i:sentence.last + 1] if w.start < end and w.upos == "VERB"
                   and w.feat("VerbForm") == "Fin" and not _inside_passage(article, w.start)]
    if later_verbs:
        end = min(end, later_verbs[0].start)
    span = finish(article, start, end, sentence.end)
    return Content(*span, "complement") if span and _carries_fragment(article, *span) else None


def reported_content(article, verb, entry):
    """The content the cue verb introduces, trying the constructions the lexicon allows it."""
    finders = []
    if entry.allows("que") or entry.allows("sur_le_fait_que") or entry.allows("a_ce_que"):
        finders.append(lambda: from_que(article, verb))
    finders += [lambda: from_object_and_infinitive(article, verb, entry),
                lambda: from_object_as(article, verb, entry),
                lambda: from_infinitive(article, verb, entry),
                lambda: from_quoted_complement(article, verb, entry),
                lambda: surface_object_and_infinitive(article, verb, entry),
                lambda: surface_object_as(article, verb, entry),
                lambda: surface_infinitive(article, verb, entry),
                lambda: surface_quoted_complement(article, verb, entry)]
    for finder in finders:
        found = finder()
        if found is not None:
            return found
    return None


# --- selon X / d'après X --------------------------------------------------------------------------

SELON = re.compile(r"(?<![\w'’])(selon|d['’]après)\s+", re.IGNORECASE)


def source_phrases(article):
    """Each « selon X » / « d'après X » outside quotation marks: (marker start, marker end, X start, X end, head word)."""
    found = []
    for match in SELON.finditer(article.text):
        if _inside_passage(article, match.start()):
            continue
        x_start = match.end()
        x_end = _source_end(article, x_start)
        if x_end is None:
            continue
        head = _source_head(article, x_start, x_end)
        first = article.text[x_start:x_end].split()
        if not first or first[0].lower() in NOT_SOURCES or (head is not None and head.lower in NOT_SOURCES):
            continue
        if len(first) > 1 and first[0].lower() in ("le", "la", "les", "l'", "un", "une") and \
                first[1].lower() in NOT_SOURCES:
            continue
        found.append((match.start(), match.start() + len(match.group(1)), x_start, x_end, head))
    return found


ABBREVIATION = re.compile(r"(?:\b[A-Z]|\bMM?|\bMme|\bDr|\bSt|\bJr)$")


def _source_end(article, x_start):
    """The source phrase runs to the next comma or the end of the sentence, and is short."""
    tail = article.text[x_start:x_start + 240]
    end = x_start + len(tail)
    for match in re.finditer(r"[,.;:!?\n«»\"]", tail):
        if match.group() == "." and ABBREVIATION.search(tail[:match.start()]):
            continue
        end = x_start + match.start()
        break
    while end > x_start and article.text[end - 1].isspace():
        end -= 1
    if end <= x_start or len(article.text[x_start:end].split()) > 24:
        return None
    return end


SOURCE_NAME_STOP = re.compile(r"\s(?:à partir|à propos|sur|en|pour|avec|dans|lors|après|avant|depuis|"
                              r"selon|citée?s?|publiée?s?|rapportée?s?|relayée?s?)\b|\s\(")


def source_name_span(article, x_start, x_end):
    """The name part of a « selon X » source: « une analyse de l'AFP » out of « une analyse de l'AFP
    à partir des données de … »."""
    match = SOURCE_NAME_STOP.search(article.text, x_start, x_end)
    end = match.start() if match else x_end
    return (x_start, end) if end > x_start else (x_start, x_end)


def _source_head(article, start, end):
    words = article.words_between(start, end)
    if not words:
        return None
    inside = {w.index for w in words}
    heads = [w for w in words if w.head not in inside and w.upos not in ("PUNCT", "ADP", "DET")]
    return heads[0] if heads else words[0]


SOURCE_NOUNS = {"source", "sources", "agence", "média", "médias", "journal", "quotidien", "chaîne",
                "ministère", "responsable", "responsables", "porte-parole", "communiqué", "rapport",
                "analyse", "étude", "enquête", "sondage", "expert", "experts", "témoin", "témoins",
                "informations", "presse", "autorités", "gouvernement", "armée", "police", "parquet"}


def _opens_clause(article, marker_start):
    """« Selon X, » opens a clause: at the start of a sentence, or after a comma, « que » or « mais »."""
    before = article.text[max(0, marker_start - 40):marker_start].rstrip()
    if not before or before[-1] in ".!?:;,\n«\"":
        return True
    last = re.findall(r"[\w']+$", before.replace("’", "'"))
    return bool(last) and last[0].lower() in ("que", "qu'", "mais", "et", "toujours", "or", "car", "donc")


def _names_a_source(article, x_start, x_end):
    words = article.words_between(x_start, x_end)
    return any(w.upos == "PROPN" or w.text[:1].isupper() or w.lower in SOURCE_NOUNS or
               w.lower in ("lui", "elle", "eux", "elles") for w in words)


def _clause_after(article, start, end):
    words = [w for w in article.words_between(start, end) if w.upos != "PUNCT"]
    return bool(words) and words[0].upos not in ("VERB", "AUX") and \
        any(w.upos in ("VERB", "AUX") for w in words)


def selon_content(article, marker_start, x_end):
    """The clause a « selon X » sources: after « selon X, » or, closing a sentence, before « , selon X »."""
    sentence = _sentence_at(article, marker_start)
    if sentence is None:
        return None
    after = article.text[x_end:sentence.end]
    if after.lstrip().startswith(",") and len(after.split()) >= 3 and _opens_clause(article, marker_start):
        start = x_end + after.index(",") + 1
        span = finish(article, start, sentence.end, sentence.end)
        if span and _clause_after(article, *span):
            return Content(*span, "selon")
        return None
    before = article.text[sentence.start:marker_start].rstrip()
    final = not after.strip(" .!?…\"»")
    if final and len(before.split()) >= 3 and (before.endswith(",") or
                                               _names_a_source(article, marker_start, x_end)):
        start = sentence.start
        for i, ch in enumerate(before):
            if ch == ":":
                start = sentence.start + i + 1
        span = finish(article, start, sentence.start + len(before), sentence.end)
        return Content(*span, "selon") if span else None
    return None


def _sentence_at(article, offset):
    for sentence in article.sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    return None
