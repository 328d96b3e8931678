"""Tags the tagger gets wrong where the engine depends on them, mended before the sentence's tree is
parsed again from the mended tags (service.nlp.reparse).

Reporting verbs read as nouns or adjectives.  In « La direction juge le mouvement « disproportionné » »,
« La ministre critique « un texte bâclé » » or « Le collectif réclame « … » et menace de saisir la
justice », the tagger can take « juge » and « menace » for nouns and « critique » for an adjective: the
clause then has no verb, the tree hangs its words on a noun, and the quotation has no cue or runs on
over the second verb.  Many present forms of reporting verbs in -er are also nouns or adjectives
(juge, critique, note, estime, annonce, demande, menace, reproche, réplique, remarque...).  A word is
read as that verb again when it is written in lower case, tagged NOUN or ADJ, its form plus « r »
(« ent » -> « er ») is a reporting verb of the lexicon (not a pronominal one), the next word, past an
adverbial locution (« pour sa part »), can open an object or a clause (a determiner, a pronoun,
« que », a quotation mark, a number, an adverb, « de » and an infinitive), and either
- it follows its subject's noun or name (« la direction juge », « le gouvernement français juge »,
  « la maire, Hélène Vasseur, note », never « le juge » nor « l'ancien juge ») and no finite verb
  comes before the words it reports (its « que », or an opening quotation mark); or
- it follows « et », « mais » or « puis » with no determiner, after a finite verb of the sentence
  (« réclame « … » et menace de … »).
Its tags become those of the present indicative, third person.

Title adjectives read as verbs.  In « le maire sortant Paul Martin », the tagger takes « sortant »
for the participle of « sortir » with the name for object, and the name is no longer the title's:
a participle of the `title_participles` list (data) between a noun and a name is an adjective again.
"""
from service.quotes.french import TITLE_PARTICIPLES
from service.quotes.marks import OPEN_TO_CLOSE
from service.quotes.parse.verb_group import LONGEST_LOCUTION, locution_length

FINITE_PRESENT = "Mood=Ind|Number={number}|Person=3|Tense=Pres|VerbForm=Fin"
NOUN_OR_NAME = ("NOUN", "PROPN")
OPENS_OBJECT = ("DET", "PRON", "NUM", "ADV", "SCONJ")
OPENING_MARKS = tuple(OPEN_TO_CLOSE)
COORDINATORS = ("et", "mais", "puis")


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
    """Whether words[i], past an adverbial locution (« pour sa part »), can open an object or a clause:
    a determiner, a pronoun, « que », a quotation mark, a number, an adverb, « de » and an infinitive."""
    i += locution_length([word.text.lower() for word in words[i:i + LONGEST_LOCUTION]])
    if i >= len(words):
        return False
    if words[i].text.lower() in ("de", "d'", "d’") and i + 1 < len(words):
        return words[i + 1].upos == "VERB" and "VerbForm=Inf" in (words[i + 1].feats or "")
    return words[i].upos in OPENS_OBJECT or words[i].text in OPENING_MARKS


def _second_verb(words, i):
    """« réclame « … » et menace de saisir … »: words[i] right after « et », « mais », « puis », with no
    determiner, a finite verb before them in the sentence."""
    return i > 1 and words[i - 1].text.lower() in COORDINATORS and _has_finite_verb(words[:i - 1])


def _first_verb(words, i):
    """« La direction juge le plan … »: words[i] after the subject, no finite verb before its words."""
    return _after_subject_noun(words, i) and not _has_finite_verb(words[:_complement_start(words, i)])


def misread_verbs(sentence, lexicon):
    """[(word, infinitive)] of the reporting verbs of a Stanza sentence its tagger read as nouns or
    adjectives."""
    words, found = sentence.words, []
    for i, word in enumerate(words):
        if word.upos not in ("NOUN", "ADJ") or not _opens_object(words, i + 1):
            continue
        infinitive = _reporting_infinitive(word, lexicon)
        if infinitive is not None and (_first_verb(words, i) or _second_verb(words, i)):
            found.append((word, infinitive))
    return found


def retag_as_verb(word, infinitive):
    word.upos = "VERB"
    word.lemma = infinitive
    word.feats = FINITE_PRESENT.format(number="Plur" if word.text.endswith("ent") else "Sing")


def title_participles(sentence):
    """The title adjectives of a Stanza sentence its tagger read as participles: between a noun and a name."""
    words = sentence.words
    return [word for i, word in enumerate(words[1:-1], 1)
            if word.upos == "VERB" and word.text.lower() in TITLE_PARTICIPLES
            and words[i - 1].upos == "NOUN" and words[i + 1].upos == "PROPN"]


def retag_as_adjective(word):
    lower = word.text.lower()
    word.upos = "ADJ"
    word.lemma = lower[:lower.index("ant") + 3]
    word.feats = f"Gender={'Fem' if 'ante' in lower else 'Masc'}|Number={'Plur' if lower.endswith('s') else 'Sing'}"


def retag(documents, lexicon):
    """Mend the tags of Stanza documents as above; returns the sentences to parse again."""
    changed = []
    for sentence in (sentence for document in documents for sentence in document.sentences):
        verbs, adjectives = misread_verbs(sentence, lexicon), title_participles(sentence)
        for word, infinitive in verbs:
            retag_as_verb(word, infinitive)
        for word in adjectives:
            retag_as_adjective(word)
        if verbs or adjectives:
            changed.append(sentence)
    return changed
