"""Persons the article describes before or after naming them, once every speaker has been read.

« L'écrivaine Claire Moreau et le poète Marc Vidal étaient en lice. […] L'auteure du roman a estimé … »:
a description of one person that no apposition, no known role and no nearby name resolved
(service.quotes.resolution.coreference) takes up

1. the only person named before it in the article whose gender is known and agrees, outside its own
   sentence (« le plus haut diplomate » is not the « Jean Roux » its sentence opens with), and not
   named with a person noun of another kind (« le poète Marc Vidal » is no « maire »);
2. else, for a description in the lead, the first person named in full after it (in the three paragraphs
   after its own), who speaks or acts there and was not named before it: news leads describe someone
   (« La maire de la ville s'est dite … ») and name them in the next paragraph (« Anne Roux a ajouté … »).

Known speakers are left out: the speaker list knows their offices, and a description of one of them
has been resolved by its role already.

Every quotation given to the description, by itself or through a pronoun that took it up, goes to the
person found.
"""
from dataclasses import replace

from service.quotes.french import NAME_PARTICLES, PERSON_NOUNS, ROLE_KINDS, TITLE_GENDER
from service.quotes.parse.article import Article
from service.quotes.parse.word_classes import gender_of, is_person_noun
from service.quotes.resolution.coreference import Context, Entity
from service.quotes.speakers import description_key, fold, name_tokens

LEAD_PARAGRAPHS = 1            # the paragraphs of a lead (a title may come first)
FOLLOWING_PARAGRAPHS = 3       # how far after a lead's description its person may be named


def name_described_persons(ctx: Context, candidates: list) -> None:
    """Give the quotations of each unresolved description of one person to the person it describes."""
    named = None
    for entity, offset in _described_entities(ctx, candidates):
        named = named if named is not None else _named_persons(ctx)
        person = _named_before(ctx, named, entity, offset) or _named_after(ctx, named, entity, offset)
        if person is None:
            continue
        person = _by_name(ctx, person)
        for cand in candidates:
            if cand.resolution is not None and cand.resolution.entity is entity:
                how = "pronoun" if cand.resolution.resolved_by == "pronoun" else "description"
                cand.resolution = replace(cand.resolution, entity=person, resolved_by=how)


def _described_entities(ctx, candidates):
    """(entity, offset of its first mention) of each description of one person that kept its own words."""
    first = {}
    mentions = [(c.resolution.entity, c.resolution.mention_start) for c in candidates if c.resolution is not None]
    for entity, offset in mentions + [(s.entity, s.offset) for s in ctx.history]:
        if entity.described and entity.person and not entity.plural and _definite(entity.name):
            if id(entity) not in first or offset < first[id(entity)][1]:
                first[id(entity)] = (entity, offset)
    return sorted(first.values(), key=lambda pair: pair[1])


def _definite(description):
    """« le milieu de terrain », « cette infirmière »: one person the reader knows; not « un journaliste »."""
    return fold(description).replace("'", " ").split()[:1] in (["le"], ["la"], ["l"], ["ce"], ["cet"], ["cette"])


def _by_name(ctx, person):
    """The person under their name alone: « la Belge Amélie Nothomb », « le Toulousain Jean Roux » as seen
    in a phrase are « Amélie Nothomb », « Jean Roux »."""
    words = person.name.split()
    rest = _after_article(words)
    if person.id is None and len(words) >= 4 and len(rest) < len(words) and all(w[:1].isupper() for w in rest):
        name = " ".join(rest[1:])
        known = ctx.speakers.by_name(name)
        return ctx.known_entity(known) if known is not None else \
            Entity(key=" ".join(name_tokens(name)), id=None, name=name, gender=person.gender, person=True)
    return person


def _named_before(ctx, named, entity, offset):
    """The only person named in full before `offset`, outside its sentence, whose gender is known and
    agrees with the description's."""
    if entity.gender is None:
        return None
    sentence = ctx.article.sentence_at(offset)
    role = description_key(entity.name).split()[:1]
    found, other_roles = {}, set()
    for start, person in named:
        if start >= offset or sentence is not None and start >= sentence.start:
            continue
        if person.id is not None or _other_role(ctx.article, start, role) or \
                _tied_to_another_role(ctx, person, entity):
            other_roles.add(person.key)
        elif person.gender is not None:
            found.setdefault(person.key, person)
    found = {key: person for key, person in found.items() if key not in other_roles}
    agreeing = [p for p in found.values() if p.gender == entity.gender]
    return agreeing[0] if len(agreeing) == 1 else None


