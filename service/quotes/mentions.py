"""Noun phrases that can name a source: their words, the proper names in them, and what they are.

A mention is the head phrase of a subject (« le porte-parole du Kremlin »,
« M. Peskov », « Paris et Berlin »): determiners, adjectives, de-complements,
names and coordinated nouns, without relative clauses, appositions or
parentheticals.  The proper names it carries and its apposition (« , Dmitri
Peskov, ») are read separately.
"""
import re
from dataclasses import dataclass, field

PERSONAL_PRONOUNS = {"il": ("masc", False), "elle": ("fem", False), "ils": ("masc", True),
                     "elles": ("fem", True), "lui": ("masc", False), "eux": ("masc", True)}
RELATIVE_PRONOUNS = {"qui", "lequel", "laquelle", "lesquels", "lesquelles"}
# « ce dernier », « cette dernière », « celui-ci », « celle-ci » (the latter) -> gender
LATTER = {("ce", "dernier"): "masc", ("cette", "dernière"): "fem"}
LATTER_PRONOUNS = {"celui-ci": "masc", "celle-ci": "fem"}
EMPHATIC = {"lui", "elle", "eux", "elles", "lui-même", "elle-même", "eux-mêmes", "elles-mêmes", "même"}
TITLES = {"m.", "mme", "mme.", "mlle", "mr", "mr.", "dr", "dr.", "pr", "monsieur", "madame"}
TITLE_GENDER = {"m.": "masc", "mr": "masc", "mr.": "masc", "monsieur": "masc", "mme": "fem",
                "mme.": "fem", "madame": "fem", "mlle": "fem"}
# nouns that designate a person (a role or a kind of person), not an institution
PERSON_NOUNS = {
    "président", "présidente", "ministre", "porte-parole", "chef", "cheffe", "dirigeant", "dirigeante",
    "représentant", "représentante", "maître", "dictateur", "premier", "première", "responsable",
    "secrétaire", "ambassadeur", "ambassadrice", "général", "générale", "commandant", "conseiller",
    "conseillère", "directeur", "directrice", "négociateur", "négociatrice", "diplomate", "officiel",
    "homme", "femme", "patron", "patronne", "leader", "député", "députée", "sénateur", "sénatrice",
    "maire", "gouverneur", "gouverneure", "juge", "procureur", "procureure", "avocat", "avocate",
    "expert", "experte", "analyste", "journaliste", "chancelier", "chancelière", "roi", "reine",
    "prince", "princesse", "pape", "candidat", "candidate", "vice-président", "vice-présidente",
    "opposant", "opposante", "militant", "militante", "habitant", "habitante", "témoin", "soldat",
    "officier", "colonel", "lieutenant", "amiral", "émissaire", "envoyé", "envoyée", "médiateur",
    "tsar", "autocrate", "locataire", "homologue", "numéro", "vice-premier", "haut-commissaire",
    "commissaire", "coordinateur", "coordinatrice", "fondateur", "fondatrice", "élu", "élue",
    "professeur", "chercheur", "chercheuse", "économiste", "politologue", "historien", "historienne",
}
DAYS_AND_TIMES_OF_DAY = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier",
                         "aujourd'hui", "demain", "soir", "matin"}
# the ones that can follow a name as modifiers of the verb (« a dit Dmitri Peskov *jeudi soir* »)
ADVERBIAL_TIMES = DAYS_AND_TIMES_OF_DAY | {"après-midi"}
DAY_AND_TIME = DAYS_AND_TIMES_OF_DAY | {
    "heure", "minute", "semaine", "mois", "année", "an", "veille", "lendemain", "jour", "fois", "début", "fin",
    "mi", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
    "novembre", "décembre"}
PHRASE_RELS = {"det", "amod", "flat", "fixed", "compound", "nummod", "conj", "cc", "case", "nmod"}


@dataclass
class Phrase:
    """The words of a mention and what can be read off them."""
    words: list
    head: object
    names: list = field(default_factory=list)        # runs of proper-name words (lists of words)
    appositions: list = field(default_factory=list)  # Phrases in apposition to the head

    @property
    def start(self):
        return self.words[0].start

    @property
    def end(self):
        return self.words[-1].end


INVERTED_CLITIC = re.compile(r"-(?:t-)?(il|elle|ils|elles|on)$")


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


