"""Each French construction of reported speech, on short agency-style articles (tests/articles/).

Every article goes through the real Stanza pipeline once (module fixture).
"""
from pathlib import Path

import pytest

from service.quotes import extract_batch
from service.quotes.parse.parsing import new_article, parse_articles

ARTICLES = Path(__file__).resolve().parent / "articles"
DATED = {"role_date.txt": "2025-03-01"}


@pytest.fixture(scope="module")
def found(pipeline):
    names = sorted(p.name for p in ARTICLES.glob("*.txt"))
    items = [((ARTICLES / n).read_text(encoding="utf-8"), DATED.get(n)) for n in names]
    items.append(((ARTICLES / "role_date.txt").read_text(encoding="utf-8"), "2023-06-01"))
    results = extract_batch(items, pipeline=pipeline)
    out = {(n, DATED.get(n)): (text, quotes) for n, (text, _), quotes in zip(names, items, results)}
    out[("role_date.txt", "2023-06-01")] = (items[-1][0], results[-1])
    return out


def quotes_of(found, name, date=None):
    return found[(name, date or DATED.get(name))]


def quote(found, name, starts, date=None):
    text, quotes = quotes_of(found, name, date)
    matching = [q for q in quotes if q.text.startswith(starts)]
    assert matching, f"no quote starting {starts!r} in {name}: {[q.text for q in quotes]}"
    return matching[0]


def reported(found, name, starts, lemma, speaker):
    """The quotation starting with `starts`, checked for its cue's lemma and its speaker."""
    q = quote(found, name, starts)
    assert q.cue.lemma == lemma, q.cue
    speaker_is(q, speaker)
    return q


def speaker_is(q, expected):
    assert q.speaker is not None, q
    if expected in ("peskov", "putin", "belousov", "zelensky", "shoigu"):
        assert q.speaker.id == expected, q.speaker
    else:
        assert q.speaker.id is None and expected in (q.speaker.name, q.speaker.mention.text), q.speaker


def test_every_span_slices_back_to_its_text(found):
    for text, quotes in found.values():
        for q in quotes:
            assert text[q.start:q.end] == q.text
            if q.cue:
                assert text[q.cue.start:q.cue.end] == q.cue.text
            if q.speaker and q.speaker.mention:
                m = q.speaker.mention
                assert text[m.start:m.end] == m.text
            assert 0.0 <= q.confidence <= 1.0


# --- direct quotations ------------------------------------------------------------------------------

def test_guillemets_with_an_inverted_named_subject(found):
    q = quote(found, "direct_marks.txt", "Nous ne céderons")
    assert q.text == "Nous ne céderons pas à la pression" and q.type == "direct"
    speaker_is(q, "peskov")
    assert q.speaker.resolved_by == "inversion" and q.cue.text == "a déclaré"


def test_curly_quotes(found):
    q = quote(found, "direct_marks.txt", "La situation reste")
    assert q.text == "La situation reste très tendue sur le front" and q.type == "direct"
    speaker_is(q, "zelensky")


def test_straight_quotes_and_an_unknown_speaker_named_as_written(found):
    q = quote(found, "direct_marks.txt", "Les négociations")
    assert q.type == "direct"
    speaker_is(q, "Marco Bellini")


def test_nested_quotes_stay_in_one_direct_quotation(found):
    q = quote(found, "direct_marks.txt", "Ils parlent")
    assert q.text == "Ils parlent d'une \"opération spéciale\", mais c'est une guerre"
    _, quotes = quotes_of(found, "direct_marks.txt")
    assert not any(x.text == "opération spéciale" for x in quotes)


def test_apostrophes_are_not_quotation_marks(found):
    q = quote(found, "direct_marks.txt", "Aujourd’hui")
    assert q.type == "indirect"
    speaker_is(q, "zelensky")


def test_a_new_paragraph_in_marks_continues_the_previous_speaker(found):
    q = quote(found, "continuation.txt", "Nos unités")
    assert q.type == "direct"
    speaker_is(q, "belousov")
    assert q.speaker.resolved_by == "continuation"


def test_a_quotation_running_over_a_reopened_paragraph_is_one_span(found):
    q = quote(found, "continuation.txt", "Nous demandons")
    assert q.text.endswith("resteront prises au piège")
    speaker_is(q, "Claire Martin")


def test_unbalanced_marks_never_swallow_the_next_paragraphs(found):
    text, quotes = quotes_of(found, "unbalanced.txt")
    first_break = text.index("\n")
    for q in quotes:
        assert q.end <= first_break or q.start > first_break


def test_colon_introduces_a_block_quote(found):
    q = quote(found, "colon.txt", "Il n'y aura pas")
    assert q.type == "direct"
    speaker_is(q, "peskov")


# --- indirect quotations ------------------------------------------------------------------------------

def test_que_clause_spans_the_reported_clause_without_the_full_stop(found):
    q = quote(found, "indirect.txt", "l'économie russe")
    assert q.text == "l'économie russe résistait aux sanctions occidentales" and q.type == "indirect"
    speaker_is(q, "putin")
    assert q.speaker.resolved_by == "subject"


def test_selon(found):
    q = quote(found, "indirect.txt", "aucune rencontre")
    assert q.text == "aucune rencontre n'est prévue avant la fin de l'année"
    speaker_is(q, "peskov")
    assert q.speaker.resolved_by == "selon" and q.cue.lemma == "selon"


def test_d_apres_after_the_clause(found):
    q = quote(found, "indirect.txt", "Les pertes")
    assert q.text == "Les pertes ont doublé en un mois"
    speaker_is(q, "l'agence Reuters")


def test_incise_with_inverted_description(found):
    q = quote(found, "indirect.txt", "La ligne de front")
    assert q.text == "La ligne de front n'a pas bougé depuis une semaine"
    speaker_is(q, "peskov")


def test_passive_agent(found):
    q = quote(found, "indirect.txt", "les frontières")
    speaker_is(q, "le gouvernement polonais")
    assert q.speaker.resolved_by == "agent"


def test_bare_infinitive_complement(found):
    q = quote(found, "indirect.txt", "ne pas vouloir")
    assert q.text == "ne pas vouloir étendre le conflit aux pays voisins"
    speaker_is(q, "putin")


# --- pronouns, descriptions, organisations ---------------------------------------------------------------

def test_feminine_pronoun_takes_the_closest_woman(found):
    q = quote(found, "pronouns.txt", "son pays ne céderait")
    speaker_is(q, "Maia Sandu")
    assert q.speaker.resolved_by == "pronoun" and q.speaker.mention.text == "Elle"


def test_inverted_pronoun_in_an_incise(found):
    q = quote(found, "pronouns.txt", "La ville tiendra")
    speaker_is(q, "zelensky")
    assert q.speaker.resolved_by == "pronoun"


def test_description_resolved_by_role_and_date(found):
    speaker_is(quote(found, "role_date.txt", "les troupes", date="2025-03-01"), "belousov")
    speaker_is(quote(found, "role_date.txt", "les troupes", date="2023-06-01"), "shoigu")


def test_countries_and_institutions_speak(found):
    speaker_is(quote(found, "descriptions.txt", "ils enverraient"), "Les États-Unis")
    speaker_is(quote(found, "descriptions.txt", "les exercices"), "Le Kremlin")


# --- mixed quotations and scare quotes -----------------------------------------------------------------

def test_reported_clause_with_a_quoted_fragment_is_mixed(found):
    q = quote(found, "mixed_scare.txt", "la proposition était")
    assert q.type == "mixed" and "« irréaliste »" in q.text
    speaker_is(q, "peskov")


def test_qualifier_x_de_quoted_fragment_is_mixed(found):
    q = quote(found, "mixed_scare.txt", "les sanctions occidentales")
    assert q.type == "mixed" and "« guerre économique »" in q.text
    speaker_is(q, "putin")


def test_scare_quotes_and_titles_are_not_quotations(found):
    _, quotes = quotes_of(found, "mixed_scare.txt")
    texts = " | ".join(q.text for q in quotes)
    assert "opération militaire spéciale" not in texts
    assert "Guerre et paix" not in texts


# --- incises --------------------------------------------------------------------------------------------

