"""The cue of a passage in quotation marks: an incise after it, a colon before it, or a verb governing it.

« … », a-t-il dit. / « … », a répondu Peskov.  -> the incise verb after the closing mark
« …, a-t-il dit. … » (the incise inside the marks)  -> two passages, the incise verb for both
Il a déclaré : « … »  (or a paragraph ending with a colon) -> the reporting verb before the colon
Le ministre a été clair : « … »                            -> the predicate before the colon
Réponse du Kremlin : « … »                                 -> the noun of speech and its de-complement
Il a dit « … »                                            -> the verb whose complement it is
"""
import re
from dataclasses import replace
from typing import Callable, Optional

from service.quotes.french import DE, INVERTED_CLITIC_TEXT, SPEAKING_NOUNS, SPEECH_NOUNS, STRESSED_PRONOUNS, WORDS_NOUNS
from service.quotes.marks import Quoted
from service.quotes.parse.article import Article, Word
from service.quotes.parse.noun_phrases import phrase_from
from service.quotes.parse.verb_group import cue_start_word
from service.quotes.parse.word_classes import is_person_noun, is_time_word, pronoun_form
from service.quotes.speakers import SpeakerList

INCISE_GAP = re.compile(r"^\s*(\([^()\n]{0,80}\)\s*)?,")
MAX_INCISE_WORDS = 7


# « « … » a-t-il déclaré »: an inverted subject pronoun right after the passage makes an incise, comma or not
INVERTED_RIGHT_AFTER = re.compile(r"\s+[^\s,.;:!?«»\"]+" + INVERTED_CLITIC_TEXT.pattern, re.IGNORECASE)


COORDINATORS = ("et", "mais", "puis", "ou", "ni")


def incise_verb(article: Article, passage: Quoted, verbs: dict) -> Optional[Word]:
    """The reporting verb of an incise right after the passage (« », a-t-il ajouté », or with no comma
    after a question or an exclamation, « « Vraiment ? » s'étonne-t-il », or before an inverted pronoun,
    « « … » a-t-il déclaré »), or None."""
    after = passage.after
    tail = article.text[after:after + 90]
    gap = INCISE_GAP.match(tail)
    ends_with = article.text[max(passage.start, passage.end - 1):passage.end]
    comma_inside = ends_with == "," or article.text[passage.end:after].strip(" \u00a0\u202f»”\"") == ","
    stop_inside = ends_with in ("?", "!", "…") or INVERTED_RIGHT_AFTER.match(tail) is not None
    stop_inside = stop_inside and gap is None and not comma_inside
    if gap is None and not ((comma_inside or stop_inside) and tail[:1].isspace()):
        return None
    start = after + (gap.end() if gap else 0)
    words = article.words_from(start, MAX_INCISE_WORDS)
    if words and words[0].lower in COORDINATORS:
        return None         # « salue « … », puis appelle à … »: the sentence's verb goes on, no incise
    for w in words:
        if w.text in (".", "!", "?", ";", ":", "«", "»", '"', "“", "”"):
            return None
        if w.index in verbs:
            if stop_inside and cue_start_word(article, w) is not words[0]:
                return None     # « « Vraiment ? » Le ministre a dit … »: a sentence of its own
            return None if opens_participle_clause(w) or _subject_before(w, passage) else w
    return None


def _subject_before(verb, passage):
    """« Les syndicats, qui dénoncent « … », appellent à … »: the verb after the passage has its subject
    before it, so it goes on the sentence and is no incise."""
    return any(c.rel.startswith("nsubj") and c.start < passage.open_at for c in verb.dependents())


DELAYED_INCISE_WORDS = 20
SENTENCE_STOPS = {".", "!", "?", ";", ":", "«", "»", '"', "“", "”"}


def delayed_incise_verb(article: Article, passage: Quoted, verbs: dict) -> Optional[Word]:
    """« « … » à cause de la neige, a expliqué le préfet »: a passage opening its sentence, then words
    with no verb of their own, then the incise (after a comma); the incise verb, or None."""
    sentence = article.sentence_at(passage.open_at)
    if sentence is None or article.text[sentence.start:passage.open_at].strip(" \u00a0«“\"-—–"):
        return None
    for w in article.words_from(passage.after, DELAYED_INCISE_WORDS):
        if w.text in SENTENCE_STOPS or w.start >= sentence.end:
            return None
        if w.index in verbs and not opens_participle_clause(w):
            first = cue_start_word(article, w)
            return w if article.text[:first.start].rstrip().endswith(",") else None
        if w.rel != "aux" and (w.upos in ("VERB", "AUX") and w.feat("VerbForm") in ("Fin", "Inf") or
                               w.upos in ("SCONJ", "PRON")):
            return None
    return None


