"""The reported content a cue introduces, read on the dependency parse.

For a reporting verb: its que-clause (« a déclaré que … »), its infinitive
(« a dit vouloir … », « a promis de … »), « accuser X de … », « présenter X comme
… », a complement carrying a quoted fragment (« a rejeté X comme étant "…" »), or
the clause before an inverted incise (« …, a déclaré le ministre »).  When the
parse misses a construction, service.quotes.content.surface reads it on the words.
"""
from dataclasses import replace
from typing import Optional

from service.quotes.content import surface
from service.quotes.content.bounds import (
    COMPLEMENT_CONSTRUCTIONS,
    COMPLEMENT_RELS,
    Content,
    before_participle_phrase,
    carries_fragment,
    clause_end,
    clip_relative,
    complement_fits,
    finish,
    has_que_mark,
    passage_inside,
    que_word,
    sentence_end,
    skip_adjuncts,
    surface_end,
)
from service.quotes.cues.verbs import VerbEntry
from service.quotes.french import INF_MARKS, INVERTED_CLITIC_TEXT, NEGATION, QUE
from service.quotes.parse.article import Article, Word
from service.quotes.parse.word_classes import is_relative, is_time_word

QUE_CLAUSE_RELS = ("ccomp", "advcl", "obj", "xcomp", "csubj", "dep", "acl")


def _governed_clause(article, child):
    """Whether a dependent of the verb can be its clause: a conjunct only without a
    coordinator, since « que … » with no « et », « mais » … before it is no second clause
    but the complement the parser hung on the wrong relation."""
    if child.rel == "conj":
        return not any(c.rel == "cc" for c in child.dependents())
    return child.rel in QUE_CLAUSE_RELS


def _through(article, child):
    """A dependent a que-clause can hang on instead of the verb: « sur le fait », « à ce », or an
    adverbial the parser gave the clause to (« a répété à plusieurs reprises qu'il … »)."""
    return (child.lower in ("fait", "ce") and child.rel in ("obl", "obj", "iobj", "nmod")) or \
        (child.rel == "obl" and child.upos == "NOUN")


def que_clause(article, verb):
    """The clause « que … » the verb governs (directly, or through « sur le fait » / « à ce »)."""
    for child in verb.dependents():
        if child.index > verb.index and _governed_clause(article, child) and has_que_mark(article, child):
            return child
    for child in verb.dependents():
        if child.index > verb.index and _through(article, child):
            for grandchild in child.dependents():
                if grandchild.index > child.index and has_que_mark(article, grandchild):
                    return grandchild
    return None


def from_que(article, verb):
    clause = que_clause(article, verb)
    limit = sentence_end(article, verb)
    if clause is not None:
        que = que_word(article, clause)
        first = que.nbor()
        if first is not None:
            span = finish(article, first.start, clause_end(article, first.start, clause, verb), limit)
            if span:
                return Content(*span, "que")
    que = surface.surface_que(article, verb)
    if que is not None and que.index + 1 <= article.sentence_of(verb).last:
        first = article.words[que.index + 1]
        span = finish(article, first.start, surface_end(article, first.start, article.sentence_of(verb)), limit)
        if span:
            return Content(*span, "que")
    return None


def is_infinitive(word):
    """« partir », and the past infinitive « avoir déterminé », « être parti » (a participle whose
    auxiliary is an infinitive)."""
    return word.feat("VerbForm") == "Inf" or (word.upos == "VERB" and word.lower.endswith(("er", "ir", "re"))) or \
        word.feat("VerbForm") == "Part" and any(c.rel.startswith("aux") and c.feat("VerbForm") == "Inf"
                                                for c in word.dependents())


def _infinitive_child(article, verb, after):
    for child in verb.dependents():
        if child.index > after and child.rel in ("xcomp", "ccomp", "advcl", "obl", "obj", "csubj") \
                and child.upos in ("VERB", "AUX") and is_infinitive(child):
            return child
    return None


def _infinitive_after_addressee(article, verb, entry):
    """« a demandé aux habitants de rester chez eux »: the parser often hangs the infinitive on the
    addressee (« à X ») rather than on the verb."""
    if not entry.allows("de_inf"):
        return None
    for child in verb.dependents():
        if child.index > verb.index and child.rel in ("obl:arg", "iobj", "obl") and \
                any(c.rel == "case" and c.lower in ("à", "au", "aux") for c in child.dependents()):
            inf = _infinitive_child(article, child, child.index) or next(
                (c for c in child.dependents() if c.rel == "acl" and is_infinitive(c) and
                 any(mark.lower in ("de", "d'", "d’") and mark.rel == "mark" for mark in c.dependents())), None)
            if inf is not None:
                return inf
    return None


