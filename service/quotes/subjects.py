"""The subject of a reporting verb: who utters what it reports.

The subject is the verb's nsubj (before it, or inverted in an incise), the
agent of a passive (obl:agent), the antecedent of « qui » in a relative clause,
or, for a verb with no subject of its own (coordinated, participle), the subject
of the verb it hangs on.  The words around the verb are read too (« , a-t-il
dit », « , a répondu Peskov », « Le ministre, qui …, a dit ») and win when the
parse disagrees with them, as parse errors are frequent around incises.
"""
import re
from dataclasses import dataclass
from typing import Optional

from service.quotes import mentions as m

INHERITING_RELS = ("conj", "xcomp", "advcl", "ccomp", "parataxis", "acl")


@dataclass
class Source:
    """The word naming a source and how it was found (subject, inversion, agent, selon).

    When the parse offers no word, `span` holds the (start, end) of the words read on the surface.
    """
    word: object
    how: str
    span: Optional[tuple] = None

    @property
    def start(self):
        return self.word.start if self.word is not None else self.span[0]


def children(article, word):
    return [article.words[c] for c in word.children]


def _in_passage(article, word):
    """A word between quotation marks never names the speaker of the passage."""
    return article.in_passage(word.start)


def _is_passive(article, verb):
    """A passive verb group (« a été annoncé »), not a pronominal one (« s'est félicitée »)."""
    from service.quotes.cues import has_reflexive

    return any(c.deprel == "aux:pass" for c in children(article, verb)) and not has_reflexive(article, verb)


def _own_subject(article, verb):
    kids = children(article, verb)
    if _is_passive(article, verb):
        for c in kids:
            if c.deprel in ("obl:agent",) or (c.rel == "obl" and any(
                    article.words[g].lower == "par" and article.words[g].rel == "case" for g in c.children)):
                return Source(c, "agent")
    for c in kids:
        if c.lower in ("lui", "eux", "lui-même", "eux-mêmes") or _in_passage(article, c):
            continue
        if c.rel == "nsubj" or c.deprel == "expl:subj" or (c.rel == "expl" and m.pronoun_form(c)):
            if c.deprel == "nsubj:pass" and _is_passive(article, verb):
                continue
            inverted = c.index > verb.index or "-" in c.lower
            return Source(c, "inversion" if inverted else "subject")
    return None


DETERMINERS = {"le", "la", "les", "l'", "un", "une", "des", "son", "sa", "ses", "leur", "leurs", "ce",
               "cet", "cette", "ces", "notre", "votre"}
LINKS = {"de", "du", "des", "d'"}
STOPS = {"à", "au", "aux", "dans", "lors", "devant", "sur", "en", "pour", "par", "avec", "après", "avant",
         "depuis", "chez", "selon", "auprès", "qui", "que", "qu'", "dont", "où", "mais", "si", "lui",
         "elle", "lui-même", "elle-même", "et", "ou", "ni", "sous", "sans", "contre", "malgré", "vers", "parmi"}
OFFICE_LINKS = {"à", "au", "aux"}     # « le secrétaire américain au Trésor », « la commissaire à l'Énergie »


def _np_word(word):
    if word.lower in STOPS or word.upos in ("PUNCT", "VERB", "AUX", "SCONJ", "CCONJ", "PRON", "ADV"):
        return word.lower in ("m.", "mme") or (word.text[:1].isupper() and word.upos in ("VERB", "ADV"))
    return True


def _np_after(article, index, last):
    """(first, last) word indexes of the noun phrase starting at `index` (surface reading)."""
    i = index
    while i <= last and (_np_word(article.words[i]) or (
            article.words[i].lower in LINKS and i + 1 <= last and _np_word(article.words[i + 1])) or
            _office_complement(article, index, i, last)):
        i += 1
    end = i - 1
    while end >= index and (article.words[end].lower in LINKS | DETERMINERS or
                            (end > index and m.is_trailing_time(article.words[end]))):
        end -= 1
    return (index, end) if end >= index else None


def _office_complement(article, first, i, last):
    """« au Trésor » after « le secrétaire américain »: « à » and a capitalised name of a portfolio go on
    the description of an office."""
    word = article.words[i]
    if word.lower not in OFFICE_LINKS or i + 1 > last:
        return False
    following = article.words[i + 1]
    if following.upos == "DET" and i + 2 <= last:
        following = article.words[i + 2]
    return following.text[:1].isupper() and any(m.is_person_noun(w) for w in article.words[first:i])


