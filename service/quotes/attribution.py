"""Who said it: the subject of a reporting verb, read off the dependency parse, and resolved.

The subject is the verb's nsubj (before it, or inverted in an incise), the
agent of a passive (obl:agent), the antecedent of « qui » in a relative clause,
or, for a verb with no subject of its own (coordinated, participle, infinitive),
the subject of the verb it hangs on.  When the parse has none, the words after
the verb are read (« , a-t-il dit », « , a répondu Peskov »).  The subject is
then resolved to an entity (name, pronoun, description, apposition).
"""
from dataclasses import dataclass
from typing import Optional

from service.quotes import mentions as m
from service.quotes.coref import Entity, Resolution
from service.quotes.speakers import fold

INHERITING_RELS = ("conj", "xcomp", "advcl", "ccomp", "parataxis", "acl")


@dataclass
class Source:
    """The word naming a source and how it was found (subject, inversion, agent, selon)."""
    word: object
    how: str


def _children(article, word):
    return [article.words[c] for c in word.children]


def _is_passive(article, verb):
    return any(c.deprel == "aux:pass" for c in _children(article, verb))


def _own_subject(article, verb):
    kids = _children(article, verb)
    if _is_passive(article, verb):
        for c in kids:
            if c.deprel in ("obl:agent",) or (c.rel == "obl" and any(
                    article.words[g].lower == "par" for g in c.children)):
                return Source(c, "agent")
    for c in kids:
        if c.rel == "nsubj" or c.deprel == "expl:subj" or (c.rel == "expl" and m.pronoun_form(c)):
            if c.deprel == "nsubj:pass" and _is_passive(article, verb):
                continue
            inverted = c.index > verb.index or c.lower.startswith("-")
            return Source(c, "inversion" if inverted else "subject")
    return None


def _inversion_after(article, verb):
    """Surface reading of an incise: « a-t-il dit », « a répondu Peskov », « a déclaré vendredi le ministre »."""
    sentence = article.sentence_of(verb)
    for w in article.words[max(sentence.first, verb.index - 3):verb.index]:
        if m.pronoun_form(w) and w.lower.startswith("-"):
            return Source(w, "inversion")
    for w in article.words[verb.index + 1:min(verb.index + 6, sentence.last + 1)]:
        if w.upos in ("ADV",) or m.is_time_word(w) or w.lower in ("ce", "cette", "cet", ","):
            continue
        if w.upos in ("PUNCT", "SCONJ", "ADP", "VERB", "AUX", "CCONJ"):
            return None
        if w.upos in ("DET", "PROPN", "NOUN") or m.pronoun_form(w):
            head = w
            while head.head >= 0 and article.words[head.head].index > verb.index and \
                    article.words[head.head].rel not in ("root",) and article.words[head.head].upos in ("NOUN", "PROPN") \
                    and head.rel in ("det", "flat", "amod", "nmod"):
                head = article.words[head.head]
            if head.upos == "DET":
                continue
            return Source(head, "inversion")
    return None


def subject_source(article, verb, depth=0):
    """The word that names who utters what the verb reports, or None."""
    own = _own_subject(article, verb)
    if own is not None:
        if m.is_relative(own.word) and verb.head >= 0 and verb.rel == "acl":
            return Source(article.words[verb.head], "subject")
        return own
    if verb.rel == "acl" and verb.head >= 0 and verb.deprel == "acl:relcl":
        return Source(article.words[verb.head], "subject")
    if depth < 4 and verb.head >= 0 and verb.rel in INHERITING_RELS and \
            not (verb.rel == "ccomp" and any(article.words[c].rel == "mark" for c in verb.children)):
        found = subject_source(article, article.words[verb.head], depth + 1)
        if found is not None:
            return found
    return _inversion_after(article, verb) if depth == 0 else None


# --- resolving a source word to an entity ---------------------------------------------------------

def _gender_number(phrase):
    noun = m.head_noun(phrase) or phrase.head
    return (m.title_gender(phrase) or m.gender_of(noun) or m.gender_of(phrase.head),
            m.is_plural(phrase.head) and not any(w.rel == "conj" for w in phrase.words)
            or any(w.rel == "conj" for w in phrase.words))