def _start_after_marks(article, words):
    for w in words:
        if (w.lower in INF_MARKS or w.lower == "pour") and w.rel in ("mark", "case"):
            continue
        return w
    return None


def from_infinitive(article, verb, entry):
    """« a dit vouloir … », « a promis de rentrer », « a appelé à … »: the infinitive the verb governs,
    with « de » / « à » before it only where the verb takes one."""
    if not any(entry.allows(c) for c in ("inf", "de_inf", "a_inf", "pour_inf")):
        return None
    inf = _infinitive_child(article, verb, verb.index) or _infinitive_after_addressee(article, verb, entry)
    if inf is None:
        return None
    words = [w for w in article.subtree(inf) if w.index > verb.index]
    marks = [w for w in words if w.index < inf.index and (w.lower in INF_MARKS or w.lower == "pour")
             and w.rel in ("mark", "case")]
    if not _marks_allowed(entry, marks):
        return None
    first = _infinitive_start(article, verb, words)
    if first is None or len([w for w in words if w.upos != "PUNCT"]) - len(marks) < 2:
        return None
    return _clause_content(article, verb, first.start, inf, "inf")


def _marks_allowed(entry, marks):
    """The verb takes its infinitive with these marks: none, « de » / « à », or « pour » (« plaider pour »)."""
    if not marks:
        return entry.allows("inf")
    if any(m.lower == "pour" for m in marks):
        return entry.allows("pour_inf")
    return entry.allows("de_inf") or entry.allows("a_inf")


def _infinitive_start(article, verb, words):
    """The first word of the infinitive clause after its marks, with a negation before it (« de ne pas »)."""
    first = _start_after_marks(article, words)
    while first is not None and first.index - 1 > verb.index and article.words[first.index - 1].lower in NEGATION:
        first = article.words[first.index - 1]
    return first


def _object(article, verb):
    for child in verb.dependents():
        if child.rel == "obj" and child.index > verb.index and not is_relative(child) \
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
    return _clause_content(article, verb, article.subtree(obj)[0].start, inf, "obj_de_inf")


def _quoted_attribute(article, holder, child):
    """« juger la situation « difficile » »: the object's attribute in marks (the parser often hangs it on
    the noun as an adjective)."""
    if child.rel != "xcomp" and not (child.rel == "amod" and holder.rel == "obj"):
        return False
    words = article.subtree(child)
    return any(q.open_at <= words[0].start and words[-1].end <= q.after for q in article.quoted)


def from_object_as(article, verb, entry):
    """« présenter X comme Y », « qualifier X de Y », « rejeter X comme étant Y », « juger X « Y » »,
    « juger « Y » X »."""
    if not entry.allows("obj_comme"):
        return None
    obj = _object(article, verb)
    if obj is None:
        return _attribute_first(article, verb, entry)
    start = _attribute_before_object(article, verb, obj, entry)
    if start is not None:                  # « a jugé « inacceptables » les conditions posées par Moscou »
        return _clause_content(article, verb, start, obj)
    for holder in (verb, obj):
        for child in holder.dependents():
            if child.index <= obj.index:
                continue
            words = article.subtree(child)
            if any(w.lower == "comme" for w in words[:2]) or _quoted_attribute(article, holder, child) or (
                    entry.lemma == "qualifier" and words and words[0].lower in ("de", "d'")):
                return _clause_content(article, verb, article.subtree(obj)[0].start, child)
    trailing = _trailing_quoted_attribute(article, obj)
    if trailing is not None:
        return _clause_content(article, verb, article.subtree(obj)[0].start, trailing)
    return None


def _trailing_quoted_attribute(article, obj):
    """« juger le programme de sa rivale « irréaliste » »: adjectives alone in marks that end the object,
    hung on a noun inside it (the parser takes the attribute of the whole object for the last noun's)."""
    words = [w for w in article.subtree(obj) if w.upos != "PUNCT"]
    last = words[-1] if words else None
    if last is None or last.upos != "ADJ" or last.rel != "amod" or last.head == obj.index:
        return None
    passage = next((q for q in article.quoted if q.open_at <= last.start and last.end <= q.after), None)
    inside = [w for w in words if passage is not None and passage.start <= w.start < passage.end]
    return last if inside and all(w.upos in ("ADJ", "ADV") for w in inside) else None


def _clause_content(article, verb, start, last_part, construction="obj_comme"):
    """The content from `start` to the end of the clause `last_part` closes (an infinitive, « X de +
    infinitif », « X comme Y », « « Y » X »), or None."""
    span = finish(article, start, clause_end(article, start, last_part, verb), sentence_end(article, verb))
    return Content(*span, construction) if span else None


