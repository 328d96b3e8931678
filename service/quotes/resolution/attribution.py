"""Who said it, resolved: a subject or source phrase turned into an entity of the article.

A name is linked to the speaker list (or kept as written), a pronoun to the most
salient earlier entity, a description to the person an apposition ties it to
or to the holder of that role on the article's date (see service.quotes.resolution.coreference).
"""
from dataclasses import dataclass
from functools import cached_property
from typing import Optional

from service.quotes.french import (
    AUTHOR_LINKS,
    DE,
    DETERMINERS,
    DOCUMENT_NOUNS,
    PARTITIVE_PRONOUNS,
    READ_IN,
    TITLE_GENDER,
    TITLES,
    VOICE_NOUNS,
)
from service.quotes.parse.article import Article
from service.quotes.parse.word_classes import (
    acronym_before_name,
    gender_of,
    is_person_noun,
    is_plural,
    is_relative,
    is_time_word,
    latter_gender,
    latter_start,
    noun_gender,
    pronoun_form,
)
from service.quotes.resolution import mentions
from service.quotes.resolution.coreference import Context, Entity, Resolution
from service.quotes.resolution.names import surface_name_run
from service.quotes.sources.source import Source
from service.quotes.speakers import fold


def _gender_number(article, phrase):
    noun = mentions.head_noun(phrase) or phrase.head
    return (mentions.title_gender(phrase) or noun_gender(article, noun) or
            (gender_of(phrase.head) if phrase.head is not noun else None),
            is_plural(phrase.head) and not any(w.rel == "conj" for w in phrase.words)
            or any(w.rel == "conj" for w in phrase.words))


def name_entity(ctx, phrase, run):
    text = ctx.article.text[run[0].start:run[-1].end]
    before = ctx.article.words[run[0].index - 1] if run[0].index > 0 else None
    if before is not None and acronym_before_name(before, run[0]):
        # « l'AFP Hanna Kovalenko » parsed as one phrase: the determiner and gender are the medium's
        return ctx.entity_for_name(text, person=True if len(run) >= 2 else None)
    gender, _ = _gender_number(ctx.article, phrase)
    has_det = any(w.upos == "DET" for w in phrase.words if w.index < run[0].index) and not \
        mentions.description_text(ctx.article, phrase)
    person = True if (mentions.title_gender(phrase) or len(run) >= 2 and not has_det or
                      is_person_noun(mentions.head_noun(phrase))) else (False if has_det else None)
    return ctx.entity_for_name(text, gender=gender, person=person)


def entity_of_phrase(ctx, phrase):
    """(entity, how) for a noun phrase: its own name, its apposition, its description, or itself."""
    description = mentions.description_text(ctx.article, phrase)
    if any(w.rel == "conj" for w in phrase.words):
        return _as_written(ctx, phrase), "name"
    for run in phrase.names:
        if name_of_a_complement(phrase, run):
            continue
        entity = name_entity(ctx, phrase, run)
        if entity.id is not None or entity.person or not description:
            return entity, "name"
    for apposition in phrase.appositions:
        for run in apposition.names:
            entity = name_entity(ctx, apposition, run)
            return entity, "apposition"
    if description:
        gender, plural = _gender_number(ctx.article, phrase)
        entity, how = ctx.entity_for_description(description, phrase.start, gender, plural,
                                                 person=is_person_noun(mentions.head_noun(phrase)))
        if entity is not None:
            return entity, how
    return _as_written(ctx, phrase), "name"


def name_of_a_complement(phrase, run):
    """« la présidente du groupe RN à l'Assemblée »: a one-word name that a common noun of the head's
    complement carries (« groupe RN », « syndicat CGT ») names that complement, not the person."""
    holder = run[0].head_word
    return len(run) == 1 and holder is not None and holder is not phrase.head and holder.upos == "NOUN" and \
        run[0].index > phrase.head.index and holder.index > phrase.head.index


def _as_written(ctx, phrase):
    """An institution, country or unknown person named by the words as they stand."""
    text = mentions.span_text(ctx.article, phrase)
    known = ctx.speakers.by_name(text) if phrase.names else None
    if known is not None:
        return ctx.known_entity(known)
    gender, plural = _gender_number(ctx.article, phrase)
    noun = mentions.head_noun(phrase)
    person = True if is_person_noun(noun) else (False if noun is not None or any(
        w.upos == "DET" for w in phrase.words) else None)
    return Entity(key=fold(text), id=None, name=text, gender=gender, plural=plural, person=person,
                  described=bool(person and not phrase.names and mentions.description_text(ctx.article, phrase)))


