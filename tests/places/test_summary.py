from civicatlas.places.summary import first_city, main_country


def test_main_country_and_first_city(parser):
    res = parser.parse("Residents of Porto Alegre, Brazil, set the city budget.", "en")
    assert main_country(res) == "BR" and first_city(res) == "Porto Alegre"
    assert main_country([]) is None and first_city([]) is None


def test_no_country_when_two_are_named_alike(parser):
    res = parser.parse("A partnership between Germany and France.", "en")
    assert main_country(res) is None