def _name_entity(ctx, phrase, run):
    text = ctx.article.text[run[0].start:run[-1].end]
    gender, _ = _gender_number(phrase)
    has_det = any(w.upos == "DET" for w in phrase.words if w.index < run[0].index) and not \
        m.description_text(ctx.article, phrase)
    person = True if (m.title_gender(phrase) or len(run) >= 2 and not has_det or
                      m.is_person_noun(m.head_noun(phrase))) else (False if has_det else None)
    return ctx.entity_for_name(text, gender=gender, person=person)


def entity_of_phrase(ctx, phrase):
    """(entity, how) for a noun phrase: its own name, its apposition, its description, or itself."""
    article = ctx.article
    description = m.description_text(article, phrase)
    for run in phrase.names:
        entity = _name_entity(ctx, phrase, run)
        if entity.id is not None or entity.person or not description:
            if description:
                ctx.add_tie(description, entity, phrase.start)
            return entity, "name"
    for apposition in phrase.appositions:
        for run in apposition.names:
            entity = _name_entity(ctx, apposition, run)
            if description:
                ctx.add_tie(description, entity, phrase.start)
            return entity, "apposition"
    if description:
        gender, plural = _gender_number(phrase)
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
    gender, plural = _gender_number(phrase)
    noun = m.head_noun(phrase)
    person = True if m.is_person_noun(noun) else (False if noun is not None or any(
        w.upos == "DET" for w in phrase.words) else None)
    return Entity(key=fold(text), id=None, name=text, gender=gender, plural=plural, person=person)


def resolve_source(ctx, source):
    """A Resolution for a source word, or None when it cannot be resolved."""
    article = ctx.article
    word = source.word
    form = m.pronoun_form(word)
    if form:
        entity = ctx.resolve_pronoun(form, word.start)
        if entity is None:
            return None
        return Resolution(entity, word.start, word.end, "pronoun")
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


def resolve_surface(ctx, start, end, how):
    """A source given as a stretch of text (a « selon X » the parse does not cover)."""
    text = ctx.article.text[start:end]
    known = ctx.speakers.by_name(text)
    if known is not None:
        return Resolution(ctx.known_entity(known), start, end, how)
    entity, _ = ctx.entity_for_description(text, start)
    if entity is not None:
        return Resolution(entity, start, end, how)
    return Resolution(Entity(key=fold(text), id=None, name=text), start, end, how)


def register_ties(ctx):
    """Read every « description, Name » / « description Name » / « Name, description » pair of the article."""
    article = ctx.article
    for word in article.words:
        if word.upos not in ("NOUN", "PROPN") or word.rel in ("flat", "compound"):
            continue
        phrase = m.phrase_of(article, word)
        for run in phrase.names:
            known = ctx.speakers.by_name(article.text[run[0].start:run[-1].end])
            if known is not None:
                ctx.named_ids.add(known.id)
        description = m.description_text(article, phrase)
        targets = phrase.names or [run for ap in phrase.appositions for run in ap.names]
        if description and targets and m.is_person_noun(m.head_noun(phrase)):
            entity = _name_entity(ctx, phrase, targets[0])
            ctx.add_tie(description, entity, phrase.start)
        elif phrase.names and not description:
            for apposition in phrase.appositions:
                ap_description = m.description_text(article, apposition)
                if ap_description and m.is_person_noun(m.head_noun(apposition)):
                    ctx.add_tie(ap_description, _name_entity(ctx, phrase, phrase.names[0]), phrase.start)
    _copula_ties(ctx)


def _copula_ties(ctx):
    """« X est le porte-parole du Kremlin »."""
    article = ctx.article
    for word in article.words:
        kids = _children(article, word)
        if word.upos != "NOUN" or not any(k.rel == "cop" for k in kids):
            continue
        subject = next((k for k in kids if k.rel == "nsubj"), None)
        if subject is None:
            continue
        subject_phrase = m.phrase_of(article, subject)
        if not subject_phrase.names or not m.is_person_noun(word):
            continue
        description = m.description_text(article, m.phrase_of(article, word))
        if description:
            ctx.add_tie(description, _name_entity(ctx, subject_phrase, subject_phrase.names[0]), word.start)


def speaker_confidence(resolved_by):
    return {"subject": 0.9, "inversion": 0.9, "agent": 0.85, "selon": 0.85, "apposition": 0.85,
            "description": 0.75, "pronoun": 0.75, "continuation": 0.7}.get(resolved_by, 0.6)


def entity_gender(entity: Optional[Entity]):
    return entity.gender if entity else None