COORDINATED = re.compile(r"\s*(?:et|ou|puis|mais)\s*$", re.IGNORECASE)


def coordinated_incise_verb(article: Article, passage: Quoted, verbs: dict) -> Optional[Word]:
    """« « … » et « … », a-t-elle précisé »: two passages joined by a conjunction share the incise
    after the second; the incise verb, or None."""
    following = next((q for q in article.quoted if q.open_at >= passage.after), None)
    if following is None or not COORDINATED.match(article.text[passage.after:following.open_at]):
        return None
    return incise_verb(article, following, verbs)


# « « … ». C'est ce qu'a déclaré X », « « … » : voilà ce qu'a lancé X »: a cleft after the passage names its cue
CLEFT_AFTER = re.compile(r"\s*[.!?…:]?\s*(?:c['’]est|voilà|voici|tels? (?:est|sont)|telle est)\s+(?:en substance\s+)?"
                         r"ce\s+qu(?:e\b|['’])", re.IGNORECASE)
CLEFT_MAX_WORDS = 8


def cleft_verb(article: Article, passage: Quoted, verbs: dict) -> Optional[Word]:
    """The reporting verb of « C'est ce qu'a déclaré X » / « voilà ce que X a lancé » right after the
    passage, in the same paragraph, or None."""
    match = CLEFT_AFTER.match(article.text, passage.after)
    if match is None or "\n" in article.text[passage.after:match.end()]:
        return None
    for w in article.words_from(match.end(), CLEFT_MAX_WORDS):
        if w.text in (".", "!", "?", ";", ":", "«"):
            return None
        if w.index in verbs:
            return w
    return None


def opens_participle_clause(verb):
    """« « … », estimant que … »: a present participle after the passage opens a clause of its own."""
    return verb.feat("VerbForm") == "Part" and verb.feat("Tense") == "Pres" or \
        (verb.upos == "VERB" and verb.lower.endswith("ant") and verb.feat("VerbForm") != "Fin")


INCISE_END = {",", ".", "!", "?", ";", "…"}


def _inverted_subject(article, verb):
    """The verb's subject follows it (« a poursuivi le président », « a-t-il dit »).  A noun phrase right
    after a reporting verb in an incise is its subject even where the parser made it an object."""
    if INVERTED_CLITIC_TEXT.match(article.text, verb.end):
        return True
    following = verb.nbor()
    return any(c.rel == "nsubj" and c.index > verb.index for c in verb.dependents()) or \
        (following is not None and following.upos in ("DET", "PROPN", "NOUN", "PRON"))


def _inner_incise(article, passage, is_cue):
    """(comma offset, offset of the punctuation ending the incise) of an incise set inside the passage's
    marks: a comma, a reporting verb (after its auxiliary) with its subject after it, then a comma or a
    stop before the marks close; None when there is none."""
    words = article.words_between(passage.start, passage.end)
    for k, verb in enumerate(words):
        if not is_cue(verb):
            continue
        j, clitic = k - 1, False
        while j >= 0 and (words[j].upos == "AUX" or INVERTED_CLITIC_TEXT.fullmatch(words[j].text) or
                          words[j].text.lower() == "-t"):
            clitic = clitic or words[j].upos != "AUX"
            j -= 1
        if j < 1 or words[j].text != "," or not (clitic or _inverted_subject(article, verb)):
            continue
        end = next((w for w in words[k + 1:k + 1 + MAX_INCISE_WORDS] if w.text in INCISE_END), None)
        if end is not None and article.text[end.end:passage.end].strip():
            return words[j].start, end.start
    return None


