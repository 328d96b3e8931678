"""« selon X », « d'après X » and « pour X »: the source phrase and the clause it sources.

The clause after « selon X, », or the one before « , selon X » when it closes
the sentence; a convention (« selon le vocabulaire de … ») is no source, and a
« selon » closing a sentence whose own reporting verb has a source names a channel.
« Pour X, » opening a sentence gives X's view; it is a quotation only when the
clause quotes X's own words (« Pour le Kremlin, ces sanctions sont « illégales et
sans effet » »), or when a colon closing it opens X's words in marks; else it is the
writer's framing (« Pour la Russie, c'est un revers »).  The relative « X, pour qui
… » / « X, selon qui … » sources the clause after it the same way.
"""
import re
from typing import Optional

from service.quotes.content.bounds import Content, finish, inside_passage
from service.quotes.french import (
    ENDS_WITH_ABBREVIATION,
    FEASTS,
    NOT_SOURCES,
    POSTING_PLACES,
    QUE,
    SOURCE_NOUNS,
    STRESSED_PRONOUNS,
    TIME_WORDS,
    WRITER_FINDINGS,
)
from service.quotes.marks import word_count
from service.quotes.parse.article import Article
from service.quotes.parse.word_classes import is_person_noun

SELON = re.compile(r"(?<![\w'’])(selon|d['’]après|à en croire)\s+", re.IGNORECASE)
POUR = re.compile(r"(?<![\w'’])(pour)\s+", re.IGNORECASE)
POUR_SOURCE_MAX_WORDS = 8
QUOTED_WORDS_MIN = 3          # a shorter passage is a term, not X's words


def source_phrases(article: Article) -> list[tuple[int, int, int, int]]:
    """Each « selon X » / « d'après X » outside quotation marks: (marker start, marker end, X start, X end)."""
    found = []
    for match in SELON.finditer(article.text):
        if inside_passage(article, match.start()):
            continue
        x_start = match.end()
        x_end = _source_end(article, x_start)
        if x_end is None:
            continue
        head = _source_head(article, x_start, x_end)
        first = article.text[x_start:x_end].split()
        if not first or first[0].lower() in NOT_SOURCES or (head is not None and head.lower in NOT_SOURCES):
            continue
        if len(first) > 1 and first[0].lower() in ("le", "la", "les", "l'", "un", "une") and \
                first[1].lower() in NOT_SOURCES:
            continue
        if len(first) == 2 and first[0].lower() in ("nos", "notre") and first[1].lower() in WRITER_FINDINGS:
            continue        # « selon nos informations »: the newsroom's own reporting
        found.append((match.start(), match.start() + len(match.group(1)), x_start, x_end))
    return found


FRAME = re.compile(r"(?:pour|selon|d['’]après|à en croire)\s+[^,.;:«»]{1,60},\s*", re.IGNORECASE)


def frame_length(text: str) -> int:
    """Length of a « Pour X, » / « Selon X, » opening `text` (0 when there is none)."""
    match = FRAME.match(text)
    return match.end() if match else 0


def opinion_phrases(article: Article) -> list[tuple[int, int, int, int]]:
    """Each « Pour X, » opening a sentence, X a name or a description: as source_phrases gives them."""
    found = (_opinion_phrase(article, match) for match in POUR.finditer(article.text))
    return [phrase for phrase in found if phrase is not None]


def _opinion_phrase(article, match):
    """The « Pour X, » a match of POUR opens, as opinion_phrases gives it, or None."""
    start = match.start()
    if inside_passage(article, start) or not _opens_sentence(article, start):
        return None
    x_start = match.end()
    x_end = _source_end(article, x_start)
    if x_end is None or article.text[x_end:x_end + 1] != "," or \
            len(article.text[x_start:x_end].split()) > POUR_SOURCE_MAX_WORDS:
        return None
    head = _source_head(article, x_start, x_end)
    if head is None or not _names_someone(head):
        return None
    return start, start + len(match.group(1)), x_start, x_end


