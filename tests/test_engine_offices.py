"""Offices written in several ways (service/quotes/offices.py, service/data/offices.json)."""
import pytest

from service.quotes.resolution.offices import masculine, same_office
from service.quotes.speakers import description_key


@pytest.mark.parametrize("a, b", [
    ("le dirigeant chinois", "le président chinois"),
    ("le chef de l'État russe", "le président russe"),
    ("le chef de la diplomatie néerlandaise", "le ministre néerlandais des Affaires étrangères"),
    ("le Premier ministre britannique", "le chef du gouvernement britannique"),
    ("la cheffe de la Commission européenne", "la présidente de la Commission européenne"),
])
def test_same_office(a, b):
    assert same_office(description_key(a), description_key(b))


@pytest.mark.parametrize("a, b", [
    ("le président ukrainien", "le président russe"),          # another country
    ("le chef de la diplomatie russe", "le dirigeant russe"),  # another office
    ("le président", "le dirigeant"),                          # no qualifier: any country's
    ("le porte-parole du Kremlin", "le dirigeant du Kremlin"),  # not an office of the file
])
def test_not_the_same_office(a, b):
    assert not same_office(description_key(a), description_key(b))


def test_adjectives_compared_without_their_feminine_ending():
    assert [masculine(w) for w in ("neerlandaise", "europeenne", "allemande", "russe", "commission")] == \
        ["neerlandais", "europeen", "allemand", "russ", "commission"]