def _phrase_children(article, word, depth):
    for child in (article.words[c] for c in word.children):
        rel = child.rel
        if rel == "punct" or child.deprel in ("acl:relcl",) or rel in ("appos", "acl", "parataxis", "advcl"):
            continue
        if child.lower in EMPHATIC and child.index > word.index:
            continue
        if rel == "nmod" and not _nmod_belongs(article, child, depth):
            continue
        if rel in PHRASE_RELS:
            yield child


def _nmod_belongs(article, nmod, depth):
    """A de-complement (« du Kremlin ») or a bare name (« M. Peskov ») belongs to the phrase."""
    if depth > 3:
        return False
    cases = [article.words[c] for c in nmod.children if article.words[c].rel == "case"]
    if not cases:
        return True
    return all(c.lower in ("de", "d'", "du", "des") for c in cases)


def phrase_words(article, head, depth=0):
    out = [head]
    for child in _phrase_children(article, head, depth):
        if child.rel == "case" and depth == 0:
            continue
        out.extend(phrase_words(article, child, depth + 1))
    return out


def contiguous(words, head):
    """The run of words around the head with no gap in the word sequence."""
    indexes = sorted({w.index for w in words})
    position = indexes.index(head.index)
    lo = hi = position
    while lo > 0 and indexes[lo - 1] == indexes[lo] - 1:
        lo -= 1
    while hi + 1 < len(indexes) and indexes[hi + 1] == indexes[hi] + 1:
        hi += 1
    return indexes[lo:hi + 1]


def is_trailing_time(word):
    """A day or time word closing a phrase: it modifies the verb, it is no part of the name."""
    return word.lower in ADVERBIAL_TIMES


def _trim_edges(article, indexes, head=None):
    while indexes and (article.words[indexes[-1]].upos in ("PUNCT", "ADP", "CCONJ", "SCONJ") or
                       (indexes[-1] != getattr(head, "index", None) and
                        is_trailing_time(article.words[indexes[-1]]))):
        indexes = indexes[:-1]
    while indexes and (article.words[indexes[0]].upos in ("PUNCT", "CCONJ", "SCONJ")
                       or article.words[indexes[0]].rel == "case"):
        indexes = indexes[1:]
    return indexes


def name_runs(words):
    """Runs of consecutive proper-name words (« Dmitri Peskov », « Jean Dupont ») naming the
    phrase itself, not a de-complement (the « Kremlin » of « le porte-parole du Kremlin »)."""
    ordered = sorted(words, key=lambda w: w.index)
    runs, current = [], []
    for position, w in enumerate(ordered):
        if current and w.index == current[-1].index + 1 and name_particle(ordered, position):
            current.append(w)                   # « Ursula von der Leyen », « Mohammed ben Salmane »
            continue
        if is_name_word(w) and (not current or w.index == current[-1].index + 1):
            if not current and _after_preposition(ordered, position):
                continue
            if len(current) == 1 and acronym_before_name(current[0], w):
                current = []                    # « l'AFP Marie Dufour » read as one name: the body is no part of it
            current.append(w)
        else:
            if current:
                runs.append(current)
            current = [w] if is_name_word(w) and not _after_preposition(ordered, position) else []
    if current:
        runs.append(current)
    return runs


NAME_PARTICLES = {"von", "van", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "bin", "ben",
                  "ibn", "al", "el", "ter", "zu"}


def acronym_before_name(word, following):
    """« l'AFP Marie Dufour »: an acronym (a body, a medium) then a person's name, two names."""
    return following is not None and len(word.text) >= 2 and word.text.isupper() and \
        following.text[:1].isupper() and not following.text.isupper() and following.upos in ("PROPN", "X", "NOUN")


# read on the surface, without the parse, « de » and its kin more often start a complement
# (« Emmanuel Macron de France ») than continue a name
SURFACE_NAME_PARTICLES = NAME_PARTICLES - {"de", "del", "della", "di", "da", "dos", "das"}


def name_particle(ordered, position, particles=NAME_PARTICLES):
    """A lowercase particle inside a name, followed (maybe after another particle) by a name word."""
    following = ordered[position + 1:position + 3]
    if ordered[position].lower not in particles or not following:
        return False
    nxt = following[0] if following[0].lower not in particles or len(following) < 2 else following[1]
    return is_name_word(nxt) and nxt.index - ordered[position].index <= 2