def pronoun_span(article, word, form):
    """The pronoun itself inside its token (« elle » in « a-t-elle »)."""
    token = article.text[word.start:word.end]
    at = token.lower().rfind(form)
    return (word.start + at, word.start + at + len(form)) if at >= 0 else (word.start, word.end)


def _resolve_latter(ctx, word):
    """« ce dernier » / « cette dernière » (`word` being « dernier »), « celui-ci » / « celle-ci »."""
    entity = ctx.resolve_latter(latter_gender(ctx.article, word), word.start)
    start = latter_start(ctx.article, word)
    return Resolution(entity, start, word.end, "pronoun") if entity is not None else None


def resolve_source(ctx: Context, source: Source) -> Optional[Resolution]:
    """A Resolution for a source word, or None when it cannot be resolved."""
    article = ctx.article
    if source.word is None:
        return resolve_surface(ctx, source.span[0], source.span[1], source.how)
    word = source.word
    form = pronoun_form(word)
    if form:
        entity = ctx.resolve_pronoun(form, word.start)
        if entity is None:
            return None
        start, end = pronoun_span(article, word, form)
        return Resolution(entity, start, end, "pronoun")
    if latter_gender(article, word):
        return _resolve_latter(ctx, word)
    if word.upos in ("PRON",) and not is_relative(word) and word.lower not in PARTITIVE_PRONOUNS:
        return None                  # « l'un d'eux », « plusieurs des élus » are read as written
    phrase = mentions.phrase_of(article, word)
    entity, how = entity_of_phrase(ctx, phrase)
    if entity is None:
        return None
    resolved_by = {"name": source.how, "apposition": "apposition", "description": "description"}[how] \
        if how in ("name", "apposition", "description") else source.how
    if source.how in ("agent", "selon") and how == "name":
        resolved_by = source.how
    return Resolution(entity, phrase.start, phrase.end, resolved_by)


def _author_of_document(article, words):
    """The words naming who wrote the document a source phrase names (« l'ONU » in « un rapport de
    l'ONU publié mardi », « le ministère » in « un bilan communiqué par le ministère », « le consulat »
    in « un message publié sur le compte officiel du consulat »), or None."""
    nouns = [w for w in words if w.upos == "NOUN"]
    if not nouns or nouns[0].lower not in DOCUMENT_NOUNS:
        return None
    rest = words[words.index(nouns[0]) + 1:]
    posted_on = False
    for position, w in enumerate(rest):
        if w.lower in AUTHOR_LINKS:
            author = rest[position + 1:]
            if author and author[0].start == w.start:     # the article of « du », « des »: no text of its own
                author = author[1:]
            named = any(a.upos in ("PROPN", "NOUN") for a in author)
            return author if named and author[0].upos in ("DET", "PROPN", "NOUN") else None
        posted_on = posted_on or w.lower in READ_IN
        if not (w.upos in ("ADJ", "VERB", "ADV", "NUM") or is_time_word(w) or posted_on and w.lower in READ_IN or
                posted_on and w.upos in ("DET", "NOUN", "PROPN")):
            return None               # « publié mardi », « publié sur le compte de »: they qualify it
    return None


def _before_complement(article, words, text):
    """The words before the first de-complement: a name there is the source's own, one after it is
    someone else's (« le porte-parole de Vladimir Poutine » is not Vladimir Poutine), unless the
    complement is the voice X speaks through (« la voix de Dmitri Peskov »)."""
    for position, w in enumerate(words):
        if position > 0 and w.lower in DE:
            if words[position - 1].lower in VOICE_NOUNS:
                return text
            return article.text[words[0].start:words[position - 1].end]
    return text


@dataclass
class SurfacePhrase:
    """A source phrase read on the words alone: the words of [start, end) and what they tell."""
    article: Article
    start: int
    end: int
    how: str                     # how the source was found (sources.Source.how)

    @cached_property
    def words(self):
        return self.article.words_between(self.start, self.end)

    @property
    def text(self):
        return self.article.text[self.start:self.end]

    @cached_property
    def nouns(self):
        return [w for w in self.words if w.upos == "NOUN" and w.lower not in TITLES]

    @property
    def first_noun(self):
        return self.nouns[0] if self.nouns else None

    @cached_property
    def gender(self):
        """A title's gender (« Mme »), else the first noun's."""
        return next((TITLE_GENDER[w.lower] for w in self.words if w.lower in TITLE_GENDER), None) or \
            (noun_gender(self.article, self.nouns[0]) if self.nouns else None)

    @cached_property
    def name_run(self):
        return surface_name_run(self.words)

    @cached_property
    def description(self):
        """The words before the name, titles left out, when they describe (« le ministre français »)."""
        run = self.name_run
        words = [w for w in self.words if (not run or w.index < run[0].index) and w.lower not in TITLES]
        if words and any(not w.text[:1].isupper() or w.upos == "NOUN" for w in words):
            return self.article.text[words[0].start:words[-1].end]
        return ""

    def resolved(self, entity, resolved_by=None):
        return Resolution(entity, self.start, self.end, resolved_by or self.how)