def test_incise_with_a_complement_before_the_inverted_subject_and_an_apposed_name(found):
    q = quote(found, "incises.txt", "Nous sommes prêts")
    assert q.text == "Nous sommes prêts à tenir la ligne"
    speaker_is(q, "Oleksandr Chtoupoun")


def test_two_passages_around_one_incise_are_two_quotations_of_one_speaker(found):
    first = quote(found, "incises.txt", "Nous continuerons")
    second = quote(found, "incises.txt", "jusqu'à la libération")
    assert first.type == second.type == "direct"
    speaker_is(first, "zelensky")
    speaker_is(second, "zelensky")


def test_a_line_of_dialogue_opened_by_a_dash_leaves_the_dash_out(found):
    q = reported(found, "incises.txt", "Nous sommes disposés", "répondre",
                 "le ministre norvégien des Affaires étrangères")
    assert q.text == "Nous sommes disposés à reprendre les discussions"


def test_a_description_of_another_office_is_not_a_known_speaker(found):
    q = quote(found, "incises.txt", "son pays renforcerait")
    assert q.speaker is not None and q.speaker.id is None
    assert "ministre finlandais" in q.speaker.name


# --- more constructions -----------------------------------------------------------------------------------

def test_qualifier_with_a_clitic_object_inherits_the_main_subject(found):
    q = quote(found, "more.txt", "de « fausses")
    assert q.type == "mixed"
    speaker_is(q, "Le Kremlin")


def test_selon_after_a_passage_sources_a_direct_quotation(found):
    q = quote(found, "more.txt", "Les négociations sont")
    assert q.type == "direct" and q.cue.lemma == "selon"
    speaker_is(q, "une source diplomatique européenne")


def test_a_subject_with_a_participle_phrase_is_read_whole(found):
    q = quote(found, "more.txt", "une situation")
    assert q.type == "mixed"
    assert q.speaker is not None and q.speaker.mention.text.startswith("Les habitants")


def test_a_participle_clause_carries_its_own_reported_words(found):
    q = quote(found, "more.txt", "chaque jour compte")
    assert q.type == "direct"
    assert q.speaker is not None and "ONU" in q.speaker.name


# --- speakers, one construction per sentence ------------------------------------------------------------

SPEAKER_CASES = [
    pytest.param('indirect.txt', 'Moscou restait', 'peskov',
                 id='relative « qui » takes its antecedent, not the main subject'),
    pytest.param('indirect.txt', 'la Russie poursuivrait', 'putin', id='coordinated verbs share their subject'),
    pytest.param('indirect.txt', 'la Russie de bombarder', 'zelensky', id='accuser X de + infinitive'),
    pytest.param('pronouns.txt', 'Moscou attendait', 'peskov', id='masculine pronoun skips a woman for the man before'),
    pytest.param('descriptions.txt', 'deux navires', 'Julien Morel',
                 id='description tied by an apposition earlier in the article'),
    pytest.param('incises.txt', "C'est une décision", 'Oleksandr Chtoupoun',
                 id='inverted pronoun takes the last speaker'),
    pytest.param('incises.txt', "Rien n'est encore", 'zelensky', id='verb and pronoun in one token (dit-il)'),
    pytest.param('apposition.txt', "les Occidentaux à accélérer", 'Dmytro Kouleba',
                 id='subject with an apposition before the verb is no incise'),
    pytest.param('apposition.txt', "Chaque jour de retard", 'Dmytro Kouleba', id='pronoun after an apposed name'),
    pytest.param('apposition.txt', "la Russie prépare", 'Dmytro Kouleba', id='selon lui'),
    pytest.param('apposition.txt', "une « mascarade »", 'Maria Zakharova', id='dénoncer une « X »'),
    pytest.param('more.txt', 'avoir abattu', 'le ministère russe de la Défense',
                 id='an institution affirms an infinitive'),
    pytest.param('more.txt', "« l'effort historique »", 'Françoise Dumas', id='a pronominal verb is no passive'),
    pytest.param('opinion.txt', "C'est un chef", 'le critique',
                 id='words in marks never name their own speaker'),
    pytest.param('offices.txt', "la Pologne", 'Donald Tusk', id='« Premier » of « Premier ministre » is no name'),
    pytest.param('offices.txt', "Nous sommes prêts", 'Donald Tusk',
                 id='« Et d\'ajouter » speaks for the speaker before'),
    pytest.param('bare_office.txt', "l'aide européenne", 'zelensky',
                 id='a bare office takes the latest known holder mentioned before'),
]


@pytest.mark.parametrize("article, starts, speaker", SPEAKER_CASES)
def test_speaker_of_each_construction(found, article, starts, speaker):
    speaker_is(quote(found, article, starts), speaker)


def test_an_impersonal_passive_names_nobody(found):
    q = quote(found, "indirect.txt", "les stocks de munitions")
    assert q.type == "indirect" and q.speaker is None


def test_pour_x_with_x_s_own_words_is_a_quotation(found):
    q = quote(found, "opinion.txt", "la Russie « ne veut pas")
    assert q.type == "mixed" and q.cue.lemma == "pour"
    speaker_is(q, "zelensky")
    q = quote(found, "opinion.txt", "il s'agit d'une")
    speaker_is(q, "peskov")
    assert q.speaker.resolved_by == "description"


def test_pour_x_without_quoted_words_or_naming_a_feast_is_no_quotation(found):
    _, quotes = quotes_of(found, "opinion.txt")
    assert not [q for q in quotes if "revers diplomatique" in q.text or "lumières" in q.text]


def test_a_day_after_the_inverted_name_is_not_part_of_the_mention(found):
    q = quote(found, "opinion.txt", "Nous n'avons aucune intention")
    speaker_is(q, "peskov")
    assert q.speaker.mention.text == "Dmitri Peskov"


def test_a_short_full_sentence_in_marks_continues_the_quotation_before_it(found):
    q = quote(found, "opinion.txt", "Mais rien n'est perdu")
    first = quote(found, "opinion.txt", "La situation est grave")
    assert q.speaker is not None and first.speaker is not None
    assert q.speaker.name == first.speaker.name


def test_a_bare_office_nobody_mentioned_holds_stays_as_written(found):
    q = quote(found, "bare_office.txt", "rien ne changerait")
    assert q.speaker is not None and q.speaker.id is None


def test_a_less_specific_office_is_a_known_speaker_only_when_the_article_names_them(found):
    q = quote(found, "offices.txt", "l'envoi de troupes")
    assert q.speaker is not None and q.speaker.id is None


def test_a_colon_after_a_clause_with_a_speaking_subject_introduces_a_quotation(found):
    q = quote(found, "offices.txt", "Aucune concession")
    assert q.type == "direct" and q.cue.text == "a été très clair"
    speaker_is(q, "Le ministre des Affaires étrangères")
    _, quotes = quotes_of(found, "offices.txt")
    assert not [q for q in quotes if q.text.startswith("Nous ne reculerons")]


def test_x_s_words_after_the_colon_closing_a_pour_x_clause(found):
    q = reported(found, "framing.txt", "Nous irons jusqu'au bout", "pour", "belousov")
    assert q.type == "direct"
    _, quotes = quotes_of(found, "framing.txt")
    assert not [q for q in quotes if "élections" in q.text or "calendrier" in q.text]


def test_a_que_clause_after_an_adjunct_is_the_verb_s_complement(found):
    q = reported(found, "framing.txt", "l'Europe « doit", "juger", "zelensky")
    assert q.type == "mixed"


def test_a_sentence_ending_inside_marks_keeps_its_closing_mark(pipeline):
    text = "Il a tranché : « Nous partirons demain. » Le convoi est parti à l'aube."
    article = parse_articles([new_article(text)], pipeline)[0]
    (passage,) = article.quoted
    sentence = article.sentence_of(article.words_between(passage.start, passage.end)[0])
    assert sentence.start < passage.open_at and passage.after <= sentence.end
    assert all(text[s.start:s.end] not in ("»", "”") for s in article.sentences)


