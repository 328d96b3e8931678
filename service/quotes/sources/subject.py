"""The subject of a reporting verb: who utters what it reports.

The subject is the verb's nsubj (before it, or inverted in an incise), the
agent of a passive (obl:agent), the antecedent of « qui » in a relative clause,
or, for a verb with no subject of its own (coordinated, participle), the subject
of the verb it hangs on.  The words around the verb are read too (« , a-t-il
dit », « , a répondu Peskov », « Le ministre, qui …, a dit »: service.quotes.sources.word_order) and win
when the parse disagrees with them, as parse errors are frequent around incises.  A cited author
(« a cité Churchill : ») and the text read (« lit-on dans un communiqué ») are sources of their own.
"""
from typing import Optional

from service.quotes.french import DE, DOCUMENT_NOUNS, PASSIVE_AUXILIARIES, READ_FORMS, READ_IN, WORDS_OF
from service.quotes.parse.article import Article, Word
from service.quotes.parse.noun_phrases import phrase_after, skip_determiner
from service.quotes.parse.verb_group import cue_start_word, has_reflexive
from service.quotes.parse.word_classes import can_speak, is_person_noun, is_relative, is_time_word, pronoun_form
from service.quotes.sources.source import Source
from service.quotes.sources.word_order import inversion_after, is_incise, is_object_of, subject_before

INHERITING_RELS = ("conj", "xcomp", "advcl", "ccomp", "parataxis", "acl")


def _is_passive(article, verb):
    """A passive verb group (« a été annoncé »), not a pronominal one (« s'est félicitée »)."""

    return any(c.deprel == "aux:pass" for c in verb.dependents()) and not has_reflexive(article, verb)


def _own_subject(article, verb):
    kids = verb.dependents()
    if _is_passive(article, verb):
        for c in kids:
            if c.deprel in ("obl:agent",) or (c.rel == "obl" and any(
                    article.words[g].lower == "par" and article.words[g].rel == "case" for g in c.children)):
                return Source(c, "agent")
    for c in kids:
        if c.lower in ("lui", "eux", "lui-même", "eux-mêmes") or article.in_passage(c.start):
            continue
        if c.rel == "nsubj" or c.deprel == "expl:subj" or (c.rel == "expl" and pronoun_form(c)):
            if c.deprel == "nsubj:pass" and _is_passive(article, verb):
                continue
            inverted = c.index > verb.index or "-" in c.lower
            return Source(c, "inversion" if inverted else "subject")
    return None


def subject_source(article: Article, verb: Word, depth: int = 0) -> Optional[Source]:
    """The word that names who utters what the verb reports, or None."""
    if verb.lemma == "lire" or verb.lower in READ_FORMS:
        return _read_in(article, verb)
    cited = _cited_author(article, verb) or _learnt_from(article, verb)
    if cited is not None:
        return cited
    found = _parsed_source(article, verb, depth)
    if depth == 0 and found is not None and found.word is not None and \
            article.in_passage(found.word.start) and not article.in_passage(verb.start):
        # the parse hung the verb on a word of the quoted passage (« « C'est un chef-d'œuvre », a dit le
        # critique »: an acl:relcl of « chef »): the words quoted never name their own speaker
        return surface_source(article, verb)
    return found


def _cited_author(article, verb):
    """« Le ministre a cité Winston Churchill : « … » », « a repris les mots du général de Gaulle : « … » »:
    the words are the author's, not the subject's."""
    if verb.lemma not in ("citer", "reprendre"):
        return None
    for obj in (c for c in verb.dependents() if c.rel == "obj" and c.index > verb.index):
        if verb.lemma == "citer" and (obj.upos == "PROPN" or is_person_noun(obj)):
            return Source(obj, "subject")
        if obj.lemma in WORDS_OF:
            author = next((c for c in obj.dependents() if c.rel == "nmod" and
                           (c.upos == "PROPN" or is_person_noun(c))), None)
            if author is not None:             # the author's phrase without « du » / « de la »
                words = [w for w in article.subtree(author) if w.upos != "PUNCT"]
                while len(words) > 1 and words[0].rel in ("case", "det") and words[0].head == author.index:
                    words = words[1:]
                return Source(None, "subject", (words[0].start, words[-1].end))
    return None


def _learnt_from(article, verb):
    """« …, a appris l'agence auprès du parquet », « a-t-on appris de source policière »: what a newsroom
    learnt is its informant's word."""
    if verb.lemma != "apprendre":
        return None
    sentence = article.sentence_of(verb)
    for i in range(verb.index + 1, min(verb.index + 8, sentence.last)):
        if article.words[i].lower in DE and article.words[i + 1].lower in ("source", "sources"):
            found = phrase_after(article, i + 1, sentence.last)     # « a-t-on appris de source policière »
            if found is not None:
                return Source(None, "selon", (article.words[i + 1].start, article.words[found[1]].end))
        if article.words[i].lower == "auprès" and article.words[i + 1].lower in DE:
            found = phrase_after(article, skip_determiner(article, i + 2, sentence.last), sentence.last)
            if found is not None:     # from the determiner, unless « du » holds it (« auprès du parquet »)
                first = next(w for w in article.words[i + 2:] if w.start >= article.words[i + 1].end)
                return Source(None, "selon", (first.start, article.words[found[1]].end))
    return None