def split_at_inner_incises(article: Article, is_cue: Callable[[Word], bool]) -> list:
    """The article's passages, each with an incise inside its marks cut in two around the incise."""
    out = []
    for passage in article.quoted:
        incise = _inner_incise(article, passage, is_cue) if passage.closed else None
        if incise is None:
            out.append(passage)
            continue
        comma, end = incise
        out.append(replace(passage, end=article.end_before_spaces(comma), close_at=None))
        out.append(replace(passage, start=article.start_after_spaces(end + 1), open_at=end, resumes=True))
    return out


def resumed_after_incise(article: Article, passage: Quoted, previous: Optional[tuple]) -> Optional[Word]:
    """« « … », a promis le ministre, « … » »: a passage that resumes right after the incise of the
    one before takes the same verb; so do the words after an incise set inside the marks."""
    if previous is None or previous[1] is None:
        return None
    before, verb = previous
    if passage.resumes:
        return verb
    between = article.text[before.after:passage.open_at]
    if "\n" in between or not between.rstrip().endswith(",") or any(ch in between for ch in ".;:!?"):
        return None
    return verb if verb.start > before.after else None


def _ends_with_colon(text):
    return text.rstrip().endswith(":")


def _colon_clause(article, passage):
    """(sentence, colon offset) of the clause a colon right before the passage closes, or None."""
    before = article.text[max(0, passage.open_at - 200):passage.open_at]
    if not _ends_with_colon(before):
        return None
    colon_at = passage.open_at - len(before) + before.rstrip().rfind(":")
    last = article.last_word_ending_by(colon_at + 1)
    if last is None:
        return None
    return article.sentence_of(last), colon_at


def _words_before_colon(article, passage):
    """The words of the clause a colon right before the passage closes, or None when there is no such colon."""
    clause = _colon_clause(article, passage)
    if clause is None:
        return None
    sentence, colon_at = clause
    return [w for w in article.sentence_words(sentence) if w.start < colon_at]


def colon_verb(article: Article, passage: Quoted, verbs: dict) -> Optional[Word]:
    """The reporting verb of the sentence a colon ends, when the passage follows that colon: the last one
    with a tense of its own, else the sentence's root."""
    clause = _colon_clause(article, passage)
    if clause is None:
        return None
    sentence, colon_at = clause
    candidates = [w for w in article.sentence_words(sentence) if w.index in verbs and w.start < colon_at
                  and not _names_something_else(article, w, colon_at)]
    if not candidates:
        return None
    finite = [w for w in candidates if _is_finite(w)]
    if finite:
        return finite[-1]       # « X explique que …, et Y lance : « … » »: the clause the colon closes
    roots = [w for w in candidates if w.head < 0]
    return roots[0] if roots else candidates[0]


def _is_finite(verb):
    """A verb with a tense of its own (« lance », « a déclaré »), not an infinitive or a participle clause."""
    if verb.feat("VerbForm") == "Fin":
        return True
    return any(aux.feat("VerbForm") == "Fin" for aux in verb.dependents("aux"))


def _names_something_else(article, verb, colon_at):
    """« Le festival a annoncé son thème : « Frontières » »: the verb's object before the colon is a thing,
    which the passage names, not words the subject says."""
    return any(c.upos == "NOUN" and c.start < colon_at and c.lower not in WORDS_NOUNS for c in verb.dependents("obj"))


def colon_predicate(article: Article, passage: Quoted) -> Optional[Word]:
    """« Le ministre a été très clair : « Aucune concession. » »: a whole sentence in marks after a colon
    that closes a clause with no reporting verb but with a subject naming someone: the clause's
    predicate introduces the words."""
    clause = _colon_clause(article, passage)
    if clause is None or not is_full_sentence(article.text[passage.start:passage.end]):
        return None
    sentence, colon_at = clause
    root = next((w for w in article.sentence_words(sentence) if w.head < 0 and w.start < colon_at), None)
    if root is None or root.upos not in ("VERB", "ADJ", "AUX"):
        return None
    subjects = root.dependents("nsubj")
    names_someone = any(w.upos == "PROPN" or is_person_noun(w) or w.lower in SPEAKING_NOUNS or
                        pronoun_form(w) for w in subjects)
    return root if names_someone else None