def test_an_incise_inside_the_marks_splits_the_quotation_in_two(found):
    first = quote(found, "inner_incise.txt", "Les discussions sont")
    second = quote(found, "inner_incise.txt", "mais nous restons")
    assert first.text == "Les discussions sont au point mort"
    for q in (first, second):
        assert q.type == "direct" and q.cue.lemma == "reconnaître"
        speaker_is(q, "peskov")
    after_stop = quote(found, "inner_incise.txt", "L'ennemi recule")
    assert quote(found, "inner_incise.txt", "Nos unités").cue.lemma == after_stop.cue.lemma == "assurer"
    speaker_is(after_stop, "peskov")


def test_a_participle_after_the_marks_reports_a_clause_of_its_own(found):
    q = reported(found, "framing.txt", "l'armée était", "estimer", "belousov")
    assert q.type == "mixed"
    assert quote(found, "framing.txt", "un exercice « réussi »").cue.lemma == "saluer"


def test_the_object_s_attribute_in_marks_makes_a_mixed_quotation(found):
    q = reported(found, "framing.txt", "la proposition « intéressante", "juger", "zelensky")
    assert q.type == "mixed"


def test_ce_dernier_is_the_person_mentioned_last(found):
    q = quote(found, "latter.txt", "la Biélorussie")
    speaker_is(q, "Alexandre Loukachenko")          # the object of the sentence before, not its subject
    assert q.speaker.resolved_by == "pronoun" and q.speaker.mention.text == "Ce dernier"
    q = quote(found, "latter.txt", "Aucune décision")
    speaker_is(q, "peskov")
    assert q.speaker.mention.text == "ce dernier"


def test_a_compound_past_cut_by_an_adverbial_keeps_its_subject(found):
    reported(found, "framing.txt", "« frapper sans relâche »", "promettre", "belousov")


def test_the_newsroom_s_own_findings_and_il_faut_are_the_writer_s_voice(found):
    _, quotes = quotes_of(found, "writer_voice.txt")
    assert not [q for q in quotes if "réunion" in q.text or "cessez-le-feu" in q.text]


def test_a_reported_clause_that_goes_on_in_marks_is_one_mixed_quotation(found):
    q = quote(found, "writer_voice.txt", "Moscou restait disposé")
    assert q.type == "mixed" and q.text.endswith("« mais sans conditions préalables »")
    speaker_is(q, "peskov")
    q = quote(found, "writer_voice.txt", "il était prêt")
    assert q.type == "mixed" and q.text.endswith("« mais pas à n'importe quel prix »")
    speaker_is(q, "putin")


def test_a_noun_of_either_gender_leaves_the_gender_to_its_determiner(found):
    q = quote(found, "epicene.txt", "Le budget ne tiendra")
    speaker_is(q, "Natalia Zoubarevitch")           # « elle » after « l'économiste », not Peskov
    assert q.speaker.resolved_by == "pronoun"


@pytest.mark.parametrize("starts, lemma, speaker", [("Je n'ai rien promis", "se défendre", "belousov"),
                                                    ("Personne n'y croit", "sourire", "peskov"),
                                                    ("l'économie russe", "constater", "putin")])
def test_verbs_of_manner_and_stance_report(found, starts, lemma, speaker):
    q = quote(found, "more_verbs.txt", starts)
    assert q.cue.lemma == lemma
    speaker_is(q, speaker)


def test_a_noun_of_speech_and_its_de_complement_before_the_colon(found):
    q = quote(found, "framing.txt", "Ce texte n'engage")
    assert q.type == "direct" and q.cue.text == "Réaction"
    speaker_is(q, "peskov")
    _, quotes = quotes_of(found, "framing.txt")
    assert not [q for q in quotes if "huis clos" in q.text]


def test_interroge_answers_for_the_one_asked_not_the_asker(found):
    q = quote(found, "framing.txt", "Nous verrons bien")
    speaker_is(q, "putin")


def test_a_participle_after_an_incise_keeps_the_passage_its_own_cue(found):
    q = quote(found, "framing.txt", "Ils mentent")
    assert q.type == "direct" and q.cue.lemma == "écrire"
    q = quote(found, "framing.txt", "les électeurs à « rester")
    assert q.type == "mixed" and q.cue.lemma == "appeler"


def test_an_adverbial_between_commas_is_not_the_subject(found):
    q = quote(found, "framing.txt", "ces accusations « absurdes")
    assert q.speaker.mention.text == "Le ministère russe des Affaires étrangères"


def test_a_clause_that_ends_in_marks_before_an_incise_is_mixed(found):
    q = reported(found, "framing.txt", "la Russie « ne cédera", "prévenir", "Ekaterina Schulmann")
    assert q.type == "mixed"                                      # « Selon elle, » stays out


def test_an_adverbial_locution_before_the_inverted_subject_is_not_part_of_it(found):
    q = quote(found, "framing.txt", "Aucune attaque ne restera")
    speaker_is(q, "peskov")
    assert q.speaker.mention.text == "le porte-parole du Kremlin"


def test_le_before_a_noun_of_either_gender_may_name_a_woman(found):
    q = quote(found, "epicene.txt", "Bruxelles « répondrait")
    speaker_is(q, "Maria Schmidt")


def test_a_subject_that_names_nobody_is_the_writer_s_voice(found):
    _, quotes = quotes_of(found, "writer_voice.txt")
    assert not [q for q in quotes if "civils" in q.text or "printemps" in q.text]
    q = reported(found, "writer_voice.txt", "rien ne justifie « une escalade", "ajouter", "la ministre")
    assert q.type == "mixed"


def test_pour_qui_after_a_noun_phrase_sources_the_clause_to_it(found):
    q = quote(found, "framing.txt", "les sanctions « ont déjà")
    assert q.type == "mixed" and q.cue.text == "pour qui"
    speaker_is(q, "un diplomate européen")


def test_marks_on_the_object_of_a_verb_that_takes_no_content_as_object(found):
    _, quotes = quotes_of(found, "writer_voice.txt")
    assert not [q for q in quotes if "opération militaire" in q.text or "Carnets" in q.text]


def test_rien_inside_the_reported_clause_is_not_the_verb_s_subject(found):
    reported(found, "writer_voice.txt", "« rien de concret »", "juger", "peskov")


def test_after_a_colon_the_marks_name_the_verb_s_object_unless_it_announces_words(found):
    _, quotes = quotes_of(found, "writer_voice.txt")
    assert not [q for q in quotes if "Frontières" in q.text]
    assert quote(found, "writer_voice.txt", "Nous ne tolérerons").cue.lemma == "lancer"


def test_celle_ci_is_the_person_mentioned_last_not_the_object_after_the_verb(found):
    q = reported(found, "latter.txt", "Moscou de « saboter", "accuser", "Kaja Kallas")
    assert q.speaker.mention.text == "Celle-ci"


def test_selon_x_then_a_name_in_apposition_leaves_the_name_out_of_the_clause(found):
    q = quote(found, "latter.txt", "la Russie « ne veut pas")
    speaker_is(q, "Radoslaw Sikorski")


def test_the_attribute_in_marks_before_the_object_of_qualifier(found):
    q = reported(found, "more_verbs.txt", "de « provocation grossière »", "qualifier", "Maria Zakharova")
    assert q.type == "mixed" and q.text.endswith("les déclarations de Londres")


def test_a_noun_in_apposition_is_no_reporting_verb_but_an_incise_verb_read_as_a_noun_is(found):
    q = reported(found, "more_verbs.txt", "Cela ne changera rien", "estimer", "Mykhaïlo Podoliak")
    assert q.type == "direct"
    reported(found, "more_verbs.txt", "Tout cela est déjà connu", "juger", "Tatiana Stanovaïa")


def test_a_name_inside_a_de_complement_is_not_the_person_s(found):
    q = quote(found, "epicene.txt", "Le président parlera")
    speaker_is(q, "Karoline Leavitt")                 # not « Blanche » of « la Maison Blanche »


def test_a_leader_described_again_with_the_same_qualifier_is_the_leader_named_before(found):
    q = reported(found, "leaders.txt", "les deux pays défendraient", "affirmer", "Luiz Inácio Lula da Silva")
    assert q.speaker.mention.text == "Le dirigeant brésilien"


def test_a_title_before_a_name_with_particles_keeps_the_whole_name(found):
    reported(found, "leaders.txt", "l'aide serait versée", "assurer", "Ursula von der Leyen")
    reported(found, "leaders.txt", "l'Union devait parler", "estimer", "Roberta Metsola")


