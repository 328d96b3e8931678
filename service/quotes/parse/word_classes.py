"""What a single word is, read off its form, tags and determiner: a subject pronoun, a relative, a
proper-name word, a person noun, a time word, « ce dernier »; and the gender it gives a person.
"""
import re

from service.quotes.french import (
    ADVERBIAL_TIMES,
    EPICENE,
    FEMININE_ENDINGS,
    GENDERLESS_DETERMINERS,
    INVERTED_CLITIC,
    LATTER,
    LATTER_PRONOUNS,
    NAME_PARTICLES,
    OFFICES_MASCULINE_FOR_WOMEN,
    PERSON_NOUNS,
    PERSONAL_PRONOUNS,
    RELATIVE_PRONOUNS,
    SPEAKING_NOUNS,
    TIME_WORDS,
    TITLES,
)


def pronoun_form(word):
    """'il', 'elle'… for a subject pronoun word (including the -t-il of an inversion, alone or fused
    with its verb as in « a-t-elle »), else None."""
    fused = INVERTED_CLITIC.search(word.lower)
    if fused and fused.group(1) != "on":
        return fused.group(1)
    form = re.sub(r"^-(t-)?", "", word.lower)
    if word.upos == "PRON" and form in PERSONAL_PRONOUNS:
        return form
    if form in ("il", "elle", "ils", "elles") and word.upos in ("PRON", "X", "PROPN", "NOUN"):
        return form
    return None


def is_relative(word):
    return word.lower in RELATIVE_PRONOUNS and word.upos == "PRON"


def is_name_word(word):
    """A proper-name word: tagged so, or capitalised (but « Premier » of « Premier ministre » is an office)."""
    return word.upos == "PROPN" or (word.text[:1].isupper() and word.upos in ("NOUN", "X", "ADJ")
                                    and word.lower not in TITLES and word.lower not in PERSON_NOUNS
                                    and not word.text.isupper())


def is_trailing_time(word):
    """A day or time word closing a phrase: it modifies the verb, it is no part of the name."""
    return word.lower in ADVERBIAL_TIMES


def acronym_before_name(word, following):
    """« l'AFP Marie Dufour »: an acronym (a body, a medium) then a person's name, two names."""
    return following is not None and len(word.text) >= 2 and word.text.isupper() and \
        following.text[:1].isupper() and not following.text.isupper() and following.upos in ("PROPN", "X", "NOUN")


def name_particle(ordered, position, particles=NAME_PARTICLES):
    """A lowercase particle inside a name, followed (maybe after another particle) by a name word."""
    following = ordered[position + 1:position + 3]
    if ordered[position].lower not in particles or not following:
        return False
    nxt = following[0] if following[0].lower not in particles or len(following) < 2 else following[1]
    return is_name_word(nxt) and nxt.index - ordered[position].index <= 2


def is_person_noun(word):
    return word is not None and (word.lemma.lower() in PERSON_NOUNS or word.lower in PERSON_NOUNS)


def can_speak(word):
    """A noun that may name who speaks: a name, a person, a body that speaks."""
    return word.upos == "PROPN" or is_person_noun(word) or word.lower in SPEAKING_NOUNS


def is_time_word(word):
    return word.lemma.lower() in TIME_WORDS or word.lower in TIME_WORDS or word.upos == "NUM"


def gender_of(word):
    g = word.feat("Gender")
    return {"Masc": "masc", "Fem": "fem"}.get(g)


def _paired_gender(form):
    """'fem' or 'masc' for a person noun whose other-gender form is a person noun too, else None."""
    for fem, masc in FEMININE_ENDINGS:
        if form.endswith(fem) and form[:len(form) - len(fem)] + masc in PERSON_NOUNS:
            return "fem"
    for fem, masc in FEMININE_ENDINGS:
        if form.endswith(masc) and form[:len(form) - len(masc)] + fem in PERSON_NOUNS:
            return "masc"
    return None


def noun_gender(article, noun):
    """The gender a noun gives the person it names: the form's own where the person nouns pair it
    with a form of the other gender (the tagger's guess is often wrong); for a noun of either gender,
    its determiner's (« la ministre », « son collègue »), except that « le ministre », « le chef » may
    be a woman and « l'analyste » tells nothing; else the tagger's; None when nothing tells."""
    if noun is None:
        return None
    if noun.lower not in EPICENE:
        return (_paired_gender(noun.lower) if noun.lower in PERSON_NOUNS else None) or gender_of(noun)
    for child in noun.children:
        word = article.words[child]
        if word.rel == "det" and word.lower not in GENDERLESS_DETERMINERS:
            told = gender_of(word)
            return told if told == "fem" or noun.lower not in OFFICES_MASCULINE_FOR_WOMEN else None
    return None


def is_plural(word):
    return word.feat("Number") == "Plur"


def latter_gender(article, word):
    """'masc' or 'fem' when `word` is « celui-ci » / « celle-ci » or heads « ce dernier » / « cette
    dernière », else None."""
    if word.lower in LATTER_PRONOUNS:
        return LATTER_PRONOUNS[word.lower]
    if word.index == 0:
        return None
    return LATTER.get((article.words[word.index - 1].lower, word.lower))


def latter_start(article, word):
    """Where the mention « ce dernier » / « celle-ci » that `word` ends begins."""
    return word.start if word.lower in LATTER_PRONOUNS else article.words[word.index - 1].start