def _with_apposed_name(article, found, sentence):
    """« le porte-parole de l'armée, Jean Dupont » : the name set after a description by a comma."""
    first, last = found
    if last + 2 > sentence.last or article.words[last + 1].text != ",":
        return first, last
    j = last + 2
    while j <= sentence.last and article.words[j].text[:1].isupper() and article.words[j].upos in ("PROPN", "NOUN", "X"):
        j += 1
    closes = j > sentence.last or article.words[j].upos == "PUNCT"
    return (first, j - 1) if j > last + 2 and closes and j - (last + 2) <= 4 else (first, last)


PP_BEFORE_SUBJECT = {"à", "au", "aux", "devant", "dans", "lors", "sur", "en", "auprès"}


# « a prévenu *de son côté* le ministre », « a répondu *pour sa part* X »: adverbials before an inverted subject
ADVERBIAL_LOCUTIONS = [("de", "son", "côté"), ("de", "leur", "côté"), ("pour", "sa", "part"),
                       ("pour", "leur", "part"), ("à", "son", "tour"), ("à", "leur", "tour"),
                       ("quant", "à", "lui"), ("quant", "à", "elle"), ("lui", "aussi"), ("elle", "aussi"),
                       ("en", "retour")]


def _skip_adverbial_locution(article, i, last):
    for words in ADVERBIAL_LOCUTIONS:
        if i + len(words) - 1 <= last and \
                tuple(w.lower for w in article.words[i:i + len(words)]) == words:
            return i + len(words)
    return i


def _name_after_plural_noun(article, j):
    """A capitalised name right after a plural common noun starts a new phrase: a name is not set in
    apposition to « les journalistes » the way « l'agence Tass » names one agency."""
    word, before = article.words[j], article.words[j - 1]
    return word.upos == "PROPN" and word.text[:1].isupper() and before.upos == "NOUN" and \
        before.feat("Number") == "Plur"


def _skip_prepositional_phrase(article, i, last):
    """« a déclaré *à la presse* le porte-parole »: the phrase between an incise verb and its subject."""
    i = _skip_adverbial_locution(article, i, last)
    if i > last or article.words[i].lower not in PP_BEFORE_SUBJECT:
        return i
    j = i + 1
    if j <= last and article.words[j].lower in ("de", "d'"):      # « auprès de »
        j += 1
    if j <= last and article.words[j].upos == "DET":
        j += 1
    while j <= last:
        w = article.words[j]
        if w.lower in LINKS and j + 1 <= last:
            j += 2 if article.words[j + 1].upos == "DET" else 1
            continue
        if w.upos in ("NOUN", "PROPN", "ADJ", "NUM") and w.lower not in m.TITLES:
            if _name_after_plural_noun(article, j):
                break               # « a déclaré aux journalistes Dmitri Peskov »: the name is the subject
            j += 1
            if m.acronym_before_name(w, article.words[j] if j <= last else None):
                break               # « a expliqué à l'AFP Marie Dufour »: the acronym ends the phrase
            continue
        break
    return j



def _inversion_after(article, verb):
    """Surface reading of an incise: « a-t-il dit », « a répondu Peskov », « a déclaré vendredi le ministre »."""
    sentence = article.sentence_of(verb)
    for w in article.words[max(sentence.first, verb.index - 3):min(verb.index + 2, sentence.last + 1)]:
        if m.pronoun_form(w) and "-" in w.lower:      # « a-t-il dit », « dit-il », « dit » + « -il »
            return Source(w, "inversion")
    i = verb.index + 1
    while i <= sentence.last and (article.words[i].upos == "ADV" or m.is_time_word(article.words[i]) or
                                  article.words[i].lower in ("ce", "cette", "cet", "aussi", "encore")
                                  and i + 1 <= sentence.last and m.is_time_word(article.words[i + 1])):
        i += 1
    i = _skip_prepositional_phrase(article, i, sentence.last)
    if i > sentence.last or i > verb.index + 9:
        return None
    if article.words[i].lower in ("ce", "cet", "cette", "ces"):
        latter = article.words[i + 1] if i + 1 <= sentence.last else None
        if latter is not None and m.latter_gender(article, latter):
            return Source(latter, "inversion")
        # else a description: « ajoute cette enseignante de 42 ans »
    found = _np_after(article, i, sentence.last)
    if found is None:
        return None
    first, last = _with_apposed_name(article, found, sentence)
    words = article.words[first:last + 1]
    if not (_names_a_speaker(words) or right_after_passage(article, verb)) or len(words) > 14:
        return None
    return Source(None, "inversion", (words[0].start, words[-1].end))


