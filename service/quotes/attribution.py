"""Who said it, resolved: a subject or source phrase turned into an entity of the article.

A name is linked to the speaker list (or kept as written), a pronoun to the most
salient earlier entity, a description to the person an apposition ties it to
or to the holder of that role on the article's date (see coref).
"""
from service.quotes import mentions as m
from service.quotes.coref import Entity, Resolution
from service.quotes.speakers import fold
from service.quotes.subjects import DETERMINERS, LINKS

def _gender_number(article, phrase):
    noun = m.head_noun(phrase) or phrase.head
    return (m.title_gender(phrase) or m.noun_gender(article, noun) or
            (m.gender_of(phrase.head) if phrase.head is not noun else None),
            m.is_plural(phrase.head) and not any(w.rel == "conj" for w in phrase.words)
            or any(w.rel == "conj" for w in phrase.words))


def name_entity(ctx, phrase, run):
    text = ctx.article.text[run[0].start:run[-1].end]
    before = ctx.article.words[run[0].index - 1] if run[0].index > 0 else None
    if before is not None and m.acronym_before_name(before, run[0]):
        # « l'AFP Hanna Kovalenko » parsed as one phrase: the determiner and gender are the medium's
        return ctx.entity_for_name(text, person=True if len(run) >= 2 else None)
    gender, _ = _gender_number(ctx.article, phrase)
    has_det = any(w.upos == "DET" for w in phrase.words if w.index < run[0].index) and not \
        m.description_text(ctx.article, phrase)
    person = True if (m.title_gender(phrase) or len(run) >= 2 and not has_det or
                      m.is_person_noun(m.head_noun(phrase))) else (False if has_det else None)
    return ctx.entity_for_name(text, gender=gender, person=person)


def entity_of_phrase(ctx, phrase):
    """(entity, how) for a noun phrase: its own name, its apposition, its description, or itself."""
    article = ctx.article
    description = m.description_text(article, phrase)
    if any(w.rel == "conj" for w in phrase.words):
        return _as_written(ctx, phrase), "name"
    for run in phrase.names:
        entity = name_entity(ctx, phrase, run)
        if entity.id is not None or entity.person or not description:
            if description:
                ctx.add_tie(description, entity, phrase.start)
            return entity, "name"
    for apposition in phrase.appositions:
        for run in apposition.names:
            entity = name_entity(ctx, apposition, run)
            if description:
                ctx.add_tie(description, entity, phrase.start)
            return entity, "apposition"
    if description:
        gender, plural = _gender_number(ctx.article, phrase)
        entity, how = ctx.entity_for_description(description, phrase.start, gender, plural)
        if entity is not None:
            return entity, how
    return _as_written(ctx, phrase), "name"


def _as_written(ctx, phrase):
    """An institution, country or unknown person named by the words as they stand."""
    text = m.span_text(ctx.article, phrase)
    known = ctx.speakers.by_name(text) if phrase.names else None
    if known is not None:
        return ctx.known_entity(known)
    gender, plural = _gender_number(ctx.article, phrase)
    noun = m.head_noun(phrase)
    person = True if m.is_person_noun(noun) else (False if noun is not None or any(
        w.upos == "DET" for w in phrase.words) else None)
    return Entity(key=fold(text), id=None, name=text, gender=gender, plural=plural, person=person)


def pronoun_span(article, word, form):
    """The pronoun itself inside its token (« elle » in « a-t-elle »)."""
    token = article.text[word.start:word.end]
    at = token.lower().rfind(form)
    return (word.start + at, word.start + at + len(form)) if at >= 0 else (word.start, word.end)


def _resolve_latter(ctx, word):
    """« ce dernier » / « cette dernière » (`word` being « dernier »), « celui-ci » / « celle-ci »."""
    entity = ctx.resolve_latter(m.latter_gender(ctx.article, word), word.start)
    start = m.latter_start(ctx.article, word)
    return Resolution(entity, start, word.end, "pronoun") if entity is not None else None


def resolve_source(ctx, source):
    """A Resolution for a source word, or None when it cannot be resolved."""
    article = ctx.article
    if source.word is None:
        return resolve_surface(ctx, source.span[0], source.span[1], source.how)
    word = source.word
    form = m.pronoun_form(word)
    if form:
        entity = ctx.resolve_pronoun(form, word.start)
        if entity is None:
            return None
        start, end = pronoun_span(article, word, form)
        return Resolution(entity, start, end, "pronoun")
    if m.latter_gender(article, word):
        return _resolve_latter(ctx, word)
    if word.upos in ("PRON",) and not m.is_relative(word):
        return None
    phrase = m.phrase_of(article, word)
    entity, how = entity_of_phrase(ctx, phrase)
    if entity is None:
        return None
    resolved_by = {"name": source.how, "apposition": "apposition", "description": "description"}[how] \
        if how in ("name", "apposition", "description") else source.how
    if source.how in ("agent", "selon") and how == "name":
        resolved_by = source.how
    return Resolution(entity, phrase.start, phrase.end, resolved_by)


