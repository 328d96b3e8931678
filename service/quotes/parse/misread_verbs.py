"""Reporting verbs the tagger reads as nouns or adjectives, which leaves their sentence with no verb.

In « La direction juge le mouvement « disproportionné » » or « La ministre critique « un texte
bâclé » », the tagger can take « juge » for the noun and « critique » for the adjective: the sentence
then has no finite verb, its tree hangs everything on the subject noun, and the quotation has no cue.
Many present forms of reporting verbs in -er are also nouns or adjectives (juge, critique, note,
estime, annonce, demande, menace, reproche, réplique, remarque...).

A word is read as that verb again when all of these hold: its sentence has no finite verb before
the words it reports (its « que », or an opening quotation mark); it is
written in lower case, tagged NOUN or ADJ, and its form plus « r » is a reporting verb of the lexicon
(not a pronominal one); it follows a noun phrase's noun or name (« la direction juge », « le
gouvernement français juge », « la maire, Hélène Vasseur, note », never « le juge » nor « l'ancien
juge »); the next word, past an adverbial locution (« pour sa part »), can open an object or a clause
(a determiner, a pronoun, « que », a quotation mark, a number, an adverb).  Its
tags become those of the present indicative, third person, and the sentence's tree is parsed again
from the mended tags.
"""
from service.quotes.parse.verb_group import LONGEST_LOCUTION, locution_length

FINITE_PRESENT = "Mood=Ind|Number={number}|Person=3|Tense=Pres|VerbForm=Fin"
NOUN_OR_NAME = ("NOUN", "PROPN")
OPENS_OBJECT = ("DET", "PRON", "NUM", "ADV", "SCONJ")
OPENING_MARKS = ("«", "“", '"')


def _has_finite_verb(words):
    return any("VerbForm=Fin" in (word.feats or "") for word in words)


def _complement_start(words, i):
    """Where the words reported after words[i] start: its « que », or an opening quotation mark."""
    return next((j for j in range(i + 1, len(words))
                 if words[j].text.lower() in ("que", "qu'", "qu’") or words[j].text in OPENING_MARKS), len(words))


def _reporting_infinitive(word, lexicon):
    """The -er reporting verb whose present `word` can be (« juge » -> « juger »), or None."""
    if word.text != word.text.lower() or not word.text.endswith(("e", "ent")):
        return None
    infinitive = (word.text[:-2] if word.text.endswith("ent") else word.text) + "r"
    entries = lexicon.by_lemma.get(infinitive, ())
    return infinitive if any(not entry.pronominal and not entry.particle for entry in entries) else None


def _after_subject_noun(words, i):
    """Whether words[i] follows a noun phrase's noun or name, maybe with one adjective after it, or the
    comma closing an apposition (« La maire, Hélène Vasseur, note »)."""
    before = i - 1
    if before > 0 and (words[before].upos == "ADJ" or words[before].text == ","):
        before -= 1
    return before >= 0 and words[before].upos in NOUN_OR_NAME


def _opens_object(words, i):
    """Whether words[i], past an adverbial locution (« pour sa part »), can open an object or a clause."""
    i += locution_length([word.text.lower() for word in words[i:i + LONGEST_LOCUTION]])
    return i < len(words) and (words[i].upos in OPENS_OBJECT or words[i].text in OPENING_MARKS)


def misread_verbs(sentence, lexicon):
    """[(word, infinitive)] of the reporting verb of a Stanza sentence its tagger read as a noun or an
    adjective (at most one: the clause has no other verb)."""
    words = sentence.words
    for i, word in enumerate(words):
        if word.upos not in ("NOUN", "ADJ") or not _after_subject_noun(words, i) or not _opens_object(words, i + 1):
            continue
        infinitive = _reporting_infinitive(word, lexicon)
        if infinitive is not None and not _has_finite_verb(words[:_complement_start(words, i)]):
            return [(word, infinitive)]
    return []


def retag_as_verb(word, infinitive):
    word.upos = "VERB"
    word.lemma = infinitive
    word.feats = FINITE_PRESENT.format(number="Plur" if word.text.endswith("ent") else "Sing")


def repair_misread_verbs(documents, lexicon):
    """Retag the misread reporting verbs of Stanza documents; returns the sentences to parse again."""
    changed = []
    for sentence in (sentence for document in documents for sentence in document.sentences):
        for word, infinitive in misread_verbs(sentence, lexicon):
            retag_as_verb(word, infinitive)
            changed.append(sentence)
    return changed
