"""The language check (service/language.py): French articles pass, articles in other
languages are told apart, short texts are read as French, and it is fast."""
import time
from pathlib import Path

import pytest

from service import language

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "dev"

NOT_FRENCH = {
    "en": "The Kremlin said on Thursday that talks with Ukraine had stalled, and a spokesman "
          "added that Moscow remained open to dialogue. \"We are ready to negotiate,\" he told "
          "reporters in Moscow, while the president declined to comment on the sanctions.",
    "de": "Der Kreml erklärte am Donnerstag, die Gespräche mit der Ukraine seien ins Stocken "
          "geraten. „Wir sind bereit zu verhandeln“, sagte ein Sprecher vor Journalisten in "
          "Moskau, während der Präsident sich nicht zu den Sanktionen äußern wollte.",
    "es": "El Kremlin afirmó el jueves que las conversaciones con Ucrania se habían estancado. "
          "«Estamos dispuestos a negociar», dijo un portavoz a los periodistas en Moscú, "
          "mientras el presidente se negó a comentar las sanciones.",
    "it": "Il Cremlino ha dichiarato giovedì che i colloqui con l'Ucraina sono in stallo. "
          "«Siamo pronti a negoziare», ha detto un portavoce ai giornalisti a Mosca, mentre il "
          "presidente si è rifiutato di commentare le sanzioni.",
}
FRENCH_WITH_ENGLISH = ("Le président américain a déclaré jeudi devant la presse que les "
                       "négociations continueraient. « We will not back down », a-t-il lancé, "
                       "avant d'ajouter que Washington restait prêt à discuter avec Moscou.")
SHORT = ["No comment.", "« Non », a-t-il dit.", "OK", "Berlin, 12 mars (Reuters)", "", "   "]


def french_articles():
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "articles").glob("*.txt"))
    if DEV.is_dir():
        paths += sorted(DEV.glob("*.txt"))
    return {p.name: p.read_text(encoding="utf-8") for p in paths}


def test_french_articles_are_french():
    articles = french_articles()
    assert len(articles) >= 5
    wrong = {name: language.detect(text) for name, text in articles.items()
             if not language.detect(text).is_french}
    assert wrong == {}


@pytest.mark.parametrize("code", sorted(NOT_FRENCH))
def test_other_languages_are_told_apart(code):
    detection = language.detect(NOT_FRENCH[code])
    assert detection.judged and not detection.is_french
    assert detection.language == code
    assert detection.probability >= language.CONFIDENT
    assert detection.name != code          # named in the messages


@pytest.mark.parametrize("text", SHORT)
def test_short_texts_are_read_as_french(text):
    detection = language.detect(text)
    assert detection.is_french and detection.language == "fr" and not detection.judged


def test_french_quoting_english_stays_french():
    assert language.detect(FRENCH_WITH_ENGLISH).is_french


def test_a_long_article_is_judged_from_its_start_in_bounded_time():
    language.identifier()
    article = next(iter(french_articles().values()))
    started = time.perf_counter()
    detection = language.detect(article * 200)
    assert detection.is_french
    assert time.perf_counter() - started < 0.5


def test_detection_is_fast_on_articles():
    language.identifier()
    texts = list(french_articles().values()) + list(NOT_FRENCH.values())
    started = time.perf_counter()
    for text in texts:
        language.detect(text)
    per_text = (time.perf_counter() - started) / len(texts)
    assert per_text < 0.05, f"{per_text * 1000:.1f} ms per text"