def test_an_office_written_another_way_names_the_person_tied_to_it(found):
    q = reported(found, "leaders.txt", "les sanctions devaient", "juger", "Caspar Veldkamp")
    assert q.speaker.mention.text == "Le ministre néerlandais des Affaires étrangères"


def test_pour_a_person_with_a_word_of_theirs_in_marks_is_a_mixed_quotation(found):
    q = reported(found, "analysts.txt", "Moscou cherche à « briser »", "pour", "Anton Hrouchetsky")
    assert q.type == "mixed"


def test_a_pronoun_after_a_person_named_as_an_object_is_that_person(found):
    q = reported(found, "analysts.txt", "Nous tiendrons", "assurer", "Ivan Fedorov")
    assert q.speaker.resolved_by == "pronoun"


def test_a_participle_apposition_after_selon_x_stays_out_of_the_clause(found):
    q = reported(found, "analysts.txt", "le réseau électrique", "selon", "le ministre de l'Énergie")
    assert q.text.endswith("à 40 %")


def test_an_adjective_that_keeps_the_office_leaves_the_description_to_the_office_holder(found):
    q = reported(found, "leaders.txt", "les soldats recevraient", "promettre", "belousov")
    assert q.speaker.mention.text == "Le nouveau ministre"


def test_a_named_person_after_an_acronym_in_the_incise_is_the_speaker(found):
    q = reported(found, "interviews.txt", "Les stocks de munitions", "expliquer", "Hanna Kovalenko")
    assert q.speaker.name == "Hanna Kovalenko"


def test_an_inverted_pronoun_glued_to_its_verb_is_an_incise(found):
    for starts, lemma in (("Personne en Europe", "poursuivre"), ("Rien n'a été décidé", "reconnaître")):
        q = reported(found, "interviews.txt", starts, lemma, "Hanna Kovalenko")
        assert q.speaker.resolved_by == "pronoun" and q.speaker.mention.text == "elle"


def test_the_writer_s_gloss_after_the_reported_words_stays_out(found):
    q = reported(found, "interviews.txt", "être disposé", "affirmer", "Le chancelier")
    assert q.text.endswith("« dans les prochaines semaines »")


def test_not_ruling_out_and_letting_it_be_understood_report_a_claim(found):
    reported(found, "more_verbs.txt", "les pourparlers reprennent", "exclure",
             "Le ministre turc des Affaires étrangères")
    reported(found, "more_verbs.txt", "Moscou enverrait", "laisser entendre", "Son homologue russe")


def test_evidence_is_no_source(found):
    _, quotes = quotes_of(found, "writer_voice.txt")
    assert not [q for q in quotes if "inflation" in q.text or "hangars" in q.text]


def test_an_infinitive_hung_on_the_addressee_is_the_request(found):
    q = reported(found, "more_verbs.txt", "quitter le quartier", "demander", "Le préfet")
    assert q.type == "indirect" and q.text == "quitter le quartier avant la nuit"


def test_a_noun_of_speech_with_a_short_predicate_before_a_colon_gives_the_speaker(found):
    q = reported(found, "colon.txt", "Varsovie ne cédera pas", "réaction", "ministre polonais")
    assert q.type == "direct"


def test_a_possessed_office_is_that_office_of_the_possessor(found):
    q = reported(found, "leaders.txt", "la rencontre avait été", "affirmer", "peskov")
    assert q.speaker.mention.text == "Son porte-parole"


@pytest.mark.parametrize("name, starts, lemma, speaker, ends", [
    ("leaders.txt", "« inacceptables » les conditions", "juger", "Andriï Iermak", "posées par Moscou"),
    ("more_verbs.txt", "de « non constructive »", "qualifier", "Le Kremlin", "la proposition européenne"),
])
def test_an_attribute_in_marks_before_the_object_read_on_the_words(found, name, starts, lemma, speaker, ends):
    q = reported(found, name, starts, lemma, speaker)
    assert q.type == "mixed" and q.text.endswith(ends)


def test_a_relative_clause_inside_the_reported_clause_does_not_end_it(found):
    q = reported(found, "clauses.txt", "les négociations", "selon", "Le médiateur turc")
    assert q.text.endswith("ont été reportées sine die")


def test_a_closing_gerund_or_ce_que_clause_is_the_writer_s(found):
    assert reported(found, "clauses.txt", "ne pas être au courant", "dire", "peskov").text.endswith("informations")
    assert reported(found, "clauses.txt", "Moscou d'avoir", "accuser", "Kiev").text.endswith("des civils")
    q = reported(found, "clauses.txt", "la Russie, en agissant", "estimer", "Le ministre")
    assert q.text.endswith("le droit international")


def test_a_name_and_a_colon_before_the_marks_give_the_speaker(found):
    assert quote(found, "headlines.txt", "La Russie ne reculera pas").speaker.id == "putin"
    q = quote(found, "headlines.txt", "L'Europe doit se réarmer")
    speaker_is(q, "Donald Tusk")
    assert q.type == "direct" and q.cue is None
    _, quotes = quotes_of(found, "headlines.txt")
    assert not [q for q in quotes if q.text.startswith("La situation") and q.speaker is not None and
                q.speaker.name == "Ukraine"]


def test_pour_x_after_a_headline_without_full_stop_opens_its_sentence(found):
    reported(found, "headlines.txt", "l'Europe doit se réveiller", "pour", "Emmanuel Macron")


def test_pronouns_follow_the_gender_their_antecedents_have_shown(found):
    q = reported(found, "counterparts.txt", "Ce n'est qu'un début", "assurer", "Espen Barth Eide")
    assert q.speaker.resolved_by == "pronoun"
    q = reported(found, "counterparts.txt", "la Suède formait", "rappeler", "Maria Malmer Stenergard")
    assert q.speaker.mention.text == "Elle"


def test_a_cleft_after_the_passage_gives_its_cue(found):
    q = reported(found, "clefts.txt", "Nous ne céderons rien", "répéter", "peskov")
    assert q.type == "direct"
    q = reported(found, "clefts.txt", "La patience a des limites", "lancer", "le président polonais")
    assert q.type == "direct"


def test_what_one_reads_in_a_text_has_the_text_for_source(found):
    q = reported(found, "reading.txt", "La Pologne condamne", "lire", "un communiqué du ministère polonais")
    assert q.speaker.resolved_by == "selon"
    assert q.speaker.name == "ministère polonais"      # the author after « du », without the contraction
    reported(found, "reading.txt", "Les secours sont sur place", "lire", "le compte Telegram du gouverneur régional")


def test_an_opening_selon_is_a_channel_when_its_clause_reports_words_of_its_own(found):
    reported(found, "clauses.txt", "à « une désescalade", "appeler", "le ministre turc")
    _, quotes = quotes_of(found, "clauses.txt")
    assert not [q for q in quotes if q.cue.lemma == "selon" and "désescalade" in q.text]


def test_a_noun_after_a_preposition_is_no_reporting_verb(found):
    reported(found, "analysts.txt", "le Kremlin « joue la montre »", "pour", "Tatiana Stanovaïa")
    _, quotes = quotes_of(found, "analysts.txt")
    assert not [q for q in quotes if q.cue.lemma == "analyser"]


def test_a_document_speaks_for_its_author(found):
    q = reported(found, "clauses.txt", "les bombardements ont visé", "selon", "l'OSCE")
    assert q.speaker.name == "l'OSCE" and q.speaker.mention.text == "un rapport de l'OSCE"
    q = reported(found, "clauses.txt", "Les combats ont fait", "selon", "le ministère de la Santé")
    assert q.speaker.name == "le ministère de la Santé"


def test_an_inverted_subject_keeps_its_portfolio_and_leaves_the_circumstance(found):
    q = reported(found, "inverted_subjects.txt", "C'est un accord historique", "se féliciter", "Scott Bessent")
    assert q.speaker.mention.text == "le secrétaire américain au Trésor, Scott Bessent"
    q = reported(found, "inverted_subjects.txt", "Il faut rester prudent", "tempérer", "un diplomate européen")
    assert q.speaker.mention.text == "un diplomate européen"
    q = reported(found, "inverted_subjects.txt", "On s'habitue à tout", "ajouter", "cette enseignante de 42 ans")
    assert q.speaker.mention.text == "cette enseignante de 42 ans"
    # a name right after « aux journalistes » is the subject, not an apposition to the journalists
    reported(found, "inverted_subjects.txt", "Nous n'envisageons pas", "déclarer", "peskov")