def _opens_sentence(article, offset):
    before = article.text[max(0, offset - 12):offset]
    before = re.sub(r"(?:^|\s)(?:[Mm]ais|[Ee]t)\s*$", "", before)
    if _paragraph_starts(before):
        return True
    before = before.rstrip()
    return not before or before[-1] in ".!?"


def _paragraph_starts(before):
    """The text before an offset ends with a line break: a new paragraph, maybe after a headline that
    has no full stop."""
    return "\n" in before[len(before.rstrip()):]


def _names_someone(head):
    """The head of X names a person or a body: a proper name, a noun for a person or an institution, or
    a pronoun standing for one."""
    if head.lower in TIME_WORDS or head.lower in FEASTS:
        return False
    return head.upos == "PROPN" or is_person_noun(head) or head.lower in SOURCE_NOUNS or \
        head.lower in STRESSED_PRONOUNS           # « Pour lui, … »


def opinion_content(article: Article, marker_start: int, x_end: int) -> Optional[Content]:
    """The clause after « Pour X, », as « selon X » gives it, when it is X's view: X a person (« Pour le
    ministre, la réforme va trop loin »), a clause that judges (« Pour Moscou, c'est la preuve que … »),
    or words of X's in marks (« Pour la Russie, ces sanctions sont « illégales » »; without them « Pour
    la Russie, ces sanctions sont un revers » says what they are for Russia); or X's words in marks
    after the colon that closes it (« Pour X, la balle est dans leur camp : « Nous sommes prêts … » »)."""
    content = selon_content(article, marker_start, x_end)
    if content is None or content.start < x_end:
        return None
    if _names_a_person(article, marker_start, x_end) or _judges_that(article, content) or \
            _quotes_words(article, content.start, content.end, QUOTED_WORDS_MIN):
        return Content(content.start, content.end, "pour")
    colon = COLON.match(article.text, content.end)
    after_colon = next((q for q in _quoted_words(article) if colon and q.open_at == colon.end()), None)
    return Content(after_colon.start, after_colon.end, "pour") if after_colon is not None else None


COLON = re.compile(r"\s*:\s*")


def _judges_that(article, content):
    """The clause holds a judgement on a que-clause (« c'est la preuve que … », « il est clair que … »)."""
    return any(w.lower in QUE and w.upos == "SCONJ" for w in article.words_between(content.start, content.end))


def _names_a_person(article, start, end):
    """« Pour l'analyste Jean Dupont », « Pour lui »: a person, whose view the clause gives (an
    institution's view is theirs only with words of theirs in marks: a short term may be the writer's)."""
    words = article.words_between(start, end)
    full_name = any(a.upos == "PROPN" and b.upos == "PROPN" and b.index == a.index + 1
                    for a, b in zip(words, words[1:]))
    return full_name or any(is_person_noun(w) or w.lower in STRESSED_PRONOUNS for w in words)


def _quoted_words(article, shortest=QUOTED_WORDS_MIN):
    """The passages long enough to be someone's words rather than a term."""
    return [q for q in article.quoted if word_count(article.text[q.start:q.end]) >= shortest]


def _quotes_words(article, start, end, shortest=QUOTED_WORDS_MIN):
    return any(start <= q.start and q.end <= end for q in _quoted_words(article, shortest))


def _source_end(article, x_start):
    """The source phrase runs to the next comma or the end of the sentence, and is short."""
    tail = article.text[x_start:x_start + 240]
    end = x_start + len(tail)
    for match in re.finditer(r"[,.;:!?\n«»\"]", tail):
        if match.group() == "." and ENDS_WITH_ABBREVIATION.search(tail[:match.start()]):
            continue
        end = x_start + match.start()
        break
    while end > x_start and article.text[end - 1].isspace():
        end -= 1
    if end <= x_start or len(article.text[x_start:end].split()) > 24:
        return None
    return end