def _named_after(ctx, named, entity, offset):
    """The first person named in full who speaks or acts after the description's sentence (within
    FOLLOWING_PARAGRAPHS paragraphs), named there for the first time, whose gender agrees."""
    article = ctx.article
    if article.paragraph_at(offset) > LEAD_PARAGRAPHS:
        return None
    sentence = article.sentence_at(offset)
    after = sentence.end if sentence is not None else offset
    last_paragraph = article.paragraph_at(offset) + FOLLOWING_PARAGRAPHS
    named_before = {p.key for start, p in named if start < after}
    for sighting in ctx.history:
        person = sighting.entity
        if sighting.offset < after or sighting.paragraph > last_paragraph:
            continue
        if person.person and person.id is None and _named_in_full(person) and person.key not in named_before:
            fits = person.agrees(entity.gender, False) and not _tied_to_another_role(ctx, person, entity)
            return person if fits else None
    return None


def _other_role(article, start, role):
    """The name is given with a person noun (« le poète Marc Vidal ») of another kind than the
    description's (« la maire »; « l'auteure » is of the poet's kind: service/data/french.json, role_kinds)."""
    following = article.words_from(start, 1)
    if not following or following[0].index == 0 or not role:
        return False
    before = article.words[following[0].index - 1]
    if before.upos != "NOUN" or not is_person_noun(before):
        return False
    return not _same_kind(before.lemma.lower(), role[0])


def _tied_to_another_role(ctx, person, entity):
    """The article ties the person to a person noun of another kind than the description's (« le président
    du conseil Jean Dufour » is no « commandant des pompiers »)."""
    role = description_key(entity.name).split()[:1]
    for tie in ctx.ties:
        noun = tie.key.split()[:1]
        if tie.entity.key == person.key and role and noun and noun[0] in FOLDED_PERSON_NOUNS and \
                not _same_kind(noun[0], role[0]):
            return True
    return False


FOLDED_PERSON_NOUNS = frozenset(fold(noun) for noun in PERSON_NOUNS)
FOLDED_ROLE_KINDS = {fold(noun): kinds for noun, kinds in ROLE_KINDS.items()}


def _same_kind(noun, other):
    """Two person nouns (accents and case aside) of one kind of role."""
    noun, other = fold(noun), fold(other)
    return noun == other or bool(FOLDED_ROLE_KINDS.get(noun, frozenset()) & FOLDED_ROLE_KINDS.get(other, frozenset()))


def _named_persons(ctx):
    """(offset, entity) of the persons the article names in full: those seen as speakers or subjects,
    and the runs of proper names a determiner, a noun or a title before them gives a gender."""
    seen = [(s.offset, s.entity) for s in ctx.history if s.entity.person and _named_in_full(s.entity)]
    for start, text in ctx.name_runs:
        gender = _gender_before_name(ctx.article, start)
        if gender is not None and len(name_tokens(text)) >= 2:
            entity = ctx.entity_for_name(text, gender=gender, person=True)
            if entity.gender is None:
                entity.gender = gender
            seen.append((start, entity))
    return sorted(seen, key=lambda pair: pair[0])


def _named_in_full(entity: Entity):
    """A known speaker, or a name of two words or more (« Anne Roux », « la Belge Anne Roux »), not a
    description that carries a name (« le président du groupe LR »)."""
    if entity.id is not None:
        return True
    words = _after_article(entity.name.split())
    return len(words) >= 2 and all(w[:1].isupper() or w.lower() in NAME_PARTICLES for w in words) and \
        not entity.described


def _after_article(words):
    """The words without the article they open with (« la », « l' », « les »)."""
    return words[1:] if words and fold(words[0]).rstrip("'") in ("le", "la", "l", "les") else words


def _gender_before_name(article: Article, start):
    """The gender the words right before a name give it: a title (« Mme »), or a gendered determiner or
    noun of the phrase it ends (« la Belge », « l'écrivain », « le Toulousain »)."""
    following = article.words_from(start, 1)
    first = following[0] if following else None
    if first is None or first.index == 0:
        return None
    before = article.words[first.index - 1]
    if before.lower in TITLE_GENDER:
        return TITLE_GENDER[before.lower]
    if before.sentence != first.sentence:
        return None
    if before.upos == "DET" or before.upos == "NOUN" and is_person_noun(before):
        return gender_of(before)
    if before.upos in ("NOUN", "ADJ") and before.text[:1].isupper():     # « la Belge », « le Toulousain »
        return gender_of(before)
    return None