def _attribute_before_object(article, verb, obj, entry):
    """Where an attribute in marks between the verb and its object starts (« a jugé « inacceptables »
    les conditions », « a qualifié vendredi de « non constructive » la proposition »), read on the words:
    the parser hangs such an attribute anywhere.  None when there is none."""
    object_start = next(w.start for w in article.subtree(obj) if w.upos != "PUNCT" or w is obj)
    for q in article.quoted:
        if not verb.end <= q.open_at < object_start or q.after > object_start:
            continue
        between = [w for w in article.words_between(verb.end, q.open_at) if not is_time_word(w)
                   and w.upos != "ADV"]
        if not between:
            return q.open_at
        marker = between[-1]
        if len(between) == 1 and (marker.lower == "comme" or
                                  entry.lemma == "qualifier" and marker.lower in ("de", "d'", "d’")):
            return marker.start
    return None


def _attribute_first(article, verb, entry):
    """« a qualifié de « mensonge éhonté » les accusations », « présente comme « … » ce texte »: the
    attribute in marks before the object, which the parser then rarely reads as one."""
    for child in verb.dependents():
        words = article.subtree(child)
        if child.index < verb.index or not words:
            continue
        opens = words[0].lower == "comme" or (entry.lemma == "qualifier" and words[0].lower in ("de", "d'"))
        if opens and any(q.open_at > words[0].start and q.after <= words[-1].end + 1 for q in article.quoted):
            return _clause_content(article, verb, words[0].start, child)
    return None


def reports_its_antecedent(verb):
    """« les plaintes qu'il dit recevoir »: a reporting verb whose object is a relative « que » reports the
    noun the clause hangs on, which lies outside its clause: it has no content of its own here."""
    return verb.rel == "acl" and any(c.rel == "obj" and c.lower in QUE and c.feat("PronType") == "Rel"
                                     for c in verb.dependents())


def from_quoted_complement(article, verb, entry):
    """A complement carrying a quoted fragment: the whole complement is the (mixed) content."""
    if not any(entry.allows(c) for c in COMPLEMENT_CONSTRUCTIONS):
        return None
    complements = _complements(article, verb, entry)
    if not complements:
        return None
    first_word = _complement_start(article, verb, entry, complements)
    if not complement_fits(entry, first_word) and not _object_then_particle(article, entry, complements):
        return None
    first_start = _after_de(article, first_word)
    last = max(complements, key=lambda c: article.subtree(c)[-1].end)     # what follows the others is the next
    end = clip_relative(article, verb, first_start, clause_end(article, first_start, last, verb))
    end = _before_reporting_relative(article, first_start, end)
    span = finish(article, first_start, end, sentence_end(article, verb))
    span = span and before_participle_phrase(article, *span)
    return Content(*span, "complement") if span and carries_fragment(article, *span) else None


def _object_then_particle(article, entry, complements):
    """« a appelé la population à « … » », « accuse le maire de « … » »: an object, then the phrase in « à »
    or « de » that the verb's construction wants after it."""
    particles = (("à", "au", "aux") if entry.allows("obj_a_inf") else ()) + \
        (("de", "d'", "d’", "du", "des") if entry.allows("obj_de_inf") else ())
    starts = [article.subtree(c)[0].lower for c in complements]
    return any(c.rel == "obj" and first not in particles for c, first in zip(complements, starts)) and \
        any(first in particles for first in starts)


def _after_de(article, word):
    """« a parlé de « … » », « s'est félicité d'un « … » »: the complement's words start after « de »,
    which is the verb's (« du », one token with its article, stays)."""
    following = article.words[word.index + 1] if word.index + 1 < len(article.words) else None
    if word.lower in ("de", "d'", "d’") and following is not None and following.start > word.start:
        return article.start_after_spaces(word.end)
    return word.start


def _complements(article, verb, entry):
    """The verb's complements after it, neither a time word, nor a lone adverb, nor a locution's own
    noun (« hommage » of « rendre hommage à »), nor an adjunct before the object."""
    return _after_adjuncts_before_object(
        [c for c in verb.dependents() if c.index > verb.index and c.rel in COMPLEMENT_RELS
         and not is_time_word(c) and not (c.rel == "advmod" and len(article.subtree(c)) == 1)
         and not (entry.particle and c.lower == entry.particle)])