def test_a_subject_introduced_by_a_verb_read_as_a_participle_is_still_salient(found):
    # « décrit », « dépeint »: present tense forms that are also past participles
    reported(found, "present_tense.txt", "Nous manquons de tout", "confier", "Natalia Kovalenko")
    reported(found, "present_tense.txt", "Les gens ne dorment plus", "expliquer", "Igor Terekhov")


def test_a_name_in_a_complement_is_someone_else_and_a_bare_title_does_not_cross_countries(found):
    # « le président » of « Le président Zelensky » does not make « le président russe » Zelensky
    reported(found, "complements.txt", "ces livraisons", "affirmer", "putin")
    # the spokesman of Vladimir Poutine is not Vladimir Poutine
    reported(found, "complements.txt", "le Kremlin suivait", "indiquer", "peskov")
    q = reported(found, "complements.txt", "la lutte continuerait", "déclarer", "L'épouse d'Alexeï Navalny")
    assert q.speaker.name == "L'épouse d'Alexeï Navalny"


def test_words_cited_are_their_author_s(found):
    reported(found, "citing.txt", "Nous ne nous rendrons jamais", "citer", "Winston Churchill")
    reported(found, "citing.txt", "La France a perdu une bataille", "reprendre", "général de Gaulle")


# --- mentions: the person's name after a description's complements -----------------------------

def test_a_name_after_a_description_s_complement_is_the_speaker_s(found):
    q = reported(found, "mention_names.txt", "Nos équipes seront prêtes", "assurer", "Piet Janssen")
    assert q.speaker.name == "Piet Janssen"
    q = reported(found, "mention_names.txt", "un budget « bâclé", "critiquer", "Martine Lefort")
    assert q.speaker.name == "Martine Lefort"
    # a party's acronym before the name is no part of it
    q = reported(found, "mention_names.txt", "le préfet de « mépriser", "accuser", "Paul Martin")
    assert q.speaker.name == "Paul Martin"


def test_a_pronoun_takes_up_a_name_with_a_capitalised_article_not_a_medium(found):
    q = reported(found, "mention_names.txt", "une baisse « sensible", "promettre", "Jean Le Goff")
    assert q.speaker.resolved_by == "pronoun"


# --- descriptions of a person named just before ----------------------------------------------------

def test_a_description_takes_up_the_person_just_named(found):
    q = reported(found, "later_descriptions.txt", "Nous devons surtout retrouver", "estimer", "Paul Roux")
    assert q.speaker.mention.text == "le gardien" and q.speaker.resolved_by == "description"


def test_a_description_never_takes_up_a_known_speaker_of_another_office(found):
    q = reported(found, "clefts.txt", "La patience a des limites", "lancer", "le président polonais")
    assert q.speaker.id is None


def test_qui_after_an_agent_takes_up_the_agent_when_the_noun_before_cannot_speak(found):
    q = reported(found, "later_descriptions.txt", "une « attaque frontale »", "dénoncer", "le syndicat")
    assert q.speaker.mention.text == "le syndicat"


# --- passages whose cue is not right after them, or that have none ----------------------------------

def test_an_incise_after_the_words_ending_the_passage_s_sentence(found):
    q = reported(found, "standalone.txt", "Les routes du plateau", "expliquer", "Henri Blanc")
    assert q.type == "direct" and q.text == "Les routes du plateau restent impraticables ce matin"


def test_two_passages_joined_by_et_share_the_incise(found):
    for starts in ("J'ai fermé trois cols", "j'ai mobilisé tous les chasse-neige"):
        q = reported(found, "standalone.txt", starts, "ajouter", "Henri Blanc")
        assert q.type == "direct" and "»" not in q.text


def test_a_sentence_in_marks_with_no_cue_is_the_previous_sentence_s_subject_s(found):
    q = quote(found, "standalone.txt", "Nous verrons demain")
    assert q.type == "direct" and q.cue is None
    speaker_is(q, "Le maire")


def test_a_body_named_after_an_incise_verb_is_its_subject_not_its_object(found):
    q = reported(found, "standalone.txt", "Un entrepôt a été détruit", "préciser",
                 "le service départemental d'incendie")
    assert q.type == "indirect"


def test_a_text_posted_on_someone_s_page_is_theirs(found):
    q = quote(found, "standalone.txt", "Les écoles du secteur seront fermées")
    speaker_is(q, "la mairie")


# --- witnesses and agencies ---------------------------------------------------------------------------

def test_one_of_the_witnesses_after_an_incise_verb_and_a_participle_phrase_inside_the_clause(found):
    q = reported(found, "witnesses.txt", "Des jeunes cagoulés", "indiquer", "l'un des riverains")
    assert q.text.endswith("ont saccagé la vitrine de la mairie annexe")
    reported(found, "witnesses.txt", "La façade a été noircie", "raconter", "une journaliste de la radio locale")


def test_selon_followed_by_a_relative_clause_on_its_source_sources_the_clause_before(found):
    q = quote(found, "witnesses.txt", "Le pont a été fermé")
    assert q.text == "Le pont a été fermé à la circulation" and q.cue.lemma == "selon"
    speaker_is(q, "un technicien de la ville")
    reported(found, "witnesses.txt", "une inspection aurait lieu", "ajouter", "un technicien de la ville")


def test_se_dire_with_a_quoted_attribute_ends_where_the_writer_resumes(found):
    q = reported(found, "attitudes.txt", "« inquiète »", "se dire", "Claire Dubois")
    assert q.type == "mixed" and q.text == "« inquiète » de la fermeture du centre social"


# --- dialogue inside one pair of marks -------------------------------------------------------------

def test_each_dialogue_turn_is_a_quotation_and_turns_alternate(found):
    q = reported(found, "dialogue.txt", "Vous avez vu la voiture", "demander", "le policier")
    assert q.text == "Vous avez vu la voiture arriver ?"
    q = reported(found, "dialogue.txt", "Non, j'étais dans la cuisine", "répondre", "la voisine")
    assert q.text == "Non, j'étais dans la cuisine avec ma fille"
    q = quote(found, "dialogue.txt", "Vous n'avez rien entendu")
    assert q.text.endswith("alors que vous étiez à dix mètres.")
    speaker_is(q, "le policier")
    q = quote(found, "dialogue.txt", "Rien du tout")
    assert q.text == "Rien du tout !"     # the stage direction is the writer's
    speaker_is(q, "la voisine")
    q = quote(found, "dialogue.txt", "Très bien, je vous remercie")
    assert q.text == "Très bien, je vous remercie."
    speaker_is(q, "le policier")


def test_an_incise_after_a_question_needs_no_comma(found):
    reported(found, "dialogue.txt", "Comment ?", "demander", "une habitante")


def test_a_que_clause_with_coordinated_subjects_is_one_clause(found):
    q = reported(found, "coordinated_subjects.txt", "le maire et ses adjoints", "affirmer", "l'opposante")
    assert q.type == "mixed" and q.text.endswith("« par des chiffres truqués »")


def test_a_person_described_or_a_stressed_pronoun_before_a_colon_speaks_the_passage(found):
    speaker_is(quote(found, "dialogue.txt", "Vraiment ?"), "Sa conseillère")
    assert quote(found, "dialogue.txt", "Oui, nous reviendrons").speaker.resolved_by == "pronoun"


def test_a_reported_span_ends_where_the_writer_s_gloss_or_narration_resumes(found):
    q = reported(found, "writer_resumes.txt", "publier les effectifs", "demander", "Les parents")
    assert q.text == "publier les effectifs des classes"
    q = reported(found, "writer_resumes.txt", "avoir respecté", "assurer", "Le président du club")
    assert q.text == "avoir respecté le règlement"


def test_selon_inserted_inside_an_unfinished_clause_does_not_end_it(found):
    q = reported(found, "writer_resumes.txt", "la commune reste, selon", "rappeler", "Jean Roux")
    assert q.type == "mixed" and "« la moins endettée du département »" in q.text