SPEAKING_NOUNS = {"source", "sources", "communiqué", "texte", "document", "rapport", "ministère", "gouvernement",
                  "armée", "police", "parquet", "agence", "organisation", "association", "syndicat", "entreprise",
                  "groupe", "autorités", "état-major", "présidence", "diplomatie", "chancellerie", "cabinet",
                  "équipe", "service", "services", "commission", "conseil", "tribunal", "cour", "journal"}


CLOSED_PASSAGE = re.compile(r"[»”\"]\s*,?$")


def right_after_passage(article, verb):
    """« « … », a dit le critique »: the verb group opens right after a closing mark, so the noun phrase
    after it can only be its inverted subject (the passage is what it reports)."""
    from service.quotes.cues import cue_start_word

    first = cue_start_word(article, verb)
    return bool(CLOSED_PASSAGE.search(article.text[max(0, first.start - 4):first.start].rstrip()))


def _names_a_speaker(words):
    """The inverted subject of an incise names someone: a name, a person, an institution."""
    return any(w.text[:1].isupper() and w.upos != "DET" or m.is_person_noun(w) or w.lower in SPEAKING_NOUNS
               for w in words)


WRITER_PRONOUNS = {"je", "j'", "tu", "nous", "vous", "on"}


# subjects that name nobody: « rien ne justifie que », « tout indique que »
IMPERSONAL_SUBJECTS = {"rien", "cela", "ça", "ceci", "tout", "nul"}
# evidence, not a source (lemmas): « les derniers chiffres indiquent que … » states a fact in the writer's voice
EVIDENCE_NOUNS = {"chiffre", "donnée", "statistique", "image", "photo", "photographie", "vidéo", "résultat",
                  "indicateur", "courbe", "indice", "preuve", "trace", "relevé", "mesure"}


def speaks_for_the_writer(article, verb):
    """« on peut estimer que », « vous souhaitez », « il faut dire que », « tout indique que », « les
    chiffres indiquent que » outside quotation marks: the writer's own voice."""
    before = article.words[verb.index - 1] if verb.index > 0 else None
    return any(c.rel == "nsubj" and (c.lower in WRITER_PRONOUNS or
                                     c.lower in IMPERSONAL_SUBJECTS and c.index < verb.index or
                                     c.upos == "NOUN" and c.lemma in EVIDENCE_NOUNS)
               for c in children(article, verb)) or (
        before is not None and before.sentence == verb.sentence and
        (before.lower in WRITER_PRONOUNS or
         before.lower in IMPERSONAL_SUBJECTS and before.index == article.sentence_of(verb).first)) or \
        _after_il_faut(article, verb)


def _after_il_faut(article, verb):
    """An infinitive that « il faut » governs (« il faut rappeler que … ») has no speaker but the writer."""
    if verb.feat("VerbForm") != "Inf":
        return False
    head = article.words[verb.head] if verb.head >= 0 else None
    return head is not None and head.lemma == "falloir"


def is_incise(article, verb):
    """The verb group follows a comma (« …, a déclaré X », « « … », a-t-il dit »)."""
    from service.quotes.cues import cue_start_word

    if verb.lower.endswith("ant") or verb.feat("VerbForm") in ("Inf", "Ger") or \
            verb.feat("Tense") == "Pres" and verb.feat("VerbForm") == "Part":
        return False
    first = cue_start_word(article, verb)
    sentence = article.sentence_of(verb)
    before = article.text[max(sentence.start - 3, 0):first.start].rstrip()
    if not before.endswith((",", ", »", ",»", ",\"", ", \"", ",”", ", ”")):
        return False
    if re.sub(r"\s*\([^()]*\)$", "", before.rstrip(",").rstrip()).endswith(("»", "”", "\"")):
        return True     # « « … » (IA), a-t-il dit »
    # « Le porte-parole, Dmitri Peskov, a dit … » is a subject and its apposition, not reported words
    return any(w.upos in ("VERB", "AUX") and w.start < first.start for w in article.sentence_words(sentence)
               if not _in_passage(article, w))


