"""Ties between descriptions and names in an article: « Le porte-parole du Kremlin, Dmitri Peskov »,
« Dmitri Peskov, porte-parole du Kremlin », « le ministre français Jean Dupont », « X est le
porte-parole de … ».  A later « le porte-parole » then names that person.
"""
from service.quotes.french import DESCRIPTION_OPENERS, TITLES
from service.quotes.parse.noun_phrases import trailing_person_phrase
from service.quotes.parse.word_classes import is_name_word, is_person_noun, noun_gender
from service.quotes.resolution import mentions
from service.quotes.resolution.attribution import name_entity, name_of_a_complement
from service.quotes.resolution.coreference import Context
from service.quotes.resolution.names import sentence_name_runs


def register_ties(ctx: Context) -> None:
    """Read every « description, Name » / « description Name » / « Name, description » pair of the article."""
    article = ctx.article
    named = heads_over_names(article)
    for word in article.words:
        if word.upos not in ("NOUN", "PROPN") or word.rel in ("flat", "compound") or word.index not in named:
            continue
        phrase = mentions.phrase_of(article, word)
        for run in phrase.names:
            known = ctx.speakers.by_name(article.text[run[0].start:run[-1].end])
            if known is not None:
                ctx.named_ids.add(known.id)
        description = mentions.description_text(article, phrase)
        targets = [run for run in phrase.names if not name_of_a_complement(phrase, run)] or \
            [run for ap in phrase.appositions for run in ap.names]
        if description and targets and is_person_noun(mentions.head_noun(phrase)):
            entity = name_entity(ctx, phrase, targets[0])
            ctx.add_tie(description, entity, phrase.start)
        elif phrase.names and not description:
            for apposition in phrase.appositions:
                ap_description = mentions.description_text(article, apposition)
                if ap_description and is_person_noun(mentions.head_noun(apposition)):
                    ctx.add_tie(ap_description, name_entity(ctx, phrase, phrase.names[0]), phrase.start)
    _copula_ties(ctx)
    register_surface_ties(ctx)


def heads_over_names(article):
    """Indexes of the words with a proper-name word below them or among them: a phrase without one
    ties no description to a name, so its mention need not be built."""
    marked = set()
    for word in article.words:
        if not is_name_word(word):
            continue
        while word.index not in marked:
            marked.add(word.index)
            if word.head < 0:
                break
            word = article.words[word.head]
    return marked


def _description_segment(article, words):
    """The words as a description of a person (« Le porte-parole du ministère français des Armées »),
    or None: a determiner first, a person noun in it, no verb."""
    if not words or words[0].lower not in DESCRIPTION_OPENERS or len(words) > 12:
        return None
    if any(w.upos in ("VERB", "AUX") or w.text in (",", ";", ":", "(", ")") for w in words):
        return None
    if not any(is_person_noun(w) for w in words):
        return None
    return article.text[words[0].start:words[-1].end]


def register_surface_ties(ctx):
    """« Le porte-parole du ministère, Jean Dupont, … », « Jean Dupont, porte-parole de … », « le
    ministre français Jean Dupont »: ties read on the words."""
    article = ctx.article
    for sentence in article.sentences:
        words = article.sentence_words(sentence)
        for run in sentence_name_runs(article, sentence):
            name = article.text[run[0].start:run[-1].end]
            if not _names_a_person(ctx, run, name, sentence):
                continue
            for segment in _segments_around(words, run[0].index - sentence.first, run[-1].index - sentence.first):
                description = _description_segment(article, segment)
                if description:
                    noun = next(w for w in segment if is_person_noun(w))
                    entity = ctx.entity_for_name(name, gender=noun_gender(article, noun), person=True)
                    ctx.add_tie(description, entity, segment[0].start)
                    break


def _names_a_person(ctx, run, name, sentence):
    """A known speaker, a full name, or a name after a title (« M. Dupont »)."""
    before = ctx.article.words[run[0].index - 1] if run[0].index > sentence.first else None
    return ctx.speakers.by_name(name) is not None or len(run) >= 2 or (before is not None and before.lower in TITLES)


def _segments_around(words, a, b):
    """The stretches of the sentence's words that may describe the name at words[a..b]: the phrase before
    a comma right before it, the words right before it, the apposition after a comma right after it."""
    segments = []
    if a >= 1 and words[a - 1].text == ",":
        segments.append(trailing_person_phrase(words[:a - 1]))
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
    return segments


def _copula_ties(ctx):
    """« X est le porte-parole du Kremlin »."""
    article = ctx.article
    for word in article.words:
        kids = word.dependents()
        if word.upos != "NOUN" or not any(k.rel == "cop" for k in kids):
            continue
        subject = next((k for k in kids if k.rel == "nsubj"), None)
        if subject is None:
            continue
        subject_phrase = mentions.phrase_of(article, subject)
        if not subject_phrase.names or not is_person_noun(word):
            continue
        description = mentions.description_text(article, mentions.phrase_of(article, word))
        if description:
            ctx.add_tie(description, name_entity(ctx, subject_phrase, subject_phrase.names[0]), word.start)