def test_a_short_passage_right_after_its_reporting_verb_is_what_it_reports(found):
    q = reported(found, "attitudes.txt", "une agression inadmissible", "dénoncer", "Le directeur de l'hôpital")
    assert q.text == "une agression inadmissible"


def test_a_colon_gives_the_passage_to_the_reporting_verb_of_the_clause_it_closes(found):
    reported(found, "colon.txt", "Elle a enfin choisi son camp", "lancer", "Marc Petit")


def test_a_surname_repeats_a_person_not_the_coordination_that_named_them(found):
    q = reported(found, "no_comma.txt", "les travaux seraient achevés", "assurer", "Paul Lemoine")
    assert q.speaker.name == "Paul Lemoine"


def test_an_inverted_pronoun_right_after_the_passage_makes_an_incise_without_a_comma(found):
    q = reported(found, "no_comma.txt", "Nous tiendrons nos délais", "déclarer", "Paul Lemoine")
    assert q.type == "direct" and q.speaker.resolved_by == "pronoun"
    reported(found, "no_comma.txt", "le nouveau tracé", "estimer", "Paul Lemoine")


def test_what_a_newsroom_learnt_from_someone_is_their_word(found):
    q = reported(found, "witnesses.txt", "Un camion-citerne s'est renversé", "apprendre", "parquet de Valence")
    assert q.type == "indirect" and q.speaker.resolved_by == "selon"


def test_a_statement_selon_laquelle_is_its_author_s(found):
    q = quote(found, "witnesses.txt", "la commune manque de logements")
    assert q.cue.lemma == "selon"
    speaker_is(q, "Pavel Moroz")


def test_a_reported_noun_phrase_ends_before_a_participle_phrase_describing_it(found):
    q = quote(found, "attitudes.txt", "ce contrat « de compromis »")
    assert q.text == "ce contrat « de compromis »" and q.cue.lemma == "saluer"


def test_a_second_report_coordinated_with_et_ends_the_first(found):
    q = reported(found, "attitudes.txt", "ne pas relayer de rumeurs", "demander", "La mairie")
    assert "assuré" not in q.text
    reported(found, "attitudes.txt", "des contrôles seraient faits", "assurer", "La mairie")


def test_an_inverted_subject_followed_by_a_participle_is_no_object(found):
    reported(found, "witnesses.txt", "Au milieu de l'été", "indiquer", "les auteurs du rapport")


def test_a_reporting_verb_whose_object_is_a_relative_que_reports_nothing_of_its_own(found):
    _, quotes = quotes_of(found, "writer_resumes.txt")
    assert not [q for q in quotes if q.text.startswith("entendre des usagers")]


@pytest.mark.parametrize("starts, lemma, speaker", [
    ("un « appel au calme »", "lancer", "Anne Lucas"),                   # lancer un « appel … »
    ("ne pas « prendre la route »", "dire", "Le ministère"),              # dire à X de ne pas « … »
    ("sa solidarité avec les commerçants", "exprimer", "Le député"),     # exprimer sa solidarité … « … »
])
def test_a_complement_with_quoted_words_of_these_verbs_is_a_mixed_quotation(found, starts, lemma, speaker):
    assert reported(found, "attitudes.txt", starts, lemma, speaker).type == "mixed"


# --- a person described before or after being named -------------------------------------------------

def test_a_description_takes_up_the_only_person_of_its_gender_named_before(found):
    q = reported(found, "described_persons.txt", "ses chances restaient", "estimer", "Sophie Moreau")
    assert q.speaker.mention.text.startswith("L'autrice") and q.speaker.resolved_by == "description"
    q = reported(found, "described_persons.txt", "Je n'ai rien à regretter", "confier", "Sophie Moreau")
    assert q.speaker.mention.text == "elle" and q.speaker.resolved_by == "pronoun"


def test_a_description_takes_up_the_person_just_named_by_an_incise_of_narration(found):
    q = reported(found, "described_persons.txt", "Nous avons été trop lents", "expliquer", "Paul Garnier")
    assert q.speaker.mention.text == "le milieu de terrain lyonnais"


def test_a_lead_s_description_is_the_person_named_in_the_next_paragraph(found):
    q = reported(found, "lead_description.txt", "« inquiète »", "se dire", "Anne Roux")
    assert q.speaker.mention.text == "La maire de Lille"


def test_an_indefinite_description_stays_as_written(found):
    q = reported(found, "lead_description.txt", "Des pompiers étaient encore", "préciser", "Un journaliste de l'AFP")
    assert q.speaker.name == "Un journaliste de l'AFP"


def test_a_description_never_takes_up_the_person_named_in_its_own_sentence(found):
    for starts in ("Paul Lemaire ne resterait pas", "il le lui avait dit"):
        q = quote(found, "unmarked_speech.txt", starts)
        assert q.speaker.name == "Le président du club", q.speaker


# --- unmarked speech before an incise, and a participle after a reported clause ---------------------

def test_unmarked_speech_before_an_incise_takes_in_its_paragraph_s_statements(found):
    q = reported(found, "unmarked_speech.txt", "Le budget de la région", "ajouter", "Julie Martin")
    assert q.text.endswith("Chaque dépense devra être justifiée") and q.type == "indirect"


def test_narration_in_the_past_stays_out_of_the_speech_before_an_incise(found):
    q = reported(found, "unmarked_speech.txt", "La situation est grave", "dire", "Le ministre")
    assert q.text == "La situation est grave"


def test_a_participle_after_a_reported_clause_is_the_reporter_s(found):
    q = reported(found, "unmarked_speech.txt", "il le lui avait dit", "préciser", "Le président du club")
    assert q.speaker.mention.text == "Il"


# --- the object and its edges -------------------------------------------------------------------------

def test_where_and_how_it_was_said_stays_out_of_the_object(found):
    q = reported(found, "object_adjuncts.txt", "les mots « blessants »", "condamner", "Anne Dubois")
    assert q.text == "les mots « blessants » du préfet Marc Leroy" and q.type == "mixed"


def test_a_relative_clause_reporting_words_of_its_own_is_another_quotation(found):
    q = reported(found, "object_adjuncts.txt", "les grévistes de", "qualifier", "Marc Leroy")
    assert q.speaker.mention.text == "préfet Marc Leroy"


def test_a_fronted_participle_s_content_ends_before_the_main_clause(found):
    q = quote(found, "object_adjuncts.txt", "qui avait allumé")
    assert q.text == "qui avait allumé le feu"
    reported(found, "object_adjuncts.txt", "de « négligences graves »", "parler", "le commandant des pompiers")


def test_a_description_named_with_another_role_is_not_the_lead_s_person(found):
    q = quote(found, "object_adjuncts.txt", "de « négligences graves »")
    assert q.speaker.name == "le commandant des pompiers"


def test_a_graded_adjective_stays_in_the_mention(found):
    q = reported(found, "object_adjuncts.txt", "M. Dufour avait", "estimer", "le plus haut magistrat du pays")
    assert q.speaker.mention.text == "le plus haut magistrat du pays"


# --- a title's possessor, and a description that is no name -------------------------------------------

def test_the_name_a_title_s_complement_carries_is_not_the_speaker_s(found):
    q = reported(found, "possessors.txt", "le texte était", "estimer", "La présidente du groupe RN")
    assert q.speaker.name == "La présidente du groupe RN" and q.speaker.gender == "f"


def test_a_gerund_after_the_main_clause_is_its_subject_s(found):
    reported(found, "possessors.txt", "la situation était sous contrôle", "souligner", "Le directeur de l'hôpital")


def test_a_description_never_takes_up_another_description_as_a_named_person(found):
    q = reported(found, "possessors.txt", "le prévenu avait", "estimer", "Le procureur")
    assert q.speaker.name == "Le procureur" and q.speaker.gender == "m"


def test_pour_x_gives_a_person_s_view_or_a_judgement_without_quoted_words(found):
    reported(found, "opinion.txt", "le syndicat ne veut pas négocier", "pour", "le ministre")
    reported(found, "opinion.txt", "c'est la preuve que le gouvernement", "pour", "Bruxelles")


# --- infinitives and gerunds --------------------------------------------------------------------------

