"""Ties between descriptions and names in an article: « Le porte-parole du Kremlin, Dmitri Peskov »,
« Dmitri Peskov, porte-parole du Kremlin », « le ministre français Jean Dupont », « X est le
porte-parole de … ».  A later « le porte-parole » then names that person.
"""
from service.quotes import mentions as m
from service.quotes.attribution import name_entity
from service.quotes.subjects import DETERMINERS, LINKS, children

def register_ties(ctx):
    """Read every « description, Name » / « description Name » / « Name, description » pair of the article."""
    article = ctx.article
    named = heads_over_names(article)
    for word in article.words:
        if word.upos not in ("NOUN", "PROPN") or word.rel in ("flat", "compound") or word.index not in named:
            continue
        phrase = m.phrase_of(article, word)
        for run in phrase.names:
            known = ctx.speakers.by_name(article.text[run[0].start:run[-1].end])
            if known is not None:
                ctx.named_ids.add(known.id)
        description = m.description_text(article, phrase)
        targets = phrase.names or [run for ap in phrase.appositions for run in ap.names]
        if description and targets and m.is_person_noun(m.head_noun(phrase)):
            entity = name_entity(ctx, phrase, targets[0])
            ctx.add_tie(description, entity, phrase.start)
        elif phrase.names and not description:
            for apposition in phrase.appositions:
                ap_description = m.description_text(article, apposition)
                if ap_description and m.is_person_noun(m.head_noun(apposition)):
                    ctx.add_tie(ap_description, name_entity(ctx, phrase, phrase.names[0]), phrase.start)
    _copula_ties(ctx)
    register_surface_ties(ctx)


def heads_over_names(article):
    """Indexes of the words with a proper-name word below them or among them: a phrase without one
    ties no description to a name, so its mention need not be built."""
    marked = set()
    for word in article.words:
        if not m.is_name_word(word):
            continue
        while word.index not in marked:
            marked.add(word.index)
            if word.head < 0:
                break
            word = article.words[word.head]
    return marked


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
    """The description a stretch of words ends with (« … a déclaré à la presse *le porte-parole de
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
        if current and m.name_particle(words, position, m.SURFACE_NAME_PARTICLES):
            current.append(w)                   # « Ursula von der Leyen »
            continue
        capital = w.upos == "PROPN" or (w.text[:1].isupper() and w.upos in ("NOUN", "X") and
                                        w.lower not in m.TITLES and position > 0)
        if capital and current and m.acronym_before_name(current[-1], w):
            runs.append(current)
            current = [w]
            continue
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
    """« Le porte-parole du ministère, Jean Dupont, … », « Jean Dupont, porte-parole de … », « le
    ministre français Jean Dupont »: ties read on the words."""
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
                    entity = ctx.entity_for_name(name, gender=m.noun_gender(article, noun), person=True)
                    ctx.add_tie(description, entity, segment[0].start)
                    break


def _copula_ties(ctx):
    """« X est le porte-parole du Kremlin »."""
    article = ctx.article
    for word in article.words:
        kids = children(article, word)
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
            ctx.add_tie(description, name_entity(ctx, subject_phrase, subject_phrase.names[0]), word.start)