def _complement_start(article, verb, entry, complements):
    """The complements' first word, or the first word after the verb's adverbs (and a locution's noun)
    when the parser hung those words elsewhere; never the preposition of an adjunct before the object."""
    first_word = min((article.subtree(c)[0] for c in complements), key=lambda w: w.start)
    sentence = article.sentence_of(verb)
    right_after = skip_adjuncts(article, verb.index + 1, sentence.last)
    if entry.particle and right_after <= sentence.last and article.words[right_after].lower == entry.particle:
        right_after += 1
    if right_after <= sentence.last and article.words[right_after].start < first_word.start and \
            not _opens_an_adjunct(article, verb, right_after):
        return article.words[right_after]
    return first_word


def _after_adjuncts_before_object(complements):
    """« a dénoncé sur Facebook les propos « … » »: where the verb has a direct object, the prepositional
    adjuncts before it (where and how it was said) are no part of what is reported."""
    objects = [c for c in complements if c.rel == "obj"]
    if not objects:
        return complements
    return [c for c in complements if c.index >= objects[0].index or c.rel not in ("obl", "advmod")]


def _opens_an_adjunct(article, verb, index):
    """The word at `index` opens a prepositional adjunct of the verb that comes before its object."""
    word = article.words[index]
    objects = [c for c in verb.dependents() if c.rel == "obj" and c.index > index]
    return bool(objects) and word.upos == "ADP" and word.head_word is not None and \
        word.head_word.rel == "obl" and word.head_word.head == verb.index


def _before_reporting_relative(article, start, end):
    """« les propos « honteux » du préfet qui a qualifié la manifestation de « … » »: a relative clause that
    reports words of its own (a verb and a passage in marks) is another quotation; the content ends
    before its « qui »."""
    for word in article.words_between(start, end):
        if word.lower != "qui" or word.feat("PronType") != "Rel" or word.head_word is None:
            continue
        clause = article.subtree(word.head_word)
        if word.head_word.upos == "VERB" and passage_inside(article, word.start, clause[-1].end) and \
                passage_inside(article, start, word.start):
            return article.end_before_spaces(word.start)
    return end


def _before_main_clause(article, verb, content):
    """The same read on the words, for a participle that opens its sentence (the parser then often takes it
    for the root): its content ends at the comma after which a subject and its verb begin the main clause."""
    sentence = article.sentence_of(verb)
    before = article.words[sentence.first:verb.index]
    if verb.feat("VerbForm") != "Part" or verb.feat("Tense") != "Pres" or \
            any(w.upos in ("VERB", "AUX") and w.feat("VerbForm") == "Fin" for w in before):
        return content
    words = article.words_between(content.start, content.end)
    for i, word in enumerate(words):
        if word.text == "," and _opens_a_clause(words[i + 1:i + 8]):
            return replace(content, end=article.end_before_spaces(word.start))
    return content


def _opens_a_clause(words):
    """A subject (a determiner and its noun, a name or a pronoun) then a finite verb, before any comma."""
    if not words or words[0].upos not in ("DET", "PROPN", "PRON"):
        return False
    for word in words[1:]:
        if word.text == ",":
            return False
        if word.upos in ("VERB", "AUX") and word.feat("VerbForm") == "Fin":
            return True
    return False


def incise_before(article: Article, verb: Word, cue_start_word: Word) -> Optional[Content]:
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
    if start == sentence.start and _pronoun_incise(article, cue_start_word, verb) and \
            _present_statement(article, sentence, comma.start):
        start = _statements_before(article, sentence)
    span = finish(article, start, comma.start, comma.start)
    return Content(*span, "incise") if span else None


def _pronoun_incise(article, first, verb):
    """« a-t-elle ajouté »: an incise whose subject is a pronoun, the speaker being known already."""
    return bool(INVERTED_CLITIC_TEXT.search(article.text, first.start, article.words[verb.index + 1].end
                                            if verb.index + 1 < len(article.words) else verb.end))


def _statements_before(article, sentence):
    """« Le pays ne peut compter que sur lui-même. La situation est claire, a-t-elle ajouté. »: unmarked
    speech before an incise whose subject is a pronoun takes in the sentences of its paragraph before it,
    as long as they are statements in the present or the future (the writer narrates in the past) with no
    quotation marks.  An incise that names its speaker introduces them: what comes before is the writer's."""
    start = sentence.start
    for earlier in reversed(article.sentences[:sentence.index]):
        if earlier.paragraph != sentence.paragraph or not _present_statement(article, earlier, earlier.end) or \
                article.text[earlier.end - 1] != ".":
            break
        start = earlier.start
    return start


