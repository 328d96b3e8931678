"""The reporting-verb lexicon data file."""
import json

from service.quotes.cues.verbs import DEFAULT_LEXICON, load_lexicon

KNOWN_CONSTRUCTIONS = {"que", "incise", "inf", "de_inf", "a_inf", "pour_inf", "obj", "obj_de_inf", "obj_a_inf",
                       "obj_comme", "de", "sur_le_fait_que", "a_ce_que", "si"}


def test_at_least_150_verbs_each_with_known_constructions():
    verbs = json.loads(DEFAULT_LEXICON.read_text(encoding="utf-8"))["verbs"]
    assert len(verbs) >= 150
    for lemma, entry in verbs.items():
        assert entry["constructions"], lemma
        assert set(entry["constructions"]) <= KNOWN_CONSTRUCTIONS, lemma
        assert entry["kind"] in ("speech", "opinion"), lemma


def test_the_usual_verbs_of_saying_are_there():
    verbs = json.loads(DEFAULT_LEXICON.read_text(encoding="utf-8"))["verbs"]
    for lemma in ("déclarer", "affirmer", "indiquer", "assurer", "estimer", "souligner", "ajouter",
                  "répondre", "accuser", "juger", "reconnaître", "admettre", "promettre", "prévenir",
                  "rappeler", "confier", "insister", "annoncer", "dénoncer", "revendiquer", "réclamer",
                  "démentir", "nier", "s'engager", "se féliciter"):
        assert lemma in verbs, lemma


def test_constructions_are_read_per_verb():
    lexicon = load_lexicon()
    accuser = lexicon.by_lemma["accuser"][0]
    assert accuser.allows("obj_de_inf") and not accuser.allows("obj_comme")
    engager = lexicon.by_lemma["engager"][0]
    assert engager.pronominal and engager.allows("a_ce_que")
    assert lexicon.by_lemma["faire"][0].particle in ("savoir", "valoir", "remarquer", "observer", "état")
