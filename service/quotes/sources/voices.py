"""Whose voice a reporting verb is when no subject names the speaker: the writer's own (« on peut estimer
que », « il faut rappeler que », « tout indique que », « les chiffres indiquent que »), or the speaker
of the quotation before (« Et d'ajouter : « … » », « Interrogé sur l'avenir : « … » »).
"""
from service.quotes.french import ASKING_VERBS, EVIDENCE_NOUNS, IMPERSONAL_SUBJECTS, WRITER_PRONOUNS
from service.quotes.parse.article import Article, Word
from service.quotes.parse.verb_group import cue_start_word


def speaks_for_the_writer(article: Article, verb: Word) -> bool:
    """« on peut estimer que », « vous souhaitez », « il faut dire que », « tout indique que », « les
    chiffres indiquent que » outside quotation marks: the writer's own voice."""
    before = verb.nbor(-1)
    return any(c.rel == "nsubj" and (c.lower in WRITER_PRONOUNS or
                                     c.lower in IMPERSONAL_SUBJECTS and c.index < verb.index or
                                     c.upos == "NOUN" and c.lemma in EVIDENCE_NOUNS)
               for c in verb.dependents()) or (
        before is not None and before.sentence == verb.sentence and
        (before.lower in WRITER_PRONOUNS or
         before.lower in IMPERSONAL_SUBJECTS and before.index == article.sentence_of(verb).first)) or \
        _after_il_faut(article, verb)


def _after_il_faut(article, verb):
    """An infinitive that « il faut » governs (« il faut rappeler que … ») has no speaker but the writer."""
    if verb.feat("VerbForm") != "Inf":
        return False
    head = verb.head_word
    return head is not None and head.lemma == "falloir"


NARRATIVE_OPENINGS = ("et", "avant")


def narrative_infinitive(article: Article, verb: Word) -> bool:
    """« Et d'ajouter : « … » », « Avant de conclure : « … » »: an infinitive after « et de » or « avant de »
    opening a sentence, whose speaker is the one the sentence before speaks of or quotes."""
    if verb.feat("VerbForm") != "Inf":
        return False
    sentence = article.sentence_of(verb)
    before = [w.lower for w in article.words[sentence.first:verb.index] if w.upos != "PUNCT"]
    return len(before) == 2 and before[0] in NARRATIVE_OPENINGS and before[1] in ("de", "d'", "d’")


def asked_participle(article: Article, verb: Word) -> bool:
    """« Puis, interrogé sur l'avenir : « … » »: a bare past participle of asking answers for the one
    asked, who is the one speaking before (never the agent « par X », who asks).  Not when it opens a
    clause with a subject of its own (« Questionné sur son avenir, le sélectionneur a … : « … » »): that
    subject is the one asked."""
    head = verb.head_word
    return verb.lemma in ASKING_VERBS and verb.feat("VerbForm") == "Part" and \
        verb.feat("Tense") == "Past" and cue_start_word(article, verb) is verb and \
        not verb.has_dependent("aux", "nsubj", "cop") and \
        not (head is not None and head.has_dependent("nsubj") and not article.in_passage(head.start))