def test_plaider_pour_and_an_infinitive_up_to_the_next_verb_of_the_sentence(found):
    q = reported(found, "infinitives.txt", "accorder un délai", "plaider", "L'avocate")
    assert q.text == "accorder un délai aux familles, ces « oubliées »" and q.type == "mixed"


def test_a_gerund_of_the_reported_clause_goes_on_with_it(found):
    q = quote(found, "infinitives.txt", "la direction traite les salariés")
    assert q.text.endswith("en fermant le site sans préavis")


def test_a_gerund_that_reports_is_the_speaker_s_act(found):
    q = reported(found, "infinitives.txt", "les crédits seraient maintenus", "affirmer", "Le ministre")
    assert q.text == "les crédits seraient maintenus"


def test_a_past_infinitive_after_an_adjunct_between_commas(found):
    q = reported(found, "infinitives.txt", "ne pas avoir identifié", "dire", "Les enquêteurs")
    assert q.text == "ne pas avoir identifié l'origine du feu"


def test_a_locution_s_noun_is_no_part_of_its_content(found):
    q = reported(found, "infinitives.txt", "au « sang-froid »", "rendre hommage", "Claire Dumas")
    assert q.text == "au « sang-froid » et à la « ténacité » des secouristes" and q.type == "mixed"


def test_a_time_of_day_the_tagger_takes_for_a_verb_is_a_noun_again(found):
    q = reported(found, "times_of_day.txt", "les grévistes de", "qualifier", "Marc Leroy")
    assert q.text == "les grévistes de « casseurs »"


def test_a_participle_right_after_a_noun_that_can_speak_is_that_noun_s(found):
    reported(found, "participles.txt", "avoir saisi deux tonnes", "affirmer", "une note des douanes")
    reported(found, "participles.txt", "l'incendie était volontaire", "affirmer", "un témoin")


def test_a_speaker_quoted_second_hand_gives_way_to_the_article_s_own_speaker(found):
    q = reported(found, "second_hand.txt", "La commune doit désormais", "prévenir", "Julie Morel")
    assert q.speaker.mention.text == "elle"
    reported(found, "second_hand.txt", "le projet « vital »", "juger", "Anne Leclerc")


def test_souhaiter_and_an_infinitive_is_an_intention_not_words(found):
    _, quotes = quotes_of(found, "intentions.txt")
    assert not [q for q in quotes if "inspection" in q.text]
    reported(found, "intentions.txt", "les travaux reprennent", "souhaiter", "Le maire")


def test_a_closing_d_apres_leaves_out_an_opening_pour_x_and_a_relative_clause_s_verb(found):
    q = reported(found, "opinion_frame.txt", "le choix de fermer", "selon", "son adjoint")
    assert q.text.endswith("et elle le referait sans hésiter")


def test_a_middle_incise_outside_marks_keeps_the_words_on_both_sides(found):
    before = reported(found, "middle_incise.txt", "Il faut", "dire", "Le maire")
    after = reported(found, "middle_incise.txt", "les élus prennent", "dire", "Le maire")
    assert before.text == "Il faut" and after.start > before.end


def test_an_adverbial_before_a_middle_incise_is_no_quotation(found):
    _, quotes = quotes_of(found, "middle_incise.txt")
    assert not [q for q in quotes if q.text.startswith("En 2004")]
    reported(found, "middle_incise.txt", "nous avons fermé", "indiquer", "Le maire")


def test_a_description_of_another_role_never_takes_up_the_person_named_before(found):
    q = reported(found, "court.txt", "le chauffeur avait déjà", "rappeler", "La présidente du tribunal")
    assert q.speaker.name == "La présidente du tribunal"
    q = reported(found, "court.txt", "C'est une récidive", "souligner", "La présidente du tribunal")
    reported(found, "court.txt", "la sécurité routière", "selon", "Le ministre des Transports")


def test_an_adverbial_locution_between_the_verb_and_its_passage(found):
    q = reported(found, "supporters.txt", "un beau match", "saluer", "Amélie Morel")
    assert q.type == "direct" and q.text == "un beau match"


def test_one_of_a_group_speaks_as_written(found):
    q = reported(found, "supporters.txt", "Ça ne peut pas continuer", "lancer", "l'un d'eux")
    assert q.speaker.mention.text == "l'un d'eux"


def test_a_verb_group_never_reaches_back_into_the_passage(found):
    q = reported(found, "supporters.txt", "C'est trop", "dire", "le gardien du stade")
    assert q.cue.text == "dit"


def test_a_name_after_a_preposition_is_no_person_a_description_takes_up(found):
    q = reported(found, "economy.txt", "ses magasins", "assurer", "le patron du groupe")
    assert q.speaker.name == "le patron du groupe"


def test_a_verb_coordinated_with_the_reporting_verb_ends_its_object(found):
    q = reported(found, "economy.txt", "des « abus manifestes »", "dénoncer", "L'association")
    assert q.text == "des « abus manifestes »"


def test_a_body_s_one_word_name_after_its_noun_is_not_the_speaker_s_read_on_the_words(found):
    q = reported(found, "economy.txt", "un « compromis utile »", "se féliciter", "Le président du groupe LR")
    assert q.speaker.name == "Le président du groupe LR"


def test_words_in_marks_closing_a_headline_are_a_quotation_with_no_speaker(found):
    q = quote(found, "headline_words.txt", "Nous n'avons pas le choix")
    assert q.type == "direct" and q.speaker is None and q.cue is None


def test_an_infinitive_after_a_phrase_between_commas_read_on_the_words(found):
    q = reported(found, "parenthetical.txt", "ne pas avoir identifié", "dire", "les enquêteurs")
    assert q.text == "ne pas avoir identifié l'auteur des tirs"


def test_a_reporting_verb_the_tagger_reads_as_a_noun_or_an_adjective_is_read_again(found):
    """« La direction juge le mouvement « … » », « Le syndicat critique « … » »: the sentence parsed
    again with the verb's tags (service/quotes/parse/retagging.py)."""
    reported(found, "misread_verbs.txt", "le mouvement « disproportionné »", "juger", "La direction")
    reported(found, "misread_verbs.txt", "une méthode brutale", "critiquer", "Le syndicat majoritaire")
    reported(found, "misread_verbs.txt", "le dialogue n'est pas rompu", "noter", "Hélène Vasseur")
    reported(found, "misread_verbs.txt", "la situation « préoccupante »", "juger", "Le préfet")
    threat = reported(found, "misread_verbs.txt", "saisir le tribunal", "menacer", "Le collectif des usagers")
    assert threat.type == "indirect"


def test_a_second_verb_after_a_quoted_object_is_the_speaker_s_next_act(found):
    """« réclame « … » et menace de … », « salue « … », puis invite … », « dénonce « … » et demande … »:
    the quotation ends with its marks, and no incise is read after « , puis »."""
    for starts, lemma, speaker in (("des bus toutes les dix minutes", "réclamer", "Le collectif des usagers"),
                                   ("un premier pas", "saluer", "L'adjoint"),
                                   ("une gestion opaque", "dénoncer", "Un conseiller municipal")):
        q = reported(found, "misread_verbs.txt", starts, lemma, speaker)
        assert q.type == "direct" and q.text == starts
    assert len(quotes_of(found, "misread_verbs.txt")[1]) == 9


def test_a_verb_after_the_passage_with_its_subject_before_is_no_incise(found):
    """« Les chauffeurs, qui dénoncent « … », appellent à … »: the relative clause's verb reports."""
    reported(found, "misread_verbs.txt", "des cadences intenables", "dénoncer", "Les chauffeurs")


def tagged(*pairs, finite=()):
    """A Stanza sentence of (text, upos) pairs, the words in `finite` with finite-verb features."""
    import stanza

    words = [{"id": i, "text": text, "upos": upos,
              "feats": "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin" if text in finite else None}
             for i, (text, upos) in enumerate(pairs, 1)]
    return stanza.Document([words]).sentences[0]