def _surface_pronoun(ctx, phrase, form):
    """« selon elle »: a subject pronoun alone."""
    entity = ctx.resolve_pronoun(form, phrase.start)
    return Resolution(entity, *pronoun_span(ctx.article, phrase.words[0], form), "pronoun") \
        if entity is not None else None


def _surface_document(ctx, phrase):
    """« selon un rapport de l'ONU »: the document's author, for the whole phrase."""
    author = _author_of_document(ctx.article, phrase.words)
    if author is None:
        return None
    resolved = resolve_surface(ctx, author[0].start, author[-1].end, phrase.how)
    return phrase.resolved(resolved.entity) if resolved is not None else None


def _surface_name(ctx, phrase):
    """« le ministre français Jean Dupont »: the name it ends with, when it names a known speaker or a
    person (the description before it then ties to that person)."""
    run = phrase.name_run
    if not run or _names_a_body_before(ctx.article, run):
        return None
    person_noun = is_person_noun(phrase.first_noun)
    person = True if (phrase.gender or len(run) >= 2 or person_noun) else None
    if phrase.description and not person_noun and not phrase.gender:
        person = False
    entity = ctx.entity_for_name(ctx.article.text[run[0].start:run[-1].end], gender=phrase.gender, person=person)
    if entity.id is None and not person:
        return None
    return phrase.resolved(entity)


def _names_a_body_before(article, run):
    """« le président du groupe LR », « la secrétaire du syndicat CGT »: a one-word name right after a
    common noun that names no person is that noun's name, not the speaker's."""
    before = article.words[run[0].index - 1] if run[0].index > 0 else None
    return len(run) == 1 and before is not None and before.upos == "NOUN" and not is_person_noun(before) and \
        before.lower not in TITLES


def _surface_known_speaker(ctx, phrase):
    """A known speaker's name, in the words before any de-complement when they describe."""
    text = _before_complement(ctx.article, phrase.words, phrase.text) if phrase.description else phrase.text
    known = ctx.speakers.by_name(text)
    return phrase.resolved(ctx.known_entity(known)) if known is not None else None


def _surface_description(ctx, phrase):
    """« le porte-parole du Kremlin »: the person the description names (ties, roles)."""
    if not phrase.description:
        return None
    entity, by = ctx.entity_for_description(phrase.text, phrase.start, phrase.gender,
                                            person=is_person_noun(phrase.first_noun))
    if entity is None:
        return None
    return phrase.resolved(entity, "description" if by == "description" else "apposition")


def _surface_as_written(ctx, phrase):
    """An institution, a country or an unknown person, named by the words as they stand."""
    words, noun = phrase.words, phrase.first_noun
    person = True if is_person_noun(noun) else (False if noun is not None or words and
                                                words[0].lower in DETERMINERS else None)
    plural = noun is not None and is_plural(noun) or any(w.lower == "et" for w in words)
    text = phrase.text
    return phrase.resolved(Entity(key=fold(text), id=None, name=text, gender=phrase.gender, plural=plural,
                                  person=person, described=bool(person and phrase.description and
                                                                not phrase.name_run)))


# the readings of a surface source that is no pronoun, tried in this order (else: the words as written)
SURFACE_READINGS = (_surface_document, _surface_name, _surface_known_speaker, _surface_description)


def resolve_surface(ctx: Context, start: int, end: int, how: str) -> Optional[Resolution]:
    """A source read on the surface (no usable parse): a pronoun, « ce dernier », a name, a description,
    or the words as written."""
    phrase = SurfacePhrase(ctx.article, start, end, how)
    words = phrase.words
    if len(words) == 1 and pronoun_form(words[0]):
        return _surface_pronoun(ctx, phrase, pronoun_form(words[0]))
    if 1 <= len(words) <= 2 and latter_gender(ctx.article, words[-1]):
        return _resolve_latter(ctx, words[-1])
    for reading in SURFACE_READINGS:
        found = reading(ctx, phrase)
        if found is not None:
            return found
    return _surface_as_written(ctx, phrase)