def _is_object_of(article, source, verb):
    """The parse reads the words after the verb as its object: they are not an inverted subject."""
    if source.span is None or right_after_passage(article, verb):
        return False
    words = article.words_between(*source.span)
    if not any(w.head == verb.index and w.rel in ("obj", "iobj", "xcomp", "ccomp") for w in words):
        return False
    # « …, a regretté M. Zelensky. »: a person named at the end of the clause is the inverted subject
    after = article.words[words[-1].index + 1] if words and words[-1].index + 1 < len(article.words) else None
    ends_clause = after is None or after.upos == "PUNCT" or (after.upos == "ADP" and after.lower not in LINKS)
    person = any(w.lower in m.TITLES or w.upos == "PROPN" or m.is_person_noun(w) for w in words)
    return not (ends_clause and person)


def subject_source(article, verb, depth=0):
    """The word that names who utters what the verb reports, or None."""
    if verb.lemma == "lire" or verb.lower in READ_FORMS:
        return _read_in(article, verb)
    cited = _cited_author(article, verb)
    if cited is not None:
        return cited
    found = _parsed_source(article, verb, depth)
    if depth == 0 and found is not None and found.word is not None and \
            _in_passage(article, found.word) and not _in_passage(article, verb):
        # the parse hung the verb on a word of the quoted passage (« « C'est un chef-d'œuvre », a dit le
        # critique »: an acl:relcl of « chef »): the words quoted never name their own speaker
        return surface_source(article, verb)
    return found


WORDS_OF = {"mot", "propos", "formule", "phrase", "parole", "citation"}


def _cited_author(article, verb):
    """« Le ministre a cité Winston Churchill : « … » », « a repris les mots du général de Gaulle : « … » »:
    the words are the author's, not the subject's."""
    if verb.lemma not in ("citer", "reprendre"):
        return None
    for obj in (c for c in children(article, verb) if c.rel == "obj" and c.index > verb.index):
        if verb.lemma == "citer" and (obj.upos == "PROPN" or m.is_person_noun(obj)):
            return Source(obj, "subject")
        if obj.lemma in WORDS_OF:
            author = next((c for c in children(article, obj) if c.rel == "nmod" and
                           (c.upos == "PROPN" or m.is_person_noun(c))), None)
            if author is not None:             # the author's phrase without « du » / « de la »
                words = [w for w in article.subtree(author) if w.upos != "PUNCT"]
                while len(words) > 1 and words[0].rel in ("case", "det") and words[0].head == author.index:
                    words = words[1:]
                return Source(None, "subject", (words[0].start, words[-1].end))
    return None


READ_IN = {"dans", "sur"}
READ_FORMS = {"lit", "lisait", "lira", "lisent", "lu"}      # « lit-on »: the tagger may take « lit » for a noun


def _read_in(article, verb):
    """« « … », peut-on lire dans un communiqué de l'Élysée », « lit-on sur le compte de X »: the text read
    is the source, not « on »."""
    sentence = article.sentence_of(verb)
    for i in range(verb.index + 1, min(verb.index + 4, sentence.last + 1)):
        if article.words[i].lower in READ_IN:
            found = _np_after(article, _skip_determiner(article, i + 1, sentence.last), sentence.last)
            if found is not None:
                return Source(None, "selon", (article.words[i + 1].start, article.words[found[1]].end))
    return None


def _skip_determiner(article, i, last):
    return i + 1 if i < last and article.words[i].upos == "DET" else i


def _parsed_source(article, verb, depth):
    if depth == 0 and verb.lower.endswith("ant") and verb.upos == "VERB":
        inherited = _participle_subject(article, verb)         # « …, affirmant que »: the main subject
        if inherited is not None:
            return inherited
    if is_incise(article, verb):
        surface = _inversion_after(article, verb)
        if surface is not None and not _is_object_of(article, surface, verb):
            return surface
    own = _own_subject(article, verb)
    if own is not None and own.how == "inversion" and "-" not in own.word.lower:
        own = None      # an inverted subject outside an incise is a parse error (often the content's subject)
    if own is None or own.how != "agent":
        agent = _agent_after(article, verb) if depth == 0 else None
        if agent is not None:
            return agent
        if depth == 0 and _impersonal_passive(article, verb):
            return None     # « il a été annoncé que … »: nobody is named
    if depth == 0:
        own = _prefer_surface(article, verb, own)
    if own is not None and own.word is None:
        return own
    if own is not None:
        if m.is_relative(own.word):
            if verb.head >= 0 and verb.rel == "acl" and article.words[verb.head].upos in ("NOUN", "PROPN"):
                return Source(article.words[verb.head], "subject")
            return _subject_before(article, verb)
        return own
    if verb.rel == "acl" and verb.head >= 0 and verb.deprel == "acl:relcl":
        return Source(article.words[verb.head], "subject")
    if depth < 4 and verb.head >= 0 and verb.rel in INHERITING_RELS and \
            not (verb.rel == "ccomp" and any(article.words[c].rel == "mark" for c in verb.children)):
        found = subject_source(article, article.words[verb.head], depth + 1)
        if found is not None:
            return found
    if depth:
        return None
    return surface_source(article, verb)