def _after_preposition(ordered, position):
    """The word at `position` is in a de-complement: after a preposition and a determiner, or part of a
    capitalised name that is (« de la Maison Blanche », where « Blanche » hangs on « Maison »)."""
    word = ordered[position]
    for w in reversed(ordered[max(0, position - 4):position]):
        if w.upos == "ADP" or w.rel == "case":
            return True
        if w.upos == "DET":
            continue
        if w.text[:1].isupper() and word.head == w.index and word.rel != "appos":
            word = w
            continue
        return False
    return False


def phrase_of(article, head):
    """The mention headed by `head`, with its names and appositions."""
    words = phrase_words(article, head)
    indexes = _trim_edges(article, contiguous(words, head), head) or [head.index]
    chosen = [article.words[i] for i in indexes]
    phrase = Phrase(words=chosen, head=head, names=name_runs(chosen))
    for child in (article.words[c] for c in head.children):
        if child.rel == "appos" or (child.rel == "nmod" and child.index > head.index
                                    and child.index not in indexes and not _has_case(article, child)):
            inner = phrase_words(article, child, 1)
            idx = _trim_edges(article, contiguous(inner, child), child) or [child.index]
            ws = [article.words[i] for i in idx]
            phrase.appositions.append(Phrase(words=ws, head=child, names=name_runs(ws)))
    return phrase


def _has_case(article, word):
    return any(article.words[c].rel == "case" for c in word.children)


def title_gender(phrase):
    for w in phrase.words:
        if w.lower in TITLE_GENDER:
            return TITLE_GENDER[w.lower]
    return None


def head_noun(phrase):
    """The common noun heading a description (« ministre » in « le ministre russe de la Défense »)."""
    for w in phrase.words:
        if w.upos == "NOUN" and w.lower not in TITLES:
            return w
    return None


def is_person_noun(word):
    return word is not None and (word.lemma.lower() in PERSON_NOUNS or word.lower in PERSON_NOUNS)


def is_time_word(word):
    return word.lemma.lower() in DAY_AND_TIME or word.lower in DAY_AND_TIME or word.upos == "NUM"


def gender_of(word):
    g = word.feat("Gender")
    return {"Masc": "masc", "Fem": "fem"}.get(g)


# person nouns of either gender (the tagger gives them one at random): their determiner tells
EPICENE = {"ministre", "porte-parole", "analyste", "journaliste", "diplomate", "responsable", "juge",
           "secrétaire", "témoin", "économiste", "politologue", "homologue", "locataire", "commissaire",
           "membre", "spécialiste", "collègue", "leader", "élève", "artiste", "sociologue", "psychologue",
           "adjoint", "interprète", "vice-ministre", "haut-commissaire", "chef"}
GENDERLESS_DETERMINERS = {"l'", "les", "des", "ces", "leurs", "nos", "vos", "mes", "tes", "ses", "aux"}
# offices still written with a masculine determiner for a woman (« le ministre », « le porte-parole du
# gouvernement, Maud … »): for them only a feminine determiner tells; for the other nouns of either gender
# (« son collègue », « un analyste ») the determiner tells both ways
OFFICES_MASCULINE_FOR_WOMEN = {"ministre", "chef", "porte-parole", "secrétaire", "commissaire", "juge",
                               "haut-commissaire", "vice-ministre", "leader"}


# feminine ending -> masculine ending of person nouns (« opposante » / « opposant », « directrice » …)
FEMININE_ENDINGS = (("trice", "teur"), ("drice", "deur"), ("euse", "eur"), ("onne", "on"), ("ienne", "ien"), ("ère", "er"), ("esse", "e"),
                    ("ffe", "f"), ("e", ""))


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


def description_text(article, phrase):
    """The words of a mention that are not proper names or titles: its description, if any."""
    first_name = min((run[0].index for run in phrase.names), default=None)
    words = [w for w in phrase.words if (first_name is None or w.index < first_name)
             and w.lower not in TITLES]
    if first_name is not None and first_name == phrase.words[0].index:
        words = []
    if not words or not any(w.upos == "NOUN" for w in words):
        return ""
    return article.text[words[0].start:words[-1].end]


def span_text(article, phrase):
    return article.text[phrase.start:phrase.end]


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
