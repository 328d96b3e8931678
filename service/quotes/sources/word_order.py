"""The subject of a reporting verb read on the word order, where parses often err: the inverted subject
after an incise verb (« « … », a répondu Peskov », « a-t-il dit », « a déclaré à la presse le
porte-parole »), and the noun phrase right before the verb group (« Le porte-parole du Kremlin a
déclaré », « M. Dupont, qui a déclaré »).  Whether a verb group is an incise at all is read here too.
"""
import re

from service.quotes.french import BEFORE_INVERTED_SUBJECT, DE, EMPHATIC, PLACES_OF_ON, SPEAKING_NOUNS, TITLES
from service.quotes.parse.article import Article, Word
from service.quotes.parse.noun_phrases import phrase_after, phrase_start_before
from service.quotes.parse.verb_group import after_adverbial_locution, cue_start_word
from service.quotes.parse.word_classes import (
    acronym_before_name,
    can_speak,
    is_person_noun,
    is_time_word,
    latter_gender,
    pronoun_form,
)
from service.quotes.sources.source import Source


def _with_apposed_name(article, found, sentence):
    """« le porte-parole de l'armée, Jean Dupont » : the name set after a description by a comma."""
    first, last = found
    if last + 2 > sentence.last or article.words[last + 1].text != ",":
        return first, last
    j = last + 2
    while j <= sentence.last and article.words[j].text[:1].isupper() and \
            article.words[j].upos in ("PROPN", "NOUN", "X"):
        j += 1
    closes = j > sentence.last or article.words[j].upos == "PUNCT"
    return (first, j - 1) if j > last + 2 and closes and j - (last + 2) <= 4 else (first, last)


def _name_after_plural_noun(article, j):
    """A capitalised name right after a plural common noun starts a new phrase: a name is not set in
    apposition to « les journalistes » the way « l'agence Tass » names one agency."""
    word, before = article.words[j], article.words[j - 1]
    return word.upos == "PROPN" and word.text[:1].isupper() and before.upos == "NOUN" and \
        before.feat("Number") == "Plur"


def _skip_prepositional_phrase(article, i, last):
    """« a déclaré *à la presse* le porte-parole »: the phrase between an incise verb and its subject."""
    i = after_adverbial_locution(article, i, last)
    if i > last or article.words[i].lower not in BEFORE_INVERTED_SUBJECT:
        return i
    j = i + 1
    if j <= last and article.words[j].lower in ("de", "d'"):      # « auprès de »
        j += 1
    if j <= last and article.words[j].upos == "DET":
        j += 1
    while j <= last:
        w = article.words[j]
        if w.lower in DE and j + 1 <= last:
            j += 2 if article.words[j + 1].upos == "DET" else 1
            continue
        if w.upos in ("NOUN", "PROPN", "ADJ", "NUM") and w.lower not in TITLES:
            if _name_after_plural_noun(article, j):
                break               # « a déclaré aux journalistes Dmitri Peskov »: the name is the subject
            j += 1
            if acronym_before_name(w, article.words[j] if j <= last else None):
                break               # « a expliqué à l'AFP Marie Dufour »: the acronym ends the phrase
            continue
        break
    return j


def _place_of_on(article, verb, sentence):
    """The source an inverted impersonal « on » stands for, named by the place after it (« à Matignon »,
    « au ministère », « dans l'entourage du président », « chez LR »), or None."""
    window = article.words[verb.index:min(verb.index + 3, sentence.last + 1)]
    on = next((w for w in window if w.lemma == "on" and w.upos == "PRON"), None)
    if on is None:
        return None
    i = on.index + 1
    while i <= sentence.last and article.words[i].upos in ("VERB", "ADV"):      # « fait-on savoir »
        i += 1
    if i > sentence.last or article.words[i].lower not in PLACES_OF_ON:
        return None
    place = article.words[i]
    i += 1
    while i <= sentence.last and (article.words[i].start == place.start or article.words[i].lower in DE):
        i += 1                                      # the article inside « au », « auprès de »
    found = phrase_after(article, i, sentence.last) if i <= sentence.last else None
    if found is None:
        return None
    first, last = found
    return Source(None, "inversion", (article.words[first].start, article.words[last].end))


def inversion_after(article, verb):
    """Surface reading of an incise: « a-t-il dit », « a répondu Peskov », « a déclaré vendredi le ministre »,
    « explique-t-on à Matignon »."""
    sentence = article.sentence_of(verb)
    return _place_of_on(article, verb, sentence) or _inverted_subject(article, verb, sentence)


def _inverted_subject(article, verb, sentence):
    for w in article.words[max(sentence.first, verb.index - 3):min(verb.index + 2, sentence.last + 1)]:
        if pronoun_form(w) and "-" in w.lower:      # « a-t-il dit », « dit-il », « dit » + « -il »
            return Source(w, "inversion")
    i = verb.index + 1
    while i <= sentence.last and (article.words[i].upos == "ADV" or is_time_word(article.words[i]) or
                                  article.words[i].lower in ("ce", "cette", "cet", "aussi", "encore")
                                  and i + 1 <= sentence.last and is_time_word(article.words[i + 1])):
        i += 1
    i = _skip_prepositional_phrase(article, i, sentence.last)
    if i > sentence.last or i > verb.index + 9:
        return None
    if article.words[i].lower in ("ce", "cet", "cette", "ces"):
        latter = article.words[i + 1] if i + 1 <= sentence.last else None
        if latter is not None and latter_gender(article, latter):
            return Source(latter, "inversion")
        # else a description: « ajoute cette enseignante de 42 ans »
    found = phrase_after(article, i, sentence.last)
    if found is None:
        return None
    first, last = _with_apposed_name(article, found, sentence)
    words = article.words[first:last + 1]
    if not (_names_a_speaker(words) or right_after_passage(article, verb)) or len(words) > 14:
        return None
    return Source(None, "inversion", (words[0].start, words[-1].end))