def _participle_subject(article, verb):
    """A present participle has no subject of its own: an incise right before it (« …, a déclaré X,
    affirmant que … ») or the verb it hangs on lends its own, else the previous clause of the sentence."""
    sentence = article.sentence_of(verb)
    previous = next((w for w in reversed(article.words[sentence.first:verb.index])
                     if w.upos == "VERB" and not w.lower.endswith("ant")), None)
    if previous is not None and is_incise(article, previous):
        found = _inversion_after(article, previous)
        if found is not None:
            return found
    if verb.head >= 0 and verb.rel in ("advcl", "acl", "conj", "xcomp", "parataxis"):
        head = article.words[verb.head]
        if head.upos in ("VERB", "AUX") and not head.lower.endswith("ant"):
            found = subject_source(article, head, 1)
            if found is None:
                found = _prefer_surface(article, head, None) if not is_incise(article, head) else \
                    _inversion_after(article, head)
            if found is not None:
                return found
    return _previous_clause_source(article, verb)


def _prefer_surface(article, verb, own):
    """The noun phrase right before the verb group names the subject unless the parse's subject lies in it."""
    if own is not None and own.how == "agent":
        return own
    surface = _subject_before(article, verb, adjacent=True)
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


PASSIVE_AUXILIARIES = {"été", "est", "sont", "était", "étaient", "sera", "seront", "serait"}


def _impersonal_passive(article, verb):
    """« Il a été souligné que … »: a passive reporting verb whose « il » is impersonal."""
    from service.quotes.cues import has_reflexive, cue_start_word

    sentence = article.sentence_of(verb)
    group = article.words[max(sentence.first, verb.index - 4):verb.index]
    if not any(w.lower in PASSIVE_AUXILIARIES for w in group) or has_reflexive(article, verb):
        return False
    first = cue_start_word(article, verb)
    before = article.words[first.index - 1] if first.index > sentence.first else None
    return before is not None and before.lower == "il"


def _agent_after(article, verb):
    """« a été annoncé par le gouvernement » : the agent of a passive reporting verb."""
    from service.quotes.cues import has_reflexive

    sentence = article.sentence_of(verb)
    before = [w.lower for w in article.words[max(sentence.first, verb.index - 3):verb.index]]
    if not any(b in PASSIVE_AUXILIARIES for b in before) or has_reflexive(article, verb):
        return None
    i = verb.index + 1
    while i <= sentence.last and (article.words[i].upos == "ADV" or m.is_time_word(article.words[i])):
        i += 1
    if i > sentence.last or article.words[i].lower != "par":
        return None
    found = _np_after(article, i + 1, sentence.last)
    if found is None:
        return None
    return Source(None, "agent", (article.words[found[0]].start, article.words[found[1]].end))


def surface_source(article, verb):
    """The source read on the words around the verb alone, for when the parse has none or a wrong one."""
    if _without_own_subject(article, verb):
        inherited = _previous_clause_source(article, verb)
        if inherited is not None:
            return inherited
    return _inversion_after(article, verb) or _subject_before(article, verb)


def _without_own_subject(article, verb):
    """« …, affirmant que » / « … et a déclaré que »: a participle, or a verb group right after « et »."""
    from service.quotes.cues import cue_start_word

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
                _inversion_after(article, w)
            if found is not None:
                return found
    return None


NP_WORDS = ("DET", "NOUN", "PROPN", "ADJ", "NUM")


def _before_inserted_segment(article, sentence, comma):
    """« X, qui parlait devant Y, a dit » / « X, son porte-parole, a dit » / « X, selon Y, a dit »: the
    index of the last word of X, skipping the relative clause, adverbial or apposition that ends at
    `comma`; None when the words between the commas are something else."""
    i = comma - 1
    while i >= sentence.first and article.words[i].text != ",":
        i -= 1
    if i < sentence.first:
        return None
    segment = article.words[i + 1:comma]
    if not segment:
        return None
    if segment[0].lower in ("qui", "dont", "lequel", "laquelle") or segment[0].upos == "ADP":
        # a relative clause, or an adverbial (« X, par la voix de son porte-parole, a dit »)
        return i - 1 if i - 1 >= sentence.first else None
    if not any(w.upos in ("VERB", "AUX") for w in segment) and len(segment) <= 8:
        return comma - 1
    return None


