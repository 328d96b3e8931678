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
    """The word naming a source and how it was found (subject, inversion, agent, selon).

    When the parse offers no word, `span` holds the (start, end) of the words read on the surface.
    """
    word: object
    how: str
    span: Optional[tuple] = None

    @property
    def start(self):
        return self.word.start if self.word is not None else self.span[0]


def _children(article, word):
    return [article.words[c] for c in word.children]


def _in_passage(article, word):
    """A word between quotation marks never names the speaker of the passage."""
    return any(q.open_at <= word.start < q.after for q in article.quoted)


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
         "elle", "lui-même", "elle-même", "et", "ou", "ni"}


def _np_word(word):
    if word.lower in STOPS or word.upos in ("PUNCT", "VERB", "AUX", "SCONJ", "CCONJ", "PRON", "ADV"):
        return word.lower in ("m.", "mme") or (word.text[:1].isupper() and word.upos in ("VERB", "ADV"))
    return True


def _np_after(article, index, last):
    """(first, last) word indexes of the noun phrase starting at `index` (surface reading)."""
    i = index
    while i <= last and (_np_word(article.words[i]) or (
            article.words[i].lower in LINKS and i + 1 <= last and _np_word(article.words[i + 1]))):
        i += 1
    end = i - 1
    while end >= index and article.words[end].lower in LINKS | DETERMINERS:
        end -= 1
    return (index, end) if end >= index else None


def _with_apposed_name(article, found, sentence):
    """« le porte-parole de l'armée, Oleksandr Chtoupoun » : the name set after a description by a comma."""
    first, last = found
    if last + 2 > sentence.last or article.words[last + 1].text != ",":
        return first, last
    j = last + 2
    while j <= sentence.last and article.words[j].text[:1].isupper() and article.words[j].upos in ("PROPN", "NOUN", "X"):
        j += 1
    closes = j > sentence.last or article.words[j].upos == "PUNCT"
    return (first, j - 1) if j > last + 2 and closes and j - (last + 2) <= 4 else (first, last)


PP_BEFORE_SUBJECT = {"à", "au", "aux", "devant", "dans", "lors", "sur", "en", "auprès"}


def _skip_prepositional_phrase(article, i, last):
    """« a déclaré *à l'AFP* le porte-parole »: the phrase between an incise verb and its subject."""
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
            j += 1
            continue
        break
    return j


def _inversion_after(article, verb):
    """Surface reading of an incise: « a-t-il dit », « a répondu Peskov », « a déclaré vendredi le ministre »."""
    sentence = article.sentence_of(verb)
    for w in article.words[max(sentence.first, verb.index - 3):verb.index + 1]:
        if m.pronoun_form(w) and "-" in w.lower:
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
        return None
    found = _np_after(article, i, sentence.last)
    if found is None:
        return None
    first, last = _with_apposed_name(article, found, sentence)
    words = article.words[first:last + 1]
    if not _names_a_speaker(words) or len(words) > 14:
        return None
    return Source(None, "inversion", (words[0].start, words[-1].end))


SPEAKING_NOUNS = {"source", "sources", "communiqué", "texte", "document", "rapport", "ministère", "gouvernement",
                  "armée", "police", "parquet", "agence", "organisation", "association", "syndicat", "entreprise",
                  "groupe", "autorités", "état-major", "présidence", "diplomatie", "chancellerie", "cabinet",
                  "équipe", "service", "services", "commission", "conseil", "tribunal", "cour", "journal"}


def _names_a_speaker(words):
    """The inverted subject of an incise names someone: a name, a person, an institution."""
    return any(w.text[:1].isupper() and w.upos != "DET" or m.is_person_noun(w) or w.lower in SPEAKING_NOUNS
               for w in words)


WRITER_PRONOUNS = {"je", "j'", "tu", "nous", "vous", "on"}


def speaks_for_the_writer(article, verb):
    """« on peut estimer que », « vous souhaitez » outside quotation marks: the writer's own voice."""
    return any(c.rel == "nsubj" and c.lower in WRITER_PRONOUNS for c in _children(article, verb)) or (
        verb.index > 0 and article.words[verb.index - 1].lower in WRITER_PRONOUNS and
        article.words[verb.index - 1].sentence == verb.sentence)


def is_incise(article, verb):
    """The verb group follows a comma (« …, a déclaré X », « « … », a-t-il dit »)."""
    from service.quotes.cues import cue_start_word

    if verb.lower.endswith("ant") or verb.feat("VerbForm") in ("Inf", "Ger") or \
            verb.feat("Tense") == "Pres" and verb.feat("VerbForm") == "Part":
        return False
    first = cue_start_word(article, verb)
    sentence = article.sentence_of(verb)
    before = article.text[max(sentence.start - 3, 0):first.start].rstrip()
    return before.endswith((",", ", »", ",»", ",\"", ", \"", ",”", ", ”"))


def _is_object_of(article, source, verb):
    """The parse reads the words after the verb as its object: they are not an inverted subject."""
    if source.span is None:
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
    return own if own.how == "agent" else surface


PASSIVE_AUXILIARIES = {"été", "est", "sont", "était", "étaient", "sera", "seront", "serait"}


def _agent_after(article, verb):
    """« a été annoncé par le gouvernement » : the agent of a passive reporting verb."""
    sentence = article.sentence_of(verb)
    before = [w.lower for w in article.words[max(sentence.first, verb.index - 3):verb.index]]
    if not any(b in PASSIVE_AUXILIARIES for b in before):
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
    """« X, qui s'exprimait après Y, a dit » / « X, son porte-parole, a dit »: the index of the last
    word of X, skipping the relative clause or apposition that ends at `comma`; None when the words
    between the commas are something else."""
    i = comma - 1
    while i >= sentence.first and article.words[i].text != ",":
        i -= 1
    if i < sentence.first:
        return None
    segment = article.words[i + 1:comma]
    if not segment:
        return None
    if segment[0].lower in ("qui", "dont", "lequel", "laquelle"):
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


