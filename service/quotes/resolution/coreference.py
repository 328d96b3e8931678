"""Who a mention points at: names, pronouns, descriptions and appositions, tracked through an article.

The entities an article mentions as subjects or speakers are kept in text
order.  A pronoun takes the most salient earlier entity that agrees in gender
and number (persons first, the closest first, never crossing a paragraph when a
closer candidate fits).  A description (« le porte-parole du Kremlin ») takes
the person the article ties it to by apposition or copula, else the holder of
that role in the speaker list on the article's date, or the person an earlier description
of the same office tied (« le dirigeant chinois » after « le président chinois Xi Jinping »,
see service.quotes.resolution.offices); a bare office (« le président ») takes the latest known
speaker mentioned before it who holds that office.
"""
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Optional

from service.quotes.french import OFFICE_STOP_WORDS, PERSONAL_PRONOUNS
from service.quotes.parse.article import Article
from service.quotes.resolution.names import proper_noun_runs
from service.quotes.resolution.offices import same_office
from service.quotes.speakers import SpeakerList, description_key, fold, name_tokens


@dataclass
class Entity:
    """Someone or something the article speaks of: a known speaker (id) or a name as written."""
    key: str
    id: Optional[str]
    name: str
    gender: Optional[str] = None
    plural: bool = False
    person: Optional[bool] = None      # True person, False institution/country, None unknown
    described: bool = False            # a person the article describes (« l'auteure ») but did not name here

    def agrees(self, gender: Optional[str], plural: bool) -> bool:
        if self.plural != plural and not (plural and self.person is False):
            return False
        return gender is None or self.gender is None or self.gender == gender


@dataclass
class Resolution:
    """Who a mention names, the mention's span, and how it was resolved (model.RESOLVED_BY)."""
    entity: Entity
    mention_start: int
    mention_end: int
    resolved_by: str


@dataclass
class Sighting:
    """An entity seen at an offset, as a speaker or as the subject of a clause."""
    offset: int
    paragraph: int
    entity: Entity
    speaker: bool
    reported: bool = False       # a speaker of words reported second-hand (« Selon les médias, X a dit … »)


@dataclass
class Tie:
    """A description (its key: speakers.description_key) the article ties to an entity at an offset."""
    key: str
    entity: Entity
    offset: int


def _of_the(title, gender):
    """« du président russe », « de la présidente … », « de l'ancien … »."""
    if title[:1].lower() in "aeiouyéèêh":
        return f"de l'{title}"
    return f"de la {title}" if gender == "fem" else f"du {title}"


def _may_speak(sighting):
    """An entity seen as a speaker, or one known to be a person or a body (not a bare name of a place)."""
    return sighting.speaker or sighting.entity.person is not None or sighting.entity.id is not None


def _same_description(a, b, narrower_only=False):
    """Two description keys name the same office: same head noun, one's words within the other's.

    narrower_only: only `a` less specific than (or equal to) `b` (« le ministre de la Défense » may
    be « le ministre russe de la Défense », « le ministre finlandais de la Défense » may not)."""
    wa, wb = a.split(), b.split()
    if not wa or not wb or wa[0] != wb[0]:
        return False
    stop = {"de", "du", "des", "la", "le", "l", "d"}
    sa, sb = set(wa) - stop, set(wb) - stop
    return sa <= sb or (not narrower_only and sb <= sa)