def _subject_clitic_here(article, i, sentence):
    """« Elle a dit » (a subject) as opposed to « Le ministre, elle, a dit » (a dislocated pronoun)."""
    word = article.words[i]
    if word.lower not in ("elle", "elles", "il", "ils"):
        return False
    before = article.words[i - 1].text if i - 1 >= sentence.first else ""
    after = article.words[i + 1].text if i + 1 < len(article.words) else ""
    return not (before == "," and after == ",")


def _over_participle_phrase(article, sentence, start):
    """« Les habitants interrogés par la presse décrivent »: a subject noun phrase that ends with a
    participle and its agent starts before the participle."""
    i = start - 1
    if i - 1 < sentence.first or article.words[i].lower != "par":
        return start
    participle = article.words[i - 1]
    if participle.upos not in ("VERB", "ADJ") or participle.feat("VerbForm") != "Part":
        return start
    j = i - 2
    while j >= sentence.first and (article.words[j].upos in NP_WORDS or article.words[j].lower in LINKS):
        j -= 1
    return j + 1 if j + 1 <= i - 2 else start


def _subject_before(article, verb, adjacent=False):
    """Surface reading of « Le porte-parole du Kremlin a déclaré » / « M. Dupont, qui a déclaré ».

    adjacent: only a noun phrase right before the verb group (« X a déclaré », « X, qui a dit »)."""
    from service.quotes.cues import cue_start_word

    first = cue_start_word(article, verb)
    sentence = article.sentence_of(verb)
    i = first.index - 1
    if adjacent and i >= sentence.first and article.words[i].text == "," and not (
            i - 1 >= sentence.first and article.words[i - 1].lower in m.EMPHATIC):
        i = _before_inserted_segment(article, sentence, i)
        if i is None:
            return None
    while i >= sentence.first and (article.words[i].text == "," or article.words[i].lower in m.EMPHATIC
                                   and not _subject_clitic_here(article, i, sentence)):
        i -= 1
    if i >= sentence.first and article.words[i].lower == "qui":
        i -= 1
        while i >= sentence.first and article.words[i].text == ",":
            i -= 1
    if i >= sentence.first and m.pronoun_form(article.words[i]):
        return Source(article.words[i], "subject")
    end = i
    while i >= sentence.first and (article.words[i].upos in NP_WORDS or article.words[i].lower in (
            "de", "du", "des", "d'", "m.", "mme") or article.words[i].text[:1].isupper() and
            article.words[i].upos not in ("ADP", "ADV", "CCONJ", "SCONJ", "PRON", "VERB", "AUX")):
        i -= 1
    start = _over_participle_phrase(article, sentence, i + 1)
    while start <= end and (article.words[start].lower in ("de", "du", "des", "d'") or
                            m.is_time_word(article.words[start])):
        start += 1
    if start > end or end - start > 10:
        return None
    words = article.words[start:end + 1]
    if not any(w.upos in ("NOUN", "PROPN") or w.text[:1].isupper() for w in words):
        return None
    return Source(None, "subject", (words[0].start, words[-1].end))


def narrative_infinitive(article, verb):
    """« Et d'ajouter : « … » »: an infinitive after « et de » opening a sentence, whose speaker is the
    one speaking just before."""
    if verb.feat("VerbForm") != "Inf":
        return False
    sentence = article.sentence_of(verb)
    before = [w.lower for w in article.words[sentence.first:verb.index] if w.upos != "PUNCT"]
    return before in (["et", "de"], ["et", "d'"])


ASKING_VERBS = {"interroger", "questionner", "solliciter", "relancer"}


def asked_participle(article, verb):
    """« Puis, interrogé sur l'avenir : « … » »: a bare past participle of asking answers for the one
    asked, who is the one speaking before (never the agent « par X », who asks)."""
    from service.quotes.cues import cue_start_word

    return verb.lemma in ASKING_VERBS and verb.feat("VerbForm") == "Part" and \
        verb.feat("Tense") == "Past" and cue_start_word(article, verb) is verb and \
        not any(article.words[c].rel in ("aux", "nsubj", "cop") for c in verb.children)