def _subject_before(article, verb, adjacent=False):
    """Surface reading of « Le porte-parole du Kremlin a déclaré » / « M. Poutine, qui a déclaré ».

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
    start = i + 1
    while start <= end and (article.words[start].lower in ("de", "du", "des", "d'") or
                            m.is_time_word(article.words[start])):
        start += 1
    if start > end or end - start > 10:
        return None
    words = article.words[start:end + 1]
    if not any(w.upos in ("NOUN", "PROPN") or w.text[:1].isupper() for w in words):
        return None
    return Source(None, "subject", (words[0].start, words[-1].end))


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
    if any(w.rel == "conj" for w in phrase.words):
        return _as_written(ctx, phrase), "name"
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


def pronoun_span(article, word, form):
    """The pronoun itself inside its token (« elle » in « a-t-elle »)."""
    token = article.text[word.start:word.end]
    at = token.lower().rfind(form)
    return (word.start + at, word.start + at + len(form)) if at >= 0 else (word.start, word.end)


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
    """The proper name a stretch of words ends with (« Marco Bellini » in « le ministre italien Marco
    Bellini »), not one inside a de-complement (« du Kremlin »)."""
    run, in_complement = [], False
    for position, w in enumerate(words):
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


def resolve_surface(ctx, start, end, how):
    """A source read on the surface (no usable parse): a name, a description, or the words as written."""
    article = ctx.article
    words = article.words_between(start, end)
    text = article.text[start:end]
    if len(words) == 1 and m.pronoun_form(words[0]):
        form = m.pronoun_form(words[0])
        entity = ctx.resolve_pronoun(form, start)
        return Resolution(entity, *pronoun_span(article, words[0], form), "pronoun") if entity is not None else None
    nouns = [w for w in words if w.upos == "NOUN" and w.lower not in m.TITLES]
    gender = next((m.TITLE_GENDER[w.lower] for w in words if w.lower in m.TITLE_GENDER), None) or \
        (m.gender_of(nouns[0]) if nouns else None)
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
    known = ctx.speakers.by_name(text)
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
    register_surface_ties(ctx)


POSSESSIVES = {"le", "la", "l'", "l’", "les", "son", "sa", "ses", "leur", "un", "une"}


def _description_segment(article, words):
    """The words as a description of a person (« Le porte-parole du ministère français des Armées »),
    or None: a determiner first, a person noun in it, no verb."""
    if not words or words[0].lower not in POSSESSIVES or len(words) > 12:
        return None
    if any(w.upos in ("VERB", "AUX") or w.text in (",", ";", ":", "(", ")") for w in words):
        return None
    if not any(m.is_person_noun(w) for w in words):
        return None
    return article.text[words[0].start:words[-1].end]


def _trailing_description(words):
    """The description a stretch of words ends with (« … a déclaré à l'AFP *le porte-parole de
    l'armée* »): from the determiner of its person noun to its end."""
    i = len(words) - 1
    while i >= 0 and (words[i].upos in ("DET", "NOUN", "ADJ", "PROPN", "NUM") or words[i].lower in LINKS):
        i -= 1
    stretch = words[i + 1:]
    nouns = [k for k, w in enumerate(stretch) if m.is_person_noun(w)]
    if not nouns:
        return []
    k = nouns[0]
    while k >= 0 and stretch[k].lower not in POSSESSIVES:
        k -= 1
    return stretch[k:] if k >= 0 else []


def _name_runs_of(article, sentence):
    words = article.sentence_words(sentence)
    runs, current = [], []
    for position, w in enumerate(words):
        capital = w.upos == "PROPN" or (w.text[:1].isupper() and w.upos in ("NOUN", "X") and
                                        w.lower not in m.TITLES and position > 0)
        if capital and (current or position == 0 or words[position - 1].lower not in LINKS | DETERMINERS):
            current.append(w)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return runs


def register_surface_ties(ctx):
    """« Le porte-parole du ministère, Julien Morel, … », « Julien Morel, porte-parole de … », « le
    président américain Joe Biden »: ties read on the words."""
    article = ctx.article
    for sentence in article.sentences:
        words = article.sentence_words(sentence)
        first = sentence.first
        for run in _name_runs_of(article, sentence):
            name = article.text[run[0].start:run[-1].end]
            if ctx.speakers.by_name(name) is None and len(run) < 2 and not (
                    run[0].index > first and article.words[run[0].index - 1].lower in m.TITLES):
                continue
            a, b = run[0].index - first, run[-1].index - first
            segments = []
            if a >= 1 and words[a - 1].text == ",":
                segments.append(_trailing_description(words[:a - 1]))
            back = a - 1
            while back >= 0 and words[back].text != "," and words[back].upos in ("DET", "NOUN", "ADJ", "ADP") \
                    and a - back <= 8:
                back -= 1
            segments.append(words[back + 1:a])
            if b + 1 < len(words) and words[b + 1].text == ",":
                end = b + 2
                while end < len(words) and words[end].text not in (",", ".", ";", ":"):
                    end += 1
                segments.append(words[b + 2:end])
            for segment in segments:
                description = _description_segment(article, segment)
                if description:
                    noun = next(w for w in segment if m.is_person_noun(w))
                    entity = ctx.entity_for_name(name, gender=m.gender_of(noun), person=True)
                    ctx.add_tie(description, entity, segment[0].start)
                    break


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