SOURCE_NAME_STOP = re.compile(r"\s(?:à partir|à propos|à (?=[A-ZÀ-Ý])|sur|en|pour|avec|dans|lors|après|avant|depuis|"
                              r"selon|citée?s?|publiée?s?|rapportée?s?|relayée?s?)\b|\s\(")


def source_name_span(article: Article, x_start: int, x_end: int) -> tuple[int, int]:
    """The name part of a « selon X » source: « une étude de l'institut » out of « une étude de l'institut
    à partir des données de … »."""
    match = SOURCE_NAME_STOP.search(article.text, x_start, x_end)
    while match is not None and _posted_on(article.text[match.end():x_end]):
        match = SOURCE_NAME_STOP.search(article.text, match.end(), x_end)
    end = match.start() if match else x_end
    return (x_start, end) if end > x_start else (x_start, x_end)


def _posted_on(text):
    """« sur le compte officiel du consulat »: where the text is posted, and whose it is."""
    words = text.replace("’", "'").lower().split()
    if words and words[0] in ("sur", "dans"):
        words = words[1:]          # after « publié »
    return len(words) >= 2 and words[1] in POSTING_PLACES


def _source_head(article, start, end):
    words = article.words_between(start, end)
    if not words:
        return None
    inside = {w.index for w in words}
    heads = [w for w in words if w.head not in inside and w.upos not in ("PUNCT", "ADP", "DET")]
    return heads[0] if heads else words[0]


def _opens_clause(article, marker_start):
    """« Selon X, » opens a clause: at the start of a sentence, or after a comma, « que » or « mais »."""
    before = article.text[max(0, marker_start - 40):marker_start]
    if _paragraph_starts(before):
        return True
    before = before.rstrip()
    if not before or before[-1] in ".!?:;,\n«\"":
        return True
    last = re.findall(r"[\w']+$", before.replace("’", "'"))
    return bool(last) and last[0].lower() in ("que", "qu'", "mais", "et", "toujours", "or", "car", "donc")


def _names_a_source(article, x_start, x_end):
    words = article.words_between(x_start, x_end)
    return any(w.upos == "PROPN" or w.text[:1].isupper() or w.lower in SOURCE_NOUNS or
               w.lower in STRESSED_PRONOUNS for w in words)


def _clause_after(article, start, end):
    words = [w for w in article.words_between(start, end) if w.upos != "PUNCT"]
    return bool(words) and words[0].upos not in ("VERB", "AUX") and \
        any(w.upos in ("VERB", "AUX") for w in words)


def _past_apposition(article, start, end):
    """« Selon Jean Dupont, responsable du dossier, … » / « Selon le ministre, Jean Dupont, … »: the clause
    starts after the apposition."""
    match = re.search(r"[,:]", article.text[start:end])
    if match is None:
        return start
    words = [w for w in article.words_between(start, start + match.start()) if w.upos != "PUNCT"]
    described = words and words[0].text[:1].islower() and (
        words[0].upos in ("NOUN", "ADJ") or words[0].upos == "DET" and any(is_person_noun(w) for w in words))
    named = words and len(words) <= 4 and all(w.upos == "PROPN" for w in words)
    if (described or named) and not any(w.upos in ("VERB", "AUX") for w in words):
        return start + match.end()
    if words and _participle_apposition(words):
        return start + match.end()
    return start


def _participle_apposition(words):
    """« interrogé par l'AFP », « joint par téléphone »: a past participle and its complements, no
    finite verb (a form read as finite but followed by « par » has no subject: a participle too)."""
    first = words[0]
    participle = first.feats.get("VerbForm") == "Part" and first.feats.get("Tense") == "Past" or \
        len(words) > 1 and words[1].lower == "par"
    return first.upos == "VERB" and participle and len(words) <= 8 and \
        not any(w is not first and w.upos in ("VERB", "AUX") and w.feats.get("VerbForm") == "Fin" for w in words)