def _present_statement(article, sentence, end):
    """The sentence up to `end`: finite verbs all in the present or the future, no passage in marks, no
    colon, no participle of a compound past."""
    words = [w for w in article.sentence_words(sentence) if w.end <= end]
    finite = [w for w in words if w.upos in ("VERB", "AUX") and w.feat("VerbForm") == "Fin"]
    return bool(finite) and all(w.feat("Tense") in ("Pres", "Fut") for w in finite) and \
        not any(w.text == ":" or article.in_passage(w.start) or _compound_past(w) for w in words)


def _compound_past(word):
    """« a visité », « est arrivé »: a past participle with a finite tense auxiliary (a passive « devra
    être justifiée » is no narration)."""
    return word.feat("VerbForm") == "Part" and word.feat("Tense") == "Past" and \
        any(c.deprel.startswith("aux") and c.feat("VerbForm") == "Fin" for c in word.dependents())


def _after_middle_incise(article, verb, sentence):
    """« En 2004, a-t-il indiqué, nous avons … »: the words after the incise's closing comma."""
    for w in article.words[verb.index + 1:sentence.last + 1]:
        if w.text == ",":
            nxt = article.words[w.index + 1] if w.index + 1 <= sentence.last else None
            start = nxt.end if nxt is not None and nxt.lower in QUE else w.end    # « Il faut, a-t-il dit, que … »
            span = finish(article, start, sentence.end, sentence.end)
            return Content(*span, "middle_incise") if span and len(article.text[span[0]:span[1]].split()) >= 3 \
                else None
        if w.text in (".", ";", ":", "!", "?"):
            return None
    return None


def before_middle_incise(article: Article, cue_start_word: Word) -> Optional[Content]:
    """« Il faut, a-t-il dit, que … »: the words before a middle incise, when they hold a verb of their own
    (« En 2004, a-t-il indiqué, … » opens with an adverbial, not words of the speaker's)."""
    sentence = article.sentence_of(cue_start_word)
    if cue_start_word.index <= sentence.first or article.words[cue_start_word.index - 1].text != ",":
        return None
    comma = article.words[cue_start_word.index - 1]
    if not any(w.upos in ("VERB", "AUX") and w.feat("VerbForm") == "Fin"
               for w in article.words_between(sentence.start, comma.start)):
        return None
    span = finish(article, sentence.start, comma.start, comma.start)
    return Content(*span, "middle_incise") if span else None


def _complement_follows(article, verb):
    """« …, a incité les hommes à partir »: a verb with its own complement clause is no incise."""
    sentence = article.sentence_of(verb)
    words = article.words[verb.index + 1:sentence.last + 1]
    for i, w in enumerate(words[:12]):
        if w.lower in QUE:
            return True
        if w.lower in INF_MARKS and i + 1 < len(words) and is_infinitive(words[i + 1]) \
                and words[i + 1].upos in ("VERB", "AUX"):
            return True
        if w.text in (",", ".", ";", ":"):
            return False
    return False


def reported_content(article: Article, verb: Word, entry: VerbEntry) -> Optional[Content]:
    """The content the cue verb introduces, trying the constructions the lexicon allows it."""
    finders = []
    if entry.allows("que") or entry.allows("sur_le_fait_que") or entry.allows("a_ce_que"):
        finders.append(lambda: from_que(article, verb))
    finders += [lambda: from_object_and_infinitive(article, verb, entry),
                lambda: from_object_as(article, verb, entry),
                lambda: from_infinitive(article, verb, entry),
                lambda: from_quoted_complement(article, verb, entry),
                lambda: surface.surface_object_and_infinitive(article, verb, entry),
                lambda: surface.surface_object_as(article, verb, entry),
                lambda: surface.surface_infinitive(article, verb, entry),
                lambda: surface.surface_quoted_complement(article, verb, entry)]
    for finder in finders:
        found = finder()
        if found is not None:
            return _within_its_clause(article, verb, found)
    return None


def _within_its_clause(article, verb, content):
    """« À la question d'un journaliste lui demandant qui était responsable, le maire a parlé de … »: the
    content of a verb inside a fronted phrase ends at the comma before the clause it hangs on."""
    ancestor = verb.head_word
    while ancestor is not None and not content.start <= ancestor.start < content.end:
        ancestor = ancestor.head_word
    if ancestor is None or ancestor.start < verb.start:
        return _before_main_clause(article, verb, content)
    own = {w.index for w in article.subtree(verb)}
    first = min((w for w in article.subtree(ancestor) if w.start > verb.end and w.index not in own),
                key=lambda w: w.start, default=ancestor)
    comma = article.text.rfind(",", content.start, first.start + 1)
    if comma <= content.start:
        return content
    end = article.end_before_spaces(comma)
    return replace(content, end=end) if end > content.start else None
