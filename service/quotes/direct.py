"""The cue of a passage in quotation marks: an incise after it, a colon before it, or a verb governing it.

« … », a-t-il dit. / « … », a répondu Peskov.  -> the incise verb after the closing mark
Il a déclaré : « … »  (or a paragraph ending with a colon) -> the reporting verb before the colon
Le ministre a été clair : « … »                            -> the predicate before the colon
Il a dit « … »                                            -> the verb whose complement it is
"""
import re

from service.quotes.mentions import is_person_noun, pronoun_form
from service.quotes.subjects import SPEAKING_NOUNS

INCISE_GAP = re.compile(r"^\s*(\([^()\n]{0,80}\)\s*)?,")
MAX_INCISE_WORDS = 7


def incise_verb(article, passage, verbs):
    """The reporting verb of an incise right after the passage (« », a-t-il ajouté »), or None."""
    after = passage.after
    tail = article.text[after:after + 90]
    gap = INCISE_GAP.match(tail)
    comma_inside = article.text[max(passage.start, passage.end - 1):passage.end] == "," or \
        article.text[passage.end:after].strip(" \u00a0\u202f»”\"") == ","
    if gap is None and not (comma_inside and tail[:1].isspace()):
        return None
    start = after + (gap.end() if gap else 0)
    words = [w for w in article.words if w.start >= start][:MAX_INCISE_WORDS]
    for w in words:
        if w.text in (".", "!", "?", ";", ":", "«", "»", '"', "“", "”"):
            return None
        if w.index in verbs:
            return w
    return None


def resumed_after_incise(article, passage, previous):
    """« « … », a promis le ministre, « … » »: a passage that resumes right after the incise of the
    one before takes the same verb."""
    if previous is None or previous[1] is None:
        return None
    before, verb = previous
    between = article.text[before.after:passage.open_at]
    if "\n" in between or not between.rstrip().endswith(",") or any(ch in between for ch in ".;:!?"):
        return None
    return verb if verb.start > before.after else None


def _ends_with_colon(text):
    return text.rstrip().endswith(":")


def _colon_clause(article, passage):
    """(sentence, colon offset) of the clause a colon right before the passage closes, or None."""
    before = article.text[:passage.open_at]
    if not _ends_with_colon(before):
        return None
    colon_at = before.rstrip().rfind(":")
    sentence_words = [w for w in article.words if w.end <= colon_at + 1]
    if not sentence_words:
        return None
    return article.sentence_of(sentence_words[-1]), colon_at


def colon_verb(article, passage, verbs):
    """The reporting verb of the sentence a colon ends, when the passage follows that colon."""
    clause = _colon_clause(article, passage)
    if clause is None:
        return None
    sentence, colon_at = clause
    candidates = [w for w in article.sentence_words(sentence) if w.index in verbs and w.start < colon_at]
    if not candidates:
        return None
    roots = [w for w in candidates if w.head < 0]
    return roots[0] if roots else candidates[0]


def colon_predicate(article, passage):
    """« Le ministre a été très clair : « Aucune concession. » »: a whole sentence in marks after a colon
    that closes a clause with no reporting verb but with a subject naming someone: the clause's
    predicate introduces the words."""
    clause = _colon_clause(article, passage)
    if clause is None or not is_full_sentence(article.text[passage.start:passage.end]):
        return None
    sentence, colon_at = clause
    root = next((w for w in article.sentence_words(sentence) if w.head < 0 and w.start < colon_at), None)
    if root is None or root.upos not in ("VERB", "ADJ", "AUX"):
        return None
    subjects = [article.words[c] for c in root.children if article.words[c].rel == "nsubj"]
    names_someone = any(w.upos == "PROPN" or is_person_noun(w) or w.lower in SPEAKING_NOUNS or
                        pronoun_form(w) for w in subjects)
    return root if names_someone else None


def governing_verb(article, passage, verbs):
    """A reporting verb of the same sentence whose complement the passage is."""
    inside = [w for w in article.words if passage.start <= w.start < passage.end]
    if not inside:
        return None
    for word in inside[:3]:
        node, depth = word, 0
        while node.head >= 0 and depth < 6:
            parent = article.words[node.head]
            if parent.start < passage.open_at and parent.index in verbs and \
                    parent.sentence == inside[0].sentence:
                return parent
            if parent.start >= passage.start and parent.end <= passage.end:
                node, depth = parent, depth + 1
                continue
            break
    return None


def opens_paragraph(article, passage):
    start, _ = article.paragraphs[article.paragraph_at(passage.open_at)]
    return not article.text[start:passage.open_at].strip()


def is_full_sentence(text):
    """« Mais rien n'est perdu. »: a capital first and a final stop inside the marks, so no term or title."""
    text = text.strip()
    return len(text.split()) > 1 and text[0].isupper() and text[-1] in ".!?…"