@dataclass
class Context:
    """What the engine knows of one article's entities while reading it in order."""
    article: Article
    speakers: SpeakerList
    ties: list[Tie] = field(default_factory=list)      # Ties, all read before the speakers (resolution.ties)
    history: list[Sighting] = field(default_factory=list)   # Sightings, in text order
    named_ids: set[str] = field(default_factory=set)   # ids of the known speakers the article names
    offices_held: dict[tuple[str, str], bool] = field(default_factory=dict)   # (speaker id, description key) -> bool

    # --- entities -------------------------------------------------------------------------
    def known_entity(self, known):
        return Entity(key=known.id, id=known.id, name=known.name, gender=known.gender, person=True)

    def entity_for_name(self, run_text, gender=None, person=None):
        known = self.speakers.by_name(run_text)
        if known is not None:
            return self.known_entity(known)
        tokens = name_tokens(run_text)
        # an unknown surname alone may repeat a full name given earlier (« Jean Dupont » ... « Dupont »),
        # not a coordination that ends with it (« Jean Roux et Paul Lemoine »)
        for sighting in reversed(self.history):
            ent = sighting.entity
            if ent.id is None and not ent.plural and tokens and ent.key.split()[-1:] == tokens[-1:]:
                return ent
        for tie in reversed(self.ties):
            ent = tie.entity
            if ent.id is None and tokens and ent.key.split()[-1:] == tokens[-1:]:
                return ent
        return Entity(key=" ".join(tokens) or fold(run_text), id=None, name=run_text.strip(),
                      gender=gender, person=person)

    def entity_for_description(self, text, offset, gender=None, plural=False, person=None):
        """A description resolved by the article's ties, then by the speaker list's roles."""
        key = description_key(text)
        if not key:
            return None, None
        before = [t for t in self.ties if t.offset <= offset]
        after = [t for t in self.ties if t.offset > offset]
        ordered = list(reversed(before)) + after
        for tie in ordered:
            if _same_description(key, tie.key, narrower_only=True):
                return tie.entity, "apposition"
        # a tie less specific than the description (« le président » of « le président Zelensky ») gives
        # way to the holder of the office the description names (« le président russe »)
        known = self.speakers.by_role(key, self.article.date, preferred=self.named_ids)
        if known is not None:
            return self.known_entity(known), "description"
        for tie in ordered:
            if _same_description(tie.key, key):
                return tie.entity, "apposition"
        for tie in reversed(before):
            if same_office(key, tie.key) and tie.entity.agrees(gender, plural):
                return tie.entity, "apposition"
        known = self._by_role(key) or self._salient_holder(key, offset)
        if known is not None:
            return self.known_entity(known), "description"
        entity, how = self._office_of_the_possessor(text, key, offset, gender, plural)
        if entity is None and person:
            return self._named_antecedent(text, offset, gender, plural)
        return entity, how

    def _named_antecedent(self, text, offset, gender, plural):
        """« Paul Roux, interrogé, écarte … « … », a estimé le gardien »: a definite description of
        one person that no tie and no known role resolve takes up the person named in full last seen before
        it in its paragraph (or in the one before, when its gender is known to be the same), as a subject or
        a speaker, whose gender agrees; not a known speaker, whose offices the speaker list knows."""
        if plural or gender is None or fold(text).replace("'", " ").split()[:1] not in (["le"], ["la"], ["l"]):
            return None, None
        paragraph = self.article.paragraph_at(offset)
        seen = self._named_sighting(offset, paragraph, gender)
        named = self._last_named_person(gender, offset)     # « …, comme l'a résumé Paul Roux. « … », a dit le milieu »
        if named is not None and self.article.paragraph_at(named[0]) == paragraph and \
                (seen is None or named[0] > seen[0]) and not self._after_preposition(named[0]):
            seen = named
        if seen is None:
            return None, None
        fits = seen[1].id is None and self._may_hold(seen[1], description_key(text))
        return (seen[1], "description") if fits else (None, None)

    def _named_sighting(self, offset, paragraph, gender):
        """(offset, entity) of the last person named in full seen before `offset`, as a subject or a speaker, in
        its paragraph or, with the same known gender, in the one before; or None."""
        return next(((s.offset, s.entity) for s in reversed(self.history) if s.offset < offset and
                     (s.paragraph == paragraph or s.paragraph == paragraph - 1 and s.entity.gender == gender) and
                     s.entity.person and not s.entity.described and len(name_tokens(s.entity.name)) >= 2 and
                     s.entity.agrees(gender, False)), None)

    def _after_preposition(self, offset):
        """A name right after a preposition (« sur France Inter », « à Paris ») names a place, a medium or a
        body more often than a person."""
        following = self.article.words_from(offset, 1)
        return bool(following) and following[0].index > 0 and self.article.words[following[0].index - 1].upos == "ADP"

    def _may_hold(self, entity, key):
        """The description may be the entity's: every description the article ties to it shares a word with
        it (« l'ancienne présidente du parti » after « l'ancienne candidate du parti », not « le maire »
        after « le préfet »)."""
        words = set(key.split()) - OFFICE_STOP_WORDS
        return all(words & set(tie.key.split()) for tie in self.ties if tie.entity.key == entity.key)

    def _office_of_the_possessor(self, text, key, offset, gender, plural):
        """« son porte-parole » after « Vladimir Poutine »: the office « porte-parole de Vladimir
        Poutine » (or « … du président russe », his office), looked up as a description of its own."""
        if fold(text).split()[:1] not in (["son"], ["sa"], ["leur"]):
            return None, None
        owner = self._pronoun_antecedent(offset, None, False)
        if owner is None or not owner.person:
            return None, None
        known = self.speakers.get(owner.id) if owner.id else None
        titles = [role.title for role in (known.roles if known else ()) if role.held_on(self.article.date)]
        for owner_text in [f"de {owner.name}"] + [_of_the(title, known.gender) for title in titles]:
            entity, how = self.entity_for_description(f"{key} {owner_text}", offset, gender, plural)
            if entity is not None and entity is not owner and entity.key != owner.key:
                return entity, how
        return None, None

    def _salient_holder(self, key, offset):
        """« le président » alone: the latest known speaker mentioned before it whose office it names
        (« président » in « président russe »), on the article's date."""
        if len(key.split()) != 1:
            return None
        for sighting in reversed(self.history):
            if sighting.offset >= offset or sighting.entity.id is None:
                continue
            known = self.speakers.get(sighting.entity.id)
            if known is not None and self._holds(known, key):
                return known
        return None

    def _holds(self, known, key):
        """Whether the known speaker holds, on the article's date, an office `key` names (memoised)."""
        if (known.id, key) not in self.offices_held:
            self.offices_held[(known.id, key)] = any(
                _same_description(key, role_key, narrower_only=True)
                for role in known.roles if role.held_on(self.article.date) for role_key in role.keys())
        return self.offices_held[(known.id, key)]

    def _by_role(self, key):
        known = self.speakers.by_role(key, self.article.date, preferred=self.named_ids)
        if known is not None:
            return known
        # a less specific description (« le chef de l'État » for « chef de l'État russe ») names a known
        # speaker only when the article names that speaker too: other countries have heads of state
        for role_key in self.speakers.role_keys:
            if _same_description(key, role_key, narrower_only=True) and len(key.split()) >= 2:
                known = self.speakers.by_role(role_key, self.article.date, preferred=self.named_ids)
                if known is not None and known.id in self.named_ids:
                    return known
        return None

    # --- salience ---------------------------------------------------------------------------
    def see(self, offset, entity, speaker=False, reported=False):
        paragraph = self.article.paragraph_at(offset)
        self.history.append(Sighting(offset, paragraph, entity, speaker, reported))

    def resolve_pronoun(self, form, offset):
        """The entity a subject pronoun at `offset` refers to, or None.  A person whose gender nothing had
        told takes the pronoun's (« il » for « leur homologue norvégien »), for the pronouns after it."""
        gender, plural = PERSONAL_PRONOUNS.get(form, (None, False))
        entity = self._pronoun_antecedent(offset, gender, plural)
        if entity is not None and entity.person and entity.gender is None and not plural:
            entity.gender = gender
        return entity

    def _pronoun_antecedent(self, offset, gender, plural):
        """The most salient earlier entity that agrees: in the pronoun's paragraph, then in the one before
        (see _antecedent_in), else the closest anywhere, a person first."""
        paragraph = self.article.paragraph_at(offset)
        agreeing = [s for s in reversed(self.history) if s.offset < offset and s.entity.agrees(gender, plural)]
        last_named = cache(lambda: self._last_named_person(gender, offset))    # looked up only when needed
        for window in (paragraph, paragraph - 1):
            found = self._antecedent_in(window, paragraph, agreeing, gender, plural, last_named)
            if found is not None:
                return found
        if not agreeing:
            return None
        # beyond the paragraph before, a speaker quoted second-hand gives way to the article's own speakers
        persons = [s for s in agreeing if s.entity.person]
        persons = [s for s in persons if not s.reported] or persons
        return (persons[0] if persons and not plural else agreeing[0]).entity

    def _antecedent_in(self, window, paragraph, agreeing, gender, plural, last_named):
        """The antecedent a pronoun finds in paragraph `window`: a person seen there (one whose gender is
        known to agree first), the last person named there, else the entity seen last, if there (in the
        paragraph before the pronoun's, only one that speaks: a place named there as a subject does not
        outweigh the speakers before it)."""
        persons = [s for s in agreeing if s.paragraph == window and s.entity.person]
        if persons and not plural:
            # « Elle » after « Mme Baerbock » then « son collègue français »: a person whose gender is
            # known to agree goes before one whose gender nothing told
            marked = [s for s in persons if gender is not None and s.entity.gender == gender]
            return (marked or persons)[0].entity
        named = last_named() if not plural else None
        if named is not None and self.article.paragraph_at(named[0]) == window:
            return named[1]           # « L'AFP a rencontré l'analyste Jean Dupont. « … », juge-t-il. »
        if agreeing and agreeing[0].paragraph == window and (window == paragraph or _may_speak(agreeing[0])):
            return agreeing[0].entity
        return None

    def resolve_latter(self, gender, offset):
        """« ce dernier », « cette dernière »: the person last mentioned before `offset`, by name or as
        a subject already resolved, who agrees in gender."""
        options = []
        named = self._last_named_person(gender, offset)
        if named is not None:
            options.append(named)
        seen = next((s for s in reversed(self.history) if s.offset < offset and s.entity.person and
                     s.entity.agrees(gender, False)), None)
        if seen is not None:
            options.append((seen.offset, seen.entity))
        return max(options, key=lambda o: o[0])[1] if options else None

    def _last_named_person(self, gender, offset):
        """(offset, entity) of the last full name (two words or more, or a known speaker's) before
        `offset`, outside quotation marks."""
        for start, text in reversed(self.name_runs):
            if start >= offset:
                continue
            if text.count(" ") >= 1 or self.speakers.by_name(text) is not None:
                entity = self.entity_for_name(text, person=True)
                if entity.person is not False and entity.agrees(gender, False):
                    return start, entity
        return None

    @cached_property
    def name_runs(self):
        """(start, text) of each run of proper nouns outside quotation marks, in text order (read once)."""
        return proper_noun_runs(self.article)

    # --- ties (appositions, copulas, « le président X ») --------------------------------------
    def add_tie(self, description, entity, offset):
        key = description_key(description)
        if key and re.search(r"[a-z]", key):
            self.ties.append(Tie(key, entity, offset))