def _read_in(article, verb):
    """« « … », peut-on lire dans un communiqué de l'Élysée », « lit-on sur le compte de X »: the text read
    is the source, not « on »."""
    sentence = article.sentence_of(verb)
    for i in range(verb.index + 1, min(verb.index + 4, sentence.last + 1)):
        if article.words[i].lower in READ_IN:
            found = phrase_after(article, skip_determiner(article, i + 1, sentence.last), sentence.last)
            if found is not None:
                return Source(None, "selon", (article.words[i + 1].start, article.words[found[1]].end))
    return None


def _parsed_source(article, verb, depth):
    """The source read on the parse, the words around the verb correcting it where parses often err:
    a participle's or an incise's subject first, then a passive's agent, the verb's own subject (or
    the noun its relative clause hangs on), the subject of the verb it hangs on, and, for the verb
    itself (depth 0), the words before or after it."""
    found = _participle_or_incise_source(article, verb, depth)
    if found is not None:
        return found
    own = _own_subject_as_parsed(article, verb)
    if depth == 0 and (own is None or own.how != "agent"):
        agent = _agent_after(article, verb)
        if agent is not None:
            return agent
        if _impersonal_passive(article, verb):
            return None     # « il a été annoncé que … »: nobody is named
    if depth == 0:
        own = _prefer_surface(article, verb, own)
    if own is not None:
        return _named_by_own_subject(article, verb, own)
    return _source_of_the_head(article, verb, depth)


def _participle_or_incise_source(article, verb, depth):
    """« …, affirmant que »: the main subject; « …, a répondu Peskov »: the inverted subject read on the
    words (unless the parse makes those words the verb's object)."""
    if depth == 0 and verb.lower.endswith("ant") and verb.upos == "VERB":
        inherited = _participle_subject(article, verb)
        if inherited is not None:
            return inherited
    if is_incise(article, verb):
        surface = inversion_after(article, verb)
        if surface is not None and not is_object_of(article, surface, verb):
            return surface
    return None


def _own_subject_as_parsed(article, verb):
    own = _own_subject(article, verb)
    if own is not None and own.how == "inversion" and "-" not in own.word.lower:
        return None     # an inverted subject outside an incise is a parse error (often the content's subject)
    return own


def _named_by_own_subject(article, verb, own):
    """The verb's own subject, or for a relative « qui » the noun the clause hangs on (else the words before)."""
    if own.word is None or not is_relative(own.word):
        return own
    head = verb.head_word
    if head is not None and verb.rel == "acl" and head.upos in ("NOUN", "PROPN"):
        return Source(_antecedent_that_speaks(article, own.word, head), "subject")
    return subject_before(article, verb)


def _antecedent_that_speaks(article, relative, head):
    """« une réforme critiquée par le syndicat, qui a dénoncé … »: when the noun the parse hangs the
    relative clause on cannot speak, the noun phrase right before « qui » that can."""
    if can_speak(head) or relative.index == 0:
        return head
    before = article.words[relative.index - 1]
    noun = before.head_word if before.upos == "ADJ" and before.head_word is not None else before
    return noun if noun.upos in ("NOUN", "PROPN") and can_speak(noun) else head


def _source_of_the_head(article, verb, depth):
    """A verb with no subject of its own: the noun a relative clause hangs on, the subject of the verb it
    depends on (« a déclaré … et promis »), else, for the verb itself, the words around it."""
    head = verb.head_word
    if head is not None and verb.deprel == "acl:relcl":
        return Source(head, "subject")
    if depth < 4 and head is not None and verb.rel in INHERITING_RELS and \
            not (verb.rel == "ccomp" and verb.has_dependent("mark")):
        found = subject_source(article, head, depth + 1)
        if found is not None:
            return found
    return None if depth else surface_source(article, verb)


def _participle_subject(article, verb):
    """A present participle has no subject of its own: an incise right before it (« …, a déclaré X,
    affirmant que … ») or the verb it hangs on lends its own, else the previous clause of the sentence."""
    sentence = article.sentence_of(verb)
    previous = next((w for w in reversed(article.words[sentence.first:verb.index])
                     if w.upos == "VERB" and not w.lower.endswith("ant")), None)
    if previous is not None and is_incise(article, previous):
        found = inversion_after(article, previous)
        if found is not None:
            return found
    noun = _noun_described(article, verb)
    if noun is not None:
        return Source(noun, "subject")
    if verb.head >= 0 and verb.rel in ("advcl", "acl", "conj", "xcomp", "parataxis"):
        head = _clause_reporting(article, _clause_verb(article.words[verb.head]), verb)
        if head.upos in ("VERB", "AUX") and not head.lower.endswith("ant"):
            found = subject_source(article, head, 1)
            if found is None:
                found = _prefer_surface(article, head, None) if not is_incise(article, head) else \
                    inversion_after(article, head)
            if found is not None:
                return found
    return _previous_clause_source(article, verb)