@pytest.mark.parametrize("pairs, finite, expected", [
    ((("La", "DET"), ("direction", "NOUN"), ("juge", "NOUN"), ("le", "DET"), ("plan", "NOUN")), (), "juger"),
    ((("Le", "DET"), ("gouvernement", "NOUN"), ("français", "ADJ"), ("critique", "ADJ"), ("«", "PUNCT"),
      ("un", "DET"), ("texte", "NOUN"), ("»", "PUNCT")), (), "critiquer"),
    ((("La", "DET"), ("maire", "NOUN"), (",", "PUNCT"), ("Anne", "PROPN"), (",", "PUNCT"), ("note", "NOUN"),
      ("pour", "ADP"), ("sa", "DET"), ("part", "NOUN"), ("que", "SCONJ"), ("rien", "PRON"), ("ne", "ADV"),
      ("change", "VERB")), ("change",), "noter"),
    ((("Le", "DET"), ("juge", "NOUN"), ("Martin", "PROPN"), ("examinera", "VERB"), ("la", "DET"),
      ("demande", "NOUN")), ("examinera",), None),
    ((("La", "DET"), ("critique", "NOUN"), ("de", "ADP"), ("la", "DET"), ("réforme", "NOUN")), (), None),
    ((("Une", "DET"), ("note", "NOUN"), ("interne", "ADJ"), ("le", "PRON"), ("confirme", "VERB")), ("confirme",),
     None),
    ((("Le", "DET"), ("ministre", "NOUN"), ("juge", "NOUN"), ("de", "ADP"), ("paix", "NOUN")), (), None),
    ((("L'", "DET"), ("ancien", "ADJ"), ("juge", "NOUN"), ("le", "DET"), ("dit", "NOUN")), (), None),
])
def test_which_nouns_and_adjectives_are_read_as_reporting_verbs(pairs, finite, expected):
    from service.quotes.cues.verbs import default_lexicon
    from service.quotes.parse.retagging import misread_verbs

    found = misread_verbs(tagged(*pairs, finite=finite), default_lexicon())
    assert [infinitive for _, infinitive in found] == ([expected] if expected else [])


def test_a_narrative_infinitive_speaks_for_the_person_the_sentence_before_speaks_of(found):
    """« Avant d'ajouter : « … » » after a quotation, « Et de promettre : « … » » after a sentence whose
    subject is a person (who is not the last one quoted)."""
    added = quote(found, "narrative_infinitives.txt", "Il nous a manqué")
    assert added.cue.lemma == "ajouter" and added.speaker.name == "Marc Olivier"
    promised = quote(found, "narrative_infinitives.txt", "Nous reviendrons")
    assert promised.cue.lemma == "promettre" and promised.speaker.name == "Julie Ferrand"


def test_a_title_adjective_in_ant_keeps_the_name_with_its_title(found):
    """« le maire sortant Bernard Leclerc »: « sortant » read as the verb « sortir » took the name for its
    object (service/quotes/parse/retagging.py)."""
    answered = quote(found, "titles.txt", "Je respecte")
    assert answered.speaker.name == "Bernard Leclerc" and answered.speaker.resolved_by == "pronoun"
    denounced = quote(found, "titles.txt", "une campagne")
    assert denounced.speaker.name == "Anne Roux"


@pytest.mark.parametrize("pairs, expected", [
    ((("le", "DET"), ("maire", "NOUN"), ("sortant", "VERB"), ("Paul", "PROPN"), ("Martin", "PROPN")), ["sortant"]),
    ((("la", "DET"), ("présidente", "NOUN"), ("sortante", "VERB"), ("Anne", "PROPN")), ["sortante"]),
    ((("les", "DET"), ("élus", "NOUN"), ("sortant", "VERB"), ("de", "ADP"), ("la", "DET"), ("salle", "NOUN")), []),
    ((("en", "ADP"), ("sortant", "VERB"), ("Paul", "PROPN"), ("Martin", "PROPN")), []),
])
def test_which_participles_are_title_adjectives(pairs, expected):
    from service.quotes.parse.retagging import retag_as_adjective, title_participles

    found = title_participles(tagged(*pairs))
    assert [word.text for word in found] == expected
    for word in found:
        retag_as_adjective(word)
        assert word.upos == "ADJ" and word.lemma == "sortant"


def test_an_attribute_in_marks_the_parse_hangs_on_the_object_s_last_noun(found):
    """« tout en jugeant le programme de sa rivale « irréaliste » »: the attribute of the whole object."""
    judged = reported(found, "titles.txt", "le programme de sa rivale", "juger", "Bernard Leclerc")
    assert judged.type == "mixed" and judged.text == "le programme de sa rivale « irréaliste »"


def test_a_passage_is_the_one_the_next_sentence_says_it_came_from(found):
    """« « C'est inacceptable ! » La réaction de la première adjointe, Sophie Bret, n'a pas tardé. »"""
    q = quote(found, "titles.txt", "C'est inacceptable")
    assert q.speaker.name == "Sophie Bret" and q.cue is None


def test_a_en_croire_frames_a_source_as_selon_does(found):
    """« À en croire X, … » and « …, à en croire X »; « à en croire la rumeur » names no source."""
    opening = reported(found, "croire.txt", "les travaux seront terminés", "selon", "le porte-parole de la mairie")
    assert opening.cue.text == "À en croire" and opening.type == "indirect"
    reported(found, "croire.txt", "Le chantier prendra", "selon", "plusieurs riverains")
    assert not [q for q in quotes_of(found, "croire.txt")[1] if "calendrier" in q.text]


def test_an_asking_participle_before_a_subject_is_that_subject_s(found):
    """« Questionné sur le budget, l'adjoint a répondu : « … » »: the one asked is the clause's subject."""
    q = quote(found, "croire.txt", "Nous tiendrons")
    assert q.speaker.name == "l'adjoint"


def test_ruling_out_an_object_with_words_in_marks_is_a_mixed_quotation(found):
    """« n'a pas exclu une « riposte mesurée » »; an object with no marks stays the writer's words."""
    q = reported(found, "more_verbs.txt", "une « riposte mesurée »", "exclure", "Le porte-parole de l'état-major")
    assert q.type == "mixed"


@pytest.mark.parametrize("starts, source", [
    ("Rien n'est encore tranché", "Matignon"),
    ("Le président ne cédera pas", "l'Élysée"),
    ("Le texte devrait être présenté", "ministère du Travail"),
    ("La décision sera rapide", "l'entourage de la Première ministre"),
])
def test_an_impersonal_on_speaks_for_the_place_named_after_it(found, starts, source):
    """« explique-t-on à Matignon », « fait-on savoir à l'Élysée », « assure-t-on au ministère »."""
    q = quote(found, "impersonal_on.txt", starts)
    assert q.speaker.name == source and q.speaker.resolved_by == "inversion"


def test_what_the_newsroom_learnt_from_a_source_is_that_source_s(found):
    """« …, a-t-on appris de source municipale »: the source, not « de source municipale »."""
    q = quote(found, "croire.txt", "Deux entreprises se sont retirées")
    assert q.speaker.name == "source municipale" and q.speaker.resolved_by == "selon"


def test_a_clause_with_a_person_subject_before_a_colon_introduces_the_words(found):
    """« Le footballeur … règle ses comptes … : « … » », « L'arbitre … a été clair : « … » »: person nouns
    of sport and trades (data) name someone."""
    assert quote(found, "sport_people.txt", "On ne m'a jamais").speaker.name == "Le footballeur"
    assert quote(found, "sport_people.txt", "Les images confirment").speaker.name == "L'arbitre de la rencontre"


def test_an_object_then_the_verb_s_a_or_de_phrase_in_marks(found):
    """« a appelé la population à « la plus grande prudence » et demandé … », « accuse la maire de
    « négligence » … »: object and phrase, one mixed quotation, ending before the coordinated verb."""
    called = reported(found, "floods.txt", "la population à", "appeler", "Le préfet du département")
    assert called.text == "la population à « la plus grande prudence »"
    reported(found, "floods.txt", "ne pas prendre la route", "demander", "Le préfet du département")
    accused = reported(found, "floods.txt", "la maire de « négligence »", "accuser", "L'opposition municipale")
    assert accused.type == "mixed"


def test_a_time_phrase_after_an_inverted_subject_is_no_part_of_it(found):
    """« avait prévenu une conseillère d'opposition la semaine dernière »."""
    q = quote(found, "floods.txt", "Je voterai contre")
    assert q.speaker.mention.text == "une conseillère d'opposition"