def _surface_name_run(words):
    """The proper name a stretch of words ends with (« Jean Dupont » in « le ministre français Jean
    Dupont »), not one inside a de-complement (« du Kremlin »)."""
    run, in_complement = [], False
    for position, w in enumerate(words):
        if run and not in_complement and m.name_particle(words, position, m.SURFACE_NAME_PARTICLES):
            run.append(w)                       # « Ursula von der Leyen »
            continue
        capital = w.text[:1].isupper() and w.lower not in DETERMINERS and w.lower not in m.TITLES
        if not capital:
            run, in_complement = ([] if run else run), False
            continue
        after_link = position > 0 and words[position - 1].lower in LINKS | DETERMINERS and \
            words[position - 1].lower not in m.TITLES
        if in_complement or (not run and after_link):
            in_complement = True
            continue
        run.append(w)
    return run


# texts that speak for whoever wrote them: « selon un rapport de l'ONU » is the ONU's word
DOCUMENT_NOUNS = {"rapport", "communiqué", "étude", "estimation", "bilan", "décompte", "sondage", "enquête",
                  "document", "note", "texte", "déclaration", "message", "lettre", "statistiques", "chiffres",
                  "données", "projections", "prévisions"}
AUTHOR_LINKS = {"de", "d'", "d’", "par"}


def _author_of_document(article, words):
    """The words naming who wrote the document a source phrase names (« l'ONU » in « un rapport de
    l'ONU publié mardi », « le ministère » in « un bilan communiqué par le ministère »), or None."""
    nouns = [w for w in words if w.upos == "NOUN"]
    if not nouns or nouns[0].lower not in DOCUMENT_NOUNS:
        return None
    rest = words[words.index(nouns[0]) + 1:]
    for position, w in enumerate(rest):
        if w.lower in AUTHOR_LINKS:
            author = rest[position + 1:]
            named = any(a.upos in ("PROPN", "NOUN") for a in author)
            return author if named and author[0].upos in ("DET", "PROPN", "NOUN") else None
        if not (w.upos in ("ADJ", "VERB", "ADV", "NUM") or m.is_time_word(w)):
            return None               # « publié mardi », « première »: the words between may qualify it
    return None


# « par la voix de X », « par la bouche de X »: nouns through which X speaks
VOICE_NOUNS = {"voix", "bouche", "plume", "intermédiaire", "entremise", "biais"}


def _before_complement(article, words, text):
    """The words before the first de-complement: a name there is the source's own, one after it is
    someone else's (« le porte-parole de Vladimir Poutine » is not Vladimir Poutine), unless the
    complement is the voice X speaks through (« la voix de Dmitri Peskov »)."""
    for position, w in enumerate(words):
        if position > 0 and w.lower in LINKS:
            if words[position - 1].lower in VOICE_NOUNS:
                return text
            return article.text[words[0].start:words[position - 1].end]
    return text


def resolve_surface(ctx, start, end, how):
    """A source read on the surface (no usable parse): a name, a description, or the words as written."""
    article = ctx.article
    words = article.words_between(start, end)
    text = article.text[start:end]
    if len(words) == 1 and m.pronoun_form(words[0]):
        form = m.pronoun_form(words[0])
        entity = ctx.resolve_pronoun(form, start)
        return Resolution(entity, *pronoun_span(article, words[0], form), "pronoun") if entity is not None else None
    if 1 <= len(words) <= 2 and m.latter_gender(article, words[-1]):
        return _resolve_latter(ctx, words[-1])
    author = _author_of_document(article, words)
    if author is not None:
        resolved = resolve_surface(ctx, author[0].start, author[-1].end, how)
        if resolved is not None:
            return Resolution(resolved.entity, start, end, how)
    nouns = [w for w in words if w.upos == "NOUN" and w.lower not in m.TITLES]
    gender = next((m.TITLE_GENDER[w.lower] for w in words if w.lower in m.TITLE_GENDER), None) or \
        (m.noun_gender(article, nouns[0]) if nouns else None)
    run = _surface_name_run(words)
    description_words = [w for w in words if not run or w.index < run[0].index]
    description_words = [w for w in description_words if w.lower not in m.TITLES]
    description = article.text[description_words[0].start:description_words[-1].end] \
        if description_words and any(not w.text[:1].isupper() or w.upos == "NOUN" for w in description_words) else ""
    if run:
        name = article.text[run[0].start:run[-1].end]
        person = True if (gender or len(run) >= 2 or m.is_person_noun(nouns[0] if nouns else None)) else None
        if description and not m.is_person_noun(nouns[0] if nouns else None) and not gender:
            person = False
        entity = ctx.entity_for_name(name, gender=gender, person=person)
        if entity.id is not None or person:
            if description:
                ctx.add_tie(description, entity, start)
            return Resolution(entity, start, end, how)
    known = ctx.speakers.by_name(_before_complement(article, words, text) if description else text)
    if known is not None:
        return Resolution(ctx.known_entity(known), start, end, how)
    if description:
        entity, by = ctx.entity_for_description(text, start, gender)
        if entity is not None:
            return Resolution(entity, start, end, "description" if by == "description" else "apposition")
    person = True if m.is_person_noun(nouns[0] if nouns else None) else (False if nouns or words and
                                                                          words[0].lower in DETERMINERS else None)
    plural = bool(nouns) and m.is_plural(nouns[0]) or any(w.lower == "et" for w in words)
    return Resolution(Entity(key=fold(text), id=None, name=text, gender=gender, plural=plural, person=person),
                      start, end, how)


def speaker_confidence(resolved_by):
    return {"subject": 0.9, "inversion": 0.9, "agent": 0.85, "selon": 0.85, "apposition": 0.85,
            "description": 0.75, "pronoun": 0.75, "continuation": 0.7}.get(resolved_by, 0.6)