CLOSED_PASSAGE = re.compile(r"[»”\"]\s*,?$")


def right_after_passage(article, verb):
    """« « … », a dit le critique »: the verb group opens right after a closing mark, so the noun phrase
    after it can only be its inverted subject (the passage is what it reports)."""

    first = cue_start_word(article, verb)
    return bool(CLOSED_PASSAGE.search(article.text[max(0, first.start - 4):first.start].rstrip()))


def _names_a_speaker(words):
    """The inverted subject of an incise names someone: a name, a person, an institution."""
    return any(w.text[:1].isupper() and w.upos != "DET" or is_person_noun(w) or w.lower in SPEAKING_NOUNS
               for w in words)


def is_incise(article: Article, verb: Word) -> bool:
    """The verb group follows a comma (« …, a déclaré X », « « … », a-t-il dit »)."""

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
    if _opens_with_passage(article, sentence, first):
        return True     # « « … » à cause de la neige, a expliqué le préfet »
    # « Le porte-parole, Dmitri Peskov, a dit … » is a subject and its apposition, not reported words
    return any(w.upos in ("VERB", "AUX") and w.start < first.start for w in article.sentence_words(sentence)
               if not article.in_passage(w.start))


def _opens_with_passage(article, sentence, first):
    """The sentence opens with a passage in quotation marks that closes before the verb group `first`."""
    opening = article.text[sentence.start:first.start]
    stripped = opening.lstrip()
    at = sentence.start + len(opening) - len(stripped)
    return stripped[:1] in ("«", "“", '"') and article.in_passage(at + 1) and not article.in_passage(first.start)


def is_object_of(article, source, verb):
    """The parse reads the words after the verb as its object: they are not an inverted subject."""
    if source.span is None or right_after_passage(article, verb):
        return False
    words = article.words_between(*source.span)
    if not any(w.head == verb.index and w.rel in ("obj", "iobj", "xcomp", "ccomp") for w in words):
        return False
    # « …, a regretté M. Zelensky. », « …, a indiqué le ministère. »: someone who can speak named at the
    # end of the clause is the inverted subject
    after = words[-1].nbor() if words else None
    ends_clause = after is None or after.upos == "PUNCT" or (after.upos == "ADP" and after.lower not in DE) or \
        after.feat("VerbForm") == "Part"        # « …, indiquent les auteurs du rapport publié … »
    speaker = any(w.lower in TITLES or can_speak(w) for w in words)
    return not (ends_clause and speaker)


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


def subject_before(article, verb, adjacent=False):
    """Surface reading of « Le porte-parole du Kremlin a déclaré » / « M. Dupont, qui a déclaré ».

    adjacent: only a noun phrase right before the verb group (« X a déclaré », « X, qui a dit »)."""
    sentence = article.sentence_of(verb)
    end = _subject_end(article, sentence, cue_start_word(article, verb).index - 1, adjacent)
    if end is None:
        return None
    if end >= sentence.first and pronoun_form(article.words[end]):
        return Source(article.words[end], "subject")
    start = phrase_start_before(article, sentence, end)
    if _before_relative(article, end):
        start = _agent_that_speaks(article, start, end)
    if start > end or end - start > 10:
        return None
    words = article.words[start:end + 1]
    if not any(w.upos in ("NOUN", "PROPN") or w.text[:1].isupper() for w in words):
        return None
    return Source(None, "subject", (words[0].start, words[-1].end))


def _before_relative(article, end):
    """The subject read ends right before « qui » (« …, qui a dit »)."""
    following = article.words[end + 1] if end + 1 < len(article.words) else None
    while following is not None and following.text == ",":
        following = following.nbor()
    return following is not None and following.lower == "qui"


def _agent_that_speaks(article, start, end):
    """« une réforme critiquée par le syndicat, qui a dénoncé … »: « qui » takes up the agent when the
    noun the phrase opens with cannot speak and the agent can; else `start`."""
    words = article.words[start:end + 1]
    at = next((k for k, w in enumerate(words) if w.lower == "par"), None)
    if at is None:
        return start
    head = next((w for w in words[:at] if w.upos in ("NOUN", "PROPN")), None)
    if head is None or can_speak(head) or not any(can_speak(w) for w in words[at + 1:]):
        return start
    return words[at + 1].index


def _subject_end(article, sentence, i, adjacent):
    """The index of the subject's last word, `i` being the word right before the verb group: back over an
    inserted segment (when adjacent), commas, a stressed pronoun and « qui »; None when the segment is
    no inserted one."""
    if adjacent and i >= sentence.first and article.words[i].text == "," and not (
            i - 1 >= sentence.first and article.words[i - 1].lower in EMPHATIC):
        i = _before_inserted_segment(article, sentence, i)
        if i is None:
            return None
    while i >= sentence.first and (article.words[i].text == "," or article.words[i].lower in EMPHATIC
                                   and not _subject_clitic_here(article, i, sentence)):
        i -= 1
    if i >= sentence.first and article.words[i].lower == "qui":
        i -= 1
        while i >= sentence.first and article.words[i].text == ",":
            i -= 1
    return i