def colon_noun(article: Article, passage: Quoted) -> Optional[tuple]:
    """« Réponse du Kremlin : « … » », « La réaction de Dmitri Peskov : « … » », « Le message de Zelensky
    est clair : « … » »: a clause that is a noun of speech whose « de X » says who speaks (and maybe a short
    predicate), closed by a colon before the passage.
    Returns (the noun, (start, end) of X) or None."""
    words = _words_before_colon(article, passage)
    if words is None:
        return None
    if words and words[0].upos == "DET":
        words = words[1:]
    if len(words) < 3 or words[0].lower not in SPEECH_NOUNS or words[1].lower not in DE:
        return None
    source = phrase_from(words[2:], words[1].end)
    if not source or not any(w.upos in ("PROPN", "NOUN") for w in source):
        return None
    rest = [w for w in words if w.start >= source[-1].end]
    if not _bare_predicate(rest):
        return None
    return words[0], (source[0].start, source[-1].end)


PREDICATE_MAX_WORDS = 6


def _bare_predicate(words):
    """Nothing, or a short predicate or time with no other noun (« est clair », « ne s'est pas fait
    attendre », « quelques heures plus tard »): « Le message de Zelensky est clair : « … » »."""
    return len(words) <= PREDICATE_MAX_WORDS and \
        not any(w.upos in ("NOUN", "PROPN", "NUM", "SCONJ") and not is_time_word(w) for w in words)


NAME_BEFORE_COLON_MAX_WORDS = 4


def colon_name(article: Article, passage: Quoted, speakers: SpeakerList) -> Optional[tuple]:
    """« Poutine : « … » », « Donald Trump : « … » » (a headline's way): a clause that is only a person's
    name, closed by a colon before the passage.  A known speaker's name, or a full name (two to four
    proper nouns): a single unknown word may be a place or a topic (« Ukraine : « … » »); or a person
    described in a few words, or a stressed pronoun (« Sa collègue : « … » », « Elle : « … » »).
    Returns (start, end) of the name or None."""
    words = _words_before_colon(article, passage)
    if words is None:
        return None
    if not 1 <= len(words) <= NAME_BEFORE_COLON_MAX_WORDS:
        return None
    span = (words[0].start, words[-1].end)
    if speakers.by_name(article.text[span[0]:span[1]]) is not None:
        return span
    full_name = len(words) >= 2 and all(w.upos == "PROPN" and w.text[:1].isupper() for w in words)
    return span if full_name or _person_before_colon(words) else None


def _person_before_colon(words):
    """« Sa collègue : « … » », « Le juge : « … » », « Elle : « … » »: a person described in a few words
    (a determiner and a person noun), or a stressed pronoun alone."""
    if len(words) == 1:
        return words[0].lower in STRESSED_PRONOUNS
    return words[0].upos == "DET" and is_person_noun(words[1]) and len(words) <= 3


def governing_verb(article: Article, passage: Quoted, verbs: dict) -> Optional[Word]:
    """A reporting verb of the same sentence whose complement the passage is."""
    inside = article.words_starting_in(passage.start, passage.end)
    if not inside:
        return None
    for word in inside[:3]:
        node, depth = word, 0
        while node.head >= 0 and depth < 6:
            parent = article.words[node.head]
            if parent.start < passage.open_at and parent.index in verbs and \
                    parent.sentence == inside[0].sentence:
                return parent if _complement_it_takes(node, verbs[parent.index]) else None
            if parent.start >= passage.start and parent.end <= passage.end:
                node, depth = parent, depth + 1
                continue
            break
    return None


CLAUSE_RELS = {"ccomp", "xcomp", "parataxis", "advcl", "conj", "csubj"}


def _complement_it_takes(node, entry):
    """A passage hanging on the verb as a clause is what it reports; as a noun phrase, only for a verb
    that takes its content as an object (« a dénoncé « … » », not « poursuit son « opération … » »)."""
    return node.rel in CLAUSE_RELS or entry.allows("obj") or entry.allows("de")


def opens_paragraph(article, passage):
    start, _ = article.paragraphs[article.paragraph_at(passage.open_at)]
    return not article.text[start:passage.open_at].strip()


def is_full_sentence(text):
    """« Mais rien n'est perdu. »: a capital first and a final stop inside the marks, so no term or title."""
    text = text.strip()
    return len(text.split()) > 1 and text[0].isupper() and text[-1] in ".!?…"