def _noun_described(article, participle):
    """« un rapport du renseignement disant avoir déjoué … », « un témoin affirmant que … »: a participle
    right after the noun phrase it describes (no comma between) is said by that noun, when it can speak
    or is a document."""
    head = participle.head_word
    before = article.words[participle.index - 1] if participle.index > 0 else None
    if participle.rel != "acl" or head is None or head.upos != "NOUN" or before is None or before.text == ",":
        return None
    found = None
    while head is not None and head.upos == "NOUN":       # « un rapport du renseignement » speaks as a whole
        if can_speak(head) or head.lower in DOCUMENT_NOUNS:
            found = head
        head = head.head_word if head.rel == "nmod" else None
    return found


def _clause_verb(word):
    """The verb of the clause a word belongs to (the word itself when it is one)."""
    head = word
    while head.upos not in ("VERB", "AUX") and head.rel in ("obj", "obl", "nmod", "appos", "amod"):
        if head.head_word is None:
            return word
        head = head.head_word
    return head if head.upos in ("VERB", "AUX") else word


def _clause_reporting(article, head, participle):
    """« Il a estimé que X n'avait pas d'avenir, ajoutant que … »: a participle set off by a comma after a
    reported clause reports too, and the clause's reporter is its subject, not the reported clause's."""
    before = article.words[participle.index - 1] if participle.index > 0 else None
    while before is not None and before.lower == "," and head.rel == "ccomp" and head.head >= 0 and \
            article.words[head.head].upos == "VERB":
        head = article.words[head.head]
    return head


def _prefer_surface(article, verb, own):
    """The noun phrase right before the verb group names the subject unless the parse's subject lies in it."""
    if own is not None and own.how == "agent":
        return own
    surface = subject_before(article, verb, adjacent=True)
    if surface is None:
        return own
    if surface.word is not None:        # a subject pronoun right before the verb
        return own if own is not None and own.word is surface.word else surface
    if own is None or own.word is None:
        return surface
    if own.how == "agent" or _covers(article, own.word, surface.span):
        return own
    return surface


def _covers(article, word, span):
    """The parse's subject phrase starts before the surface reading and holds it (« Les habitants
    interrogés par la presse décrivent »: the surface reads only « la presse »)."""
    words = [w for w in article.subtree(word) if w.upos != "PUNCT"]
    return word.start < span[0] and words[0].start <= span[0] and span[1] <= words[-1].end and \
        words[-1].end <= article.words[word.head].start if word.head >= 0 else False


def _impersonal_passive(article, verb):
    """« Il a été souligné que … »: a passive reporting verb whose « il » is impersonal."""

    sentence = article.sentence_of(verb)
    group = article.words[max(sentence.first, verb.index - 4):verb.index]
    if not any(w.lower in PASSIVE_AUXILIARIES for w in group) or has_reflexive(article, verb):
        return False
    first = cue_start_word(article, verb)
    before = article.words[first.index - 1] if first.index > sentence.first else None
    return before is not None and before.lower == "il"


def _agent_after(article, verb):
    """« a été annoncé par le gouvernement » : the agent of a passive reporting verb."""

    sentence = article.sentence_of(verb)
    before = [w.lower for w in article.words[max(sentence.first, verb.index - 3):verb.index]]
    if not any(b in PASSIVE_AUXILIARIES for b in before) or has_reflexive(article, verb):
        return None
    i = verb.index + 1
    while i <= sentence.last and (article.words[i].upos == "ADV" or is_time_word(article.words[i])):
        i += 1
    if i > sentence.last or article.words[i].lower != "par":
        return None
    found = phrase_after(article, i + 1, sentence.last)
    if found is None:
        return None
    return Source(None, "agent", (article.words[found[0]].start, article.words[found[1]].end))


def surface_source(article: Article, verb: Word) -> Optional[Source]:
    """The source read on the words around the verb alone, for when the parse has none or a wrong one."""
    if _without_own_subject(article, verb):
        inherited = _previous_clause_source(article, verb)
        if inherited is not None:
            return inherited
    return inversion_after(article, verb) or subject_before(article, verb)


def _without_own_subject(article, verb):
    """« …, affirmant que » / « … et a déclaré que »: a participle, or a verb group right after « et »."""

    if verb.lower.endswith("ant"):
        return True
    first = cue_start_word(article, verb)
    before = article.words[first.index - 1] if first.index > article.sentence_of(verb).first else None
    return before is not None and before.lower in ("et", "puis", "mais", "avant", "après")


def _previous_clause_source(article, verb):
    """The subject of the closest earlier verb of the sentence that has one of its own."""
    sentence = article.sentence_of(verb)
    for w in reversed(article.words[sentence.first:verb.index]):
        if w.upos in ("VERB",) and w.feat("VerbForm") not in ("Inf",) and not w.lower.endswith("ant") \
                and not _without_own_subject(article, w):
            found = _own_subject(article, w) if not is_incise(article, w) else None
            found = _prefer_surface(article, w, found) if not is_incise(article, w) else \
                inversion_after(article, w)
            if found is not None:
                return found
    return None