RELATIVE_AFTER = re.compile(r"\s*,\s*(?:qui|lequel|laquelle|dont)\b", re.IGNORECASE)


def selon_content(article: Article, marker_start: int, x_end: int) -> Optional[Content]:
    """The clause a « selon X » sources: after « selon X, » or, closing a sentence (or followed by a
    relative clause on X), before « , selon X »."""
    sentence = article.sentence_at(marker_start)
    if sentence is None:
        return None
    after = article.text[x_end:sentence.end]
    before = article.text[sentence.start:marker_start].rstrip()
    about_the_source = RELATIVE_AFTER.match(after) is not None and len(before.split()) >= 3   # « …, selon X, qui … »
    if not about_the_source and after.lstrip().startswith(",") and len(after.split()) >= 3 and \
            _opens_clause(article, marker_start):
        start = _past_apposition(article, x_end + after.index(",") + 1, sentence.end)
        span = finish(article, start, sentence.end, sentence.end)
        if span and _clause_after(article, *span):
            return Content(*span, "selon")
        return None
    final = about_the_source or not after.strip(" .!?…\"»")
    if final and len(before.split()) >= 3 and (before.endswith(",") or
                                               _names_a_source(article, marker_start, x_end)):
        start = sentence.start
        for i, ch in enumerate(before):
            if ch == ":":
                start = sentence.start + i + 1
        start = _after_opinion_frame(article, start)
        span = finish(article, start, sentence.start + len(before), sentence.end)
        return Content(*span, "selon") if span else None
    return None


def _after_opinion_frame(article, start):
    """« Pour X, la décision était bonne, d'après son porte-parole »: the clause starts after « Pour X, »."""
    match = POUR.match(article.text, start)
    phrase = _opinion_phrase(article, match) if match is not None else None
    return phrase[3] + 1 if phrase is not None else start      # X ends at its comma (_opinion_phrase)


RELATIVE = re.compile(r",\s*(pour|selon|d['’]après)\s+qui\s+|\s(selon)\s+(?:lequel|laquelle|lesquels|lesquelles)\s+",
                      re.IGNORECASE)


def relative_sources(article: Article) -> list:
    """Each « X, pour qui … » / « X, selon qui … » / « la déclaration de X selon laquelle … »: (marker
    start, marker end, X's head word, lemma)."""
    found = []
    for match in RELATIVE.finditer(article.text):
        if inside_passage(article, match.start()):
            continue
        antecedent = _antecedent(article, match.start())
        marker = 1 if match.group(1) else 2
        if antecedent is not None and _names_someone(antecedent):
            lemma = "selon" if match.group(marker).lower() != "pour" else "pour"
            found.append((match.start(marker), match.end(), antecedent, lemma))
    return found


def _antecedent(article, comma_at):
    """The head noun of the phrase that ends right before the comma (« un analyste de la Société générale »)."""
    word = article.last_word_ending_by(comma_at)
    if word is None:
        return None
    while word.head >= 0 and _inside_phrase_of_head(article, word):
        head = article.words[word.head]
        if head.start >= comma_at or head.sentence != word.sentence or head.upos not in ("NOUN", "PROPN"):
            break
        word = head
    return word if word.upos in ("NOUN", "PROPN") else None


def _inside_phrase_of_head(article, word):
    """The word belongs to its head's noun phrase: a modifier, a part of a name, or a de-complement."""
    return word.rel in ("amod", "flat", "fixed", "compound") or (
        word.rel == "nmod" and word.has_dependent("case"))


def relative_content(article: Article, marker_end: int, lemma: str) -> Optional[Content]:
    """The clause after « pour qui » / « selon qui »; after « pour qui », only when it quotes words in marks."""
    sentence = article.sentence_at(marker_end)
    if sentence is None:
        return None
    span = finish(article, marker_end, sentence.end, sentence.end)
    if not span or not _clause_after(article, *span):
        return None
    return Content(*span, lemma) if lemma == "selon" or _quotes_words(article, *span) else None
