"""Money amounts: values in units, ISO 4217 codes, qualifiers, ranges, subunits."""

from __future__ import annotations

import pytest

from civicatlas.numerals.money import find_amounts


def _one(text: str, lang: str) -> tuple[str, float, str | None, str, float | None]:
    (a,) = find_amounts(text, lang)
    return text[a.start : a.end], a.value, a.currency, a.qualifier, a.value_max


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("värda över 18 miljoner kronor av", "sv", ("över 18 miljoner kronor", 18e6, "SEK", "more_than", None)),
        ("Budgeten är elva miljoner kronor.", "sv", ("elva miljoner kronor", 11e6, "SEK", "exact", None)),
        ("Stödet är 5 MSEK per år", "sv", ("5 MSEK", 5e6, "SEK", "exact", None)),
        ("cirka 300 mkr", "sv", ("cirka 300 mkr", 3e8, "SEK", "about", None)),
        ("a grant of two million dollars", "en", ("two million dollars", 2e6, "USD", "exact", None)),
        ("more than $48.2 million", "en", ("more than $48.2 million", 48.2e6, "USD", "more_than", None)),
        ("up to €250,000", "en", ("up to €250,000", 250_000, "EUR", "up_to", None)),
        ("£5m for the city", "en", ("£5m", 5e6, "GBP", "exact", None)),
        ("über zwei Millionen Euro", "de", ("über zwei Millionen Euro", 2e6, "EUR", "more_than", None)),
        ("etwa 2,5 Mio. €", "de", ("etwa 2,5 Mio. €", 2.5e6, "EUR", "about", None)),
        ("plus de 75 millions de dollars", "fr", ("plus de 75 millions de dollars", 75e6, "USD", "more_than", None)),
        ("environ 1 200 000 €", "fr", ("environ 1 200 000 €", 1.2e6, "EUR", "about", None)),
        ("más de 3 millones de euros", "es", ("más de 3 millones de euros", 3e6, "EUR", "more_than", None)),
        ("1,5 milioni di euro", "it", ("1,5 milioni di euro", 1.5e6, "EUR", "exact", None)),
        ("10 milhões de reais", "pt", ("10 milhões de reais", 1e7, "BRL", "exact", None)),
        ("100 000 złotych", "pl", ("100 000 złotych", 100_000, "PLN", "exact", None)),
        ("2 mln hryvnias", "en", ("2 mln hryvnias", 2e6, "UAH", "exact", None)),
        ("CHF 10 000", "de", ("CHF 10 000", 10_000, "CHF", "exact", None)),
        ("HK$ 5 million", "en", ("HK$ 5 million", 5e6, "HKD", "exact", None)),
        ("zwei Millionen kanadische Dollar", "de", ("zwei Millionen kanadische Dollar", 2e6, "CAD", "exact", None)),
        ("10–15 miljoner kronor", "sv", ("10–15 miljoner kronor", 10e6, "SEK", "range", 15e6)),
        ("between €5m and €10m", "en", ("€5m and €10m", 5e6, "EUR", "range", 10e6)),
        ("15 dollars and 50 cents", "en", ("15 dollars and 50 cents", 15.5, "USD", "exact", None)),
        ("50 öre", "sv", ("50 öre", 0.5, "SEK", "exact", None)),
        ("3 euros con 99 céntimos", "es", ("3 euros con 99 céntimos", 3.99, "EUR", "exact", None)),
    ],
)
def test_amounts(text: str, lang: str, expected: tuple) -> None:
    got = _one(text, lang)
    assert got[0] == expected[0] and got[2:4] == expected[2:4]
    assert got[1] == pytest.approx(expected[1])
    assert (got[4] is None and expected[4] is None) or got[4] == pytest.approx(expected[4])


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Sex kommuner delar på 11 miljoner för demokratiprojekt", "sv"),  # no currency: not money
        ("28 projects in 2019", "en"),
        ("top 10 cities and ALL 5 of them", "en"),  # codes that are words
        ("a unit of account", "en"),
    ],
)
def test_not_money(text: str, lang: str) -> None:
    assert find_amounts(text, lang) == []


def test_kr_follows_the_language() -> None:
    assert _one("500 kr", "sv")[2] == "SEK"
    assert _one("500 kr", "da")[2] == "DKK"
    assert _one("500 kr", "nb")[2] == "NOK"


def test_currency_words_before_punctuation() -> None:
    assert _one("Det kostar 25 cent.", "nl")[1:3] == (0.25, "EUR")
    assert _one("Priset: 300 kronor.", "sv")[1:3] == (300, "SEK")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # number words, compounds and halves
        ("It costs twenty-five dollars.", "en", ("twenty-five dollars", 25, "USD", "exact", None)),
        ("dreihundert Euro", "de", ("dreihundert Euro", 300, "EUR", "exact", None)),
        ("vingt-cinq euros", "fr", ("vingt-cinq euros", 25, "EUR", "exact", None)),
        ("soixante et onze euros", "fr", ("soixante et onze euros", 71, "EUR", "exact", None)),
        ("tweeduizend euro", "nl", ("tweeduizend euro", 2000, "EUR", "exact", None)),
        ("ettusen kronor", "sv", ("ettusen kronor", 1000, "SEK", "exact", None)),
        ("dois mil e quinhentos reais", "pt", ("dois mil e quinhentos reais", 2500, "BRL", "exact", None)),
        ("um milhão e duzentos mil reais", "pt", ("um milhão e duzentos mil reais", 1.2e6, "BRL", "exact", None)),
        ("veintidós euros", "es", ("veintidós euros", 22, "EUR", "exact", None)),
        ("half a million dollars", "en", ("half a million dollars", 5e5, "USD", "exact", None)),
        ("a quarter of a million pounds", "en", ("a quarter of a million pounds", 2.5e5, "GBP", "exact", None)),
        ("one and a half million dollars", "en", ("one and a half million dollars", 1.5e6, "USD", "exact", None)),
        ("two point five million dollars", "en", ("two point five million dollars", 2.5e6, "USD", "exact", None)),
        ("eineinhalb Millionen Euro", "de", ("eineinhalb Millionen Euro", 1.5e6, "EUR", "exact", None)),
        ("eine halbe Million Euro", "de", ("eine halbe Million Euro", 5e5, "EUR", "exact", None)),
        ("anderhalf miljoen euro", "nl", ("anderhalf miljoen euro", 1.5e6, "EUR", "exact", None)),
        ("un million et demi d'euros", "fr", ("un million et demi d'euros", 1.5e6, "EUR", "exact", None)),
        ("medio millón de euros", "es", ("medio millón de euros", 5e5, "EUR", "exact", None)),
        ("un milione e mezzo di euro", "it", ("un milione e mezzo di euro", 1.5e6, "EUR", "exact", None)),
        ("meio milhão de reais", "pt", ("meio milhão de reais", 5e5, "BRL", "exact", None)),
        ("en och en halv miljon kronor", "sv", ("en och en halv miljon kronor", 1.5e6, "SEK", "exact", None)),
        # abbreviated scales
        ("the budget of $2.5bn", "en", ("$2.5bn", 2.5e9, "USD", "exact", None)),
        ("a $1.5-billion deal", "en", ("$1.5-billion", 1.5e9, "USD", "exact", None)),
        ("1,5 Mrd. Euro", "de", ("1,5 Mrd. Euro", 1.5e9, "EUR", "exact", None)),
        ("€1,5 mld", "nl", ("€1,5 mld", 1.5e9, "EUR", "exact", None)),
        ("$3.2 mn", "en", ("$3.2 mn", 3.2e6, "USD", "exact", None)),
        ("R$ 3 bi", "pt", ("R$ 3 bi", 3e9, "BRL", "exact", None)),
        ("10 mdd", "es", ("10 mdd", 1e7, "USD", "exact", None)),
        ("2,5 mdr kr", "sv", ("2,5 mdr kr", 2.5e9, "SEK", "exact", None)),
        ("2 hundred dollars", "en", ("2 hundred dollars", 200, "USD", "exact", None)),
        ("5 lakh rupees", "en", ("5 lakh rupees", 5e5, "INR", "exact", None)),
        # slang in standard usage, subunits, signs
        ("It was 5 bucks", "en", ("5 bucks", 5, "USD", "exact", None)),
        ("I lent him 20 quid", "en", ("20 quid", 20, "GBP", "exact", None)),
        ("It cost 50p", "en", ("50p", 0.5, "GBP", "exact", None)),
        ("25¢ each", "en", ("25¢", 0.25, "USD", "exact", None)),
        ("It was 10 euro cents", "en", ("10 euro cents", 0.1, "EUR", "exact", None)),
        ("10 Euro-Cent", "de", ("10 Euro-Cent", 0.1, "EUR", "exact", None)),
        ("50 cêntimos", "pt", ("50 cêntimos", 0.5, "EUR", "exact", None)),
        ("200 pounds sterling", "en", ("200 pounds sterling", 200, "GBP", "exact", None)),
        ("a loss of -$500", "en", ("-$500", -500, "USD", "exact", None)),
        ("−€20", "en", ("−€20", -20, "EUR", "exact", None)),
        # codes and symbols before or after, glued or not
        ("USD1,000", "en", ("USD1,000", 1000, "USD", "exact", None)),
        ("EUR10m", "en", ("EUR10m", 1e7, "EUR", "exact", None)),
        ("a 3 million usd grant", "en", ("3 million usd", 3e6, "USD", "exact", None)),
        ("Fr. 5", "de", ("Fr. 5", 5, "CHF", "exact", None)),
        ("Rs. 500", "en", ("Rs. 500", 500, "INR", "exact", None)),
        ("ƒ 10", "nl", ("ƒ 10", 10, "NLG", "exact", None)),
        ("10 000 $ US", "fr", ("10 000 $ US", 10_000, "USD", "exact", None)),
        ("10 $CA", "fr", ("10 $CA", 10, "CAD", "exact", None)),
        ("Prezzo: euro 1.200,00", "it", ("euro 1.200,00", 1200, "EUR", "exact", None)),
        ("Euro 10", "en", ("Euro 10", 10, "EUR", "exact", None)),
        # prices without cents, and three-digit groups that money never has as decimals
        ("1.000,- €", "de", ("1.000,- €", 1000, "EUR", "exact", None)),
        ("€ 10.000,-", "nl", ("€ 10.000,-", 10_000, "EUR", "exact", None)),
        ("Pris 10:-", "sv", ("10:-", 10, "SEK", "exact", None)),
        ("US$ 1,500", "es", ("US$ 1,500", 1500, "USD", "exact", None)),
        ("€1.500", "en", ("€1.500", 1500, "EUR", "exact", None)),
        ("0,125 €", "fr", ("0,125 €", 0.125, "EUR", "exact", None)),
        # currencies by language: historic ones of the language's country
        ("10 pesetas", "es", ("10 pesetas", 10, "ESP", "exact", None)),
        # ranges whose currency is written once
        ("$5-10 million", "en", ("$5-10 million", 5e6, "USD", "range", 1e7)),
        ("€5 to 10m", "en", ("€5 to 10m", 5e6, "EUR", "range", 1e7)),
        ("between $5 and $10 million", "en", ("$5 and $10 million", 5e6, "USD", "range", 1e7)),
    ],
)
def test_amounts_in_many_forms(text: str, lang: str, expected: tuple) -> None:
    test_amounts(text, lang, expected)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("he won 5 medals", "en"),  # a currency name that is a common word is not read before digits
        ("paid in USD. 500 people came", "en"),  # a code ending a sentence
        ("5 p.m.", "en"),
        ("half a million people", "en"),
    ],
)
def test_more_not_money(text: str, lang: str) -> None:
    assert find_amounts(text, lang) == []


def test_name_of_one_amount_is_not_the_prefix_of_the_next() -> None:
    got = [(a.value, a.currency) for a in find_amounts("10 euros 5 times", "en")]
    assert got == [(10, "EUR")]


def test_range_bounds_are_kept() -> None:
    (a,) = find_amounts("€5m to €10m", "en")
    assert (a.low_end, a.high_start) == (3, 7)
    (b,) = find_amounts("10–15 miljoner kronor", "sv")
    assert b.low_end is None and b.high_start == 3


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # names and symbols CLDR lacks, or that one language reads its own way
        ("5 miljoen euro's subsidie", "nl", ("5 miljoen euro's", 5e6, "EUR", "exact", None)),
        ("fl. 100", "nl", ("fl. 100", 100, "NLG", "exact", None)),
        ("AU$5 million", "en", ("AU$5 million", 5e6, "AUD", "exact", None)),
        ("SG$ 10", "en", ("SG$ 10", 10, "SGD", "exact", None)),
        ("EC$ 5", "en", ("EC$ 5", 5, "XCD", "exact", None)),  # CLDR's own "EC$" stays the Caribbean dollar
        ("Sfr. 10", "en", ("Sfr. 10", 10, "CHF", "exact", None)),
        ("RMB 100 million", "en", ("RMB 100 million", 1e8, "CNY", "exact", None)),
        ("10 millions de francs CFA", "fr", ("10 millions de francs CFA", 1e7, "XOF", "exact", None)),
        ("100 DH", "fr", ("100 DH", 100, "MAD", "exact", None)),
        ("50 cts", "fr", ("50 cts", 0.5, "EUR", "exact", None)),
        ("50 dollars US", "fr", ("50 dollars US", 50, "USD", "exact", None)),
        ("50 dollari USA", "it", ("50 dollari USA", 50, "USD", "exact", None)),
        ("100 lire", "it", ("100 lire", 100, "ITL", "exact", None)),
        ("100 lire italiane", "it", ("100 lire italiane", 100, "ITL", "exact", None)),
        ("100 escudos", "pt", ("100 escudos", 100, "PTE", "exact", None)),
        ("100 MT", "pt", ("100 MT", 100, "MZN", "exact", None)),
        ("50 dólares norte-americanos", "pt", ("50 dólares norte-americanos", 50, "USD", "exact", None)),
        ("100 dlls.", "es", ("100 dlls", 100, "USD", "exact", None)),
        ("S/. 100", "es", ("S/. 100", 100, "PEN", "exact", None)),
        ("1.000 ptas", "es", ("1.000 ptas", 1000, "ESP", "exact", None)),
        ("100 FF", "fr", ("100 FF", 100, "FRF", "exact", None)),
        ("L. 10.000", "it", ("L. 10.000", 10_000, "ITL", "exact", None)),
        ("100 U.S. dollars", "en", ("100 U.S. dollars", 100, "USD", "exact", None)),
        ("100 American dollars", "en", ("100 American dollars", 100, "USD", "exact", None)),
        ("Can$10", "en", ("Can$10", 10, "CAD", "exact", None)),
        ("100 renminbi", "en", ("100 renminbi", 100, "CNY", "exact", None)),
        ("10 million Swedish crowns", "en", ("10 million Swedish crowns", 1e7, "SEK", "exact", None)),
        ("100 Russian roubles", "en", ("100 Russian roubles", 100, "RUB", "exact", None)),
        ("100 Israeli shekels", "en", ("100 Israeli shekels", 100, "ILS", "exact", None)),
        # subunits
        ("99 ct", "nl", ("99 ct", 0.99, "EUR", "exact", None)),
        ("50 paise", "en", ("50 paise", 0.5, "INR", "exact", None)),
        ("20 pesewas", "en", ("20 pesewas", 0.2, "GHS", "exact", None)),
        ("5 pennia", "en", ("5 pennia", 0.05, "FIM", "exact", None)),
        # scales, fractions and groupings
        ("R$ 3 trilhões", "pt", ("R$ 3 trilhões", 3e12, "BRL", "exact", None)),
        ("Rs 5,00,000", "en", ("Rs 5,00,000", 5e5, "INR", "exact", None)),
        ("1½ million dollars", "en", ("1½ million dollars", 1.5e6, "USD", "exact", None)),
        ("1 1/2 million dollars", "en", ("1 1/2 million dollars", 1.5e6, "USD", "exact", None)),
        # French prices with the cents after the symbol
        ("le menu à 12€50", "fr", ("12€50", 12.5, "EUR", "exact", None)),
        ("Prix : 3 € 99.", "fr", ("3 € 99", 3.99, "EUR", "exact", None)),
        # a name after "$" says which dollar-sign currency it is
        ("$ 500 pesos", "es", ("$ 500 pesos", 500, "MXN", "exact", None)),
        # a country after "$" in French and Spanish: code, abbreviation or adjective
        ("10 000 $ CAN", "fr", ("10 000 $ CAN", 10_000, "CAD", "exact", None)),
        ("10 000 $CAN", "fr", ("10 000 $CAN", 10_000, "CAD", "exact", None)),
        ("CDN$ 50", "en", ("CDN$ 50", 50, "CAD", "exact", None)),
        ("10 000 $ canadiens", "fr", ("10 000 $ canadiens", 10_000, "CAD", "exact", None)),
        ("10.000 $ canadienses", "es", ("10.000 $ canadienses", 10_000, "CAD", "exact", None)),
    ],
)
def test_amounts_written_the_local_way(text: str, lang: str, expected: tuple) -> None:
    test_amounts(text, lang, expected)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("tens of millions of dollars", "en"),
        ("millions of dollars were spent", "en"),
        ("several thousand dollars", "en"),
        ("des dizaines de millions d'euros", "fr"),
        ("cientos de millones de euros", "es"),
        ("varios millones de euros", "es"),
        ("vários milhões de euros", "pt"),
        ("centinaia di milioni di euro", "it"),
        ("milhões de reais", "pt"),
        ("Millionen Euro", "de"),
    ],
)
def test_vague_quantities_are_not_amounts(text: str, lang: str) -> None:
    assert find_amounts(text, lang) == []


def test_a_word_after_a_dollar_sign_is_no_adjective_unless_it_names_a_dollar() -> None:
    (a,) = find_amounts("10 000 $ pour le projet", "fr")
    assert (a.end, a.currency) == (8, "USD")


def test_ct_is_a_cent_only_where_it_is_written_so() -> None:
    assert find_amounts("24 ct gold", "en") == []  # carats


def test_cents_after_a_symbol_only_where_the_price_ends() -> None:
    # "5 € 20 personnes": twenty people, not 5.20 euros
    assert [(a.value, a.currency) for a in find_amounts("5 € 20 personnes", "fr")] == [(5, "EUR")]
    # English writes the symbol first: "€2 50" is no price with cents
    assert [(a.value, a.currency) for a in find_amounts("€2 50", "en")] == [(2, "EUR")]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("5 pounds of sugar", "en"),  # weight
        ("he weighs 200 pounds", "en"),
        ("5 real estate deals", "en"),  # "real" alone is an adjective outside Portuguese
        ("el Real Decreto 5 real", "es"),
    ],
)
def test_words_that_only_look_like_currencies(text: str, lang: str) -> None:
    assert find_amounts(text, lang) == []


def test_millions_of_pounds_and_reais_stay_money() -> None:
    assert [(a.value, a.currency) for a in find_amounts("5 million pounds of funding", "en")] == [(5e6, "GBP")]
    assert [(a.value, a.currency) for a in find_amounts("custou 1 real", "pt")] == [(1, "BRL")]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # colloquial English, fractions of a unit, hyphenated halves
        ("I paid five grand for the car.", "en", ("five grand", 5000, "USD", "exact", None)),
        ("He earns 50 grand a year.", "en", ("50 grand", 50_000, "USD", "exact", None)),
        ("It cost a grand.", "en", ("a grand", 1000, "USD", "exact", None)),
        ("It cost half a dollar.", "en", ("half a dollar", 0.5, "USD", "exact", None)),
        ("It costs a dollar and a half.", "en", ("a dollar and a half", 1.5, "USD", "exact", None)),
        ("The fee is a rupee.", "en", ("a rupee", 1.0, "INR", "exact", None)),
        ("It costs a nickel.", "en", ("a nickel", 0.05, "USD", "exact", None)),
        ("It cost a fiver.", "en", ("a fiver", 5.0, "GBP", "exact", None)),
        ("The taxi was 20 kuai.", "en", ("20 kuai", 20.0, "CNY", "exact", None)),
        ("A bun is 5 jiao.", "en", ("5 jiao", 0.5, "CNY", "exact", None)),
        ("It costs 75 ¢.", "en", ("75 ¢", 0.75, "USD", "exact", None)),
        ("Cuesta 5 MDP.", "es", ("5 MDP", 5e6, "MXN", "exact", None)),
        ("Cela coûte 100 reais.", "fr", ("100 reais", 100.0, "BRL", "exact", None)),
        ("It cost 70 Taiwan dollars.", "en", ("70 Taiwan dollars", 70.0, "TWD", "exact", None)),
        ("It cost 5000 Korean won.", "en", ("5000 Korean won", 5000.0, "KRW", "exact", None)),
        ("Custa um real.", "pt", ("um real", 1.0, "BRL", "exact", None)),
        ("Ça coûte deux euros et demi.", "fr", ("deux euros et demi", 2.5, "EUR", "exact", None)),
        ("two-and-a-half million dollars", "en", ("two-and-a-half million dollars", 2.5e6, "USD", "exact", None)),
        ("It cost $5 and 50 cents.", "en", ("$5 and 50 cents", 5.5, "USD", "exact", None)),
        ("It cost 5 euro cents.", "en", ("5 euro cents", 0.05, "EUR", "exact", None)),
        # a word before "$" is no country prefix unless it is one
        ("The pay was $15/hour.", "en", ("$15", 15, "USD", "exact", None)),
        ("It cost us $5 each.", "en", ("$5", 5, "USD", "exact", None)),
        ("It cost U.S. $100.", "en", ("U.S. $100", 100, "USD", "exact", None)),
        ("Tickets 15 EUR/person.", "en", ("15 EUR", 15, "EUR", "exact", None)),
        ("Det kostar 25 000 kr/månad.", "sv", ("25 000 kr", 25_000, "SEK", "exact", None)),
        # current currencies over old ones of the same name; a language's own former currency
        ("He paid 100 roubles.", "en", ("100 roubles", 100, "RUB", "exact", None)),
        ("He paid 100 leva.", "en", ("100 leva", 100, "BGN", "exact", None)),
        ("He paid 100 reais.", "en", ("100 reais", 100, "BRL", "exact", None)),
        ("In 1995 was het 10 gulden.", "nl", ("10 gulden", 10, "NLG", "exact", None)),
        ("De prijs was 2,50 gld.", "nl", ("2,50 gld", 2.5, "NLG", "exact", None)),
        ("Das kostet 100 Schilling.", "de", ("100 Schilling", 100, "ATS", "exact", None)),
        # qualifiers before and after
        ("It costs as much as $1 billion.", "en", ("as much as $1 billion", 1e9, "USD", "up_to", None)),
        ("No more than $5.", "en", ("No more than $5", 5, "USD", "up_to", None)),
        ("Close to $5 million.", "en", ("Close to $5 million", 5e6, "USD", "about", None)),
        ("It costs $5 or more.", "en", ("$5 or more", 5, "USD", "more_than", None)),
        ("It costs $5+ per month.", "en", ("$5+", 5, "USD", "more_than", None)),
        ("Het kost minimaal 200 euro.", "nl", ("minimaal 200 euro", 200, "EUR", "more_than", None)),
        ("Het kost hooguit 200 euro.", "nl", ("hooguit 200 euro", 200, "EUR", "up_to", None)),
        ("Het kost pakweg 200 euro.", "nl", ("pakweg 200 euro", 200, "EUR", "about", None)),
        ("Het kost rond de 200 euro.", "nl", ("rond de 200 euro", 200, "EUR", "about", None)),
        ("un peu plus de 3 M€", "fr", ("un peu plus de 3 M€", 3e6, "EUR", "more_than", None)),
        ("pas moins de 3 millions d'euros", "fr", ("pas moins de 3 millions d'euros", 3e6, "EUR", "more_than", None)),
        ("Ça coûte 5 000 euros environ.", "fr", ("5 000 euros environ", 5000, "EUR", "about", None)),
        ("intorno ai 2 milioni di euro", "it", ("intorno ai 2 milioni di euro", 2e6, "EUR", "about", None)),
        ("Det kostar 500 kr max.", "sv", ("500 kr max", 500, "SEK", "up_to", None)),
        # ranges with articles, subunits of a named currency, Scandinavian öre after a colon, Swiss ".–"
        ("tra i 5 e i 10 milioni di euro", "it", ("5 e i 10 milioni di euro", 5e6, "EUR", "range", 1e7)),
        ("dai 2 ai 3 milioni di euro", "it", ("2 ai 3 milioni di euro", 2e6, "EUR", "range", 3e6)),
        ("cincuenta céntimos de dólar", "es", ("cincuenta céntimos de dólar", 0.5, "USD", "exact", None)),
        ("20 centimes d'euro", "fr", ("20 centimes d'euro", 0.2, "EUR", "exact", None)),
        ("Det kostar 12:90 kronor per liter.", "sv", ("12:90 kronor", 12.9, "SEK", "exact", None)),
        ("Es kostet Fr. 10.–.", "de", ("Fr. 10.–", 10, "CHF", "exact", None)),
        ("Es kostet 10.– Fr.", "de", ("10.– Fr", 10, "CHF", "exact", None)),
        # a sentence's final dot is not the scale abbreviation's
        ("Het bedrag is € 2,5 mln.", "nl", ("€ 2,5 mln", 2.5e6, "EUR", "exact", None)),
        ("A prefeitura investiu R$ 1,5 mi. Depois", "pt", ("R$ 1,5 mi", 1.5e6, "BRL", "exact", None)),
    ],
)
def test_amounts_in_everyday_text(text: str, lang: str, expected: tuple) -> None:
    test_amounts(text, lang, expected)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("A multi-million dollar deal.", "en"),
        ("Het kost miljoenen euro's.", "nl"),
        ("Het kost tienduizenden euro's.", "nl"),
        ("Il comune investe qualche milione di euro.", "it"),
        ("A won match.", "en"),  # an article before a currency that is a common word
        ("A grand piano.", "en"),
        ("She won 5 grand prix.", "en"),
        ("The Euro 2024 championship.", "en"),
        ("Le 14 juillet 1789.", "fr"),  # "Le" is the leone's symbol, and the French article
        ("Le 5 scuole.", "it"),
        ("Klockan 5:50 kom 30 personer.", "sv"),
    ],
)
def test_not_money_in_everyday_text(text: str, lang: str) -> None:
    assert find_amounts(text, lang) == []


def _cldr_caches() -> None:
    from civicatlas.numerals import currency, money

    for f in (currency._tender, currency._last_day, currency._current, currency._own_symbols, currency.currencies,
              currency._dollar_symbols, currency.dollar_prefix, money._find_amounts):
        f.cache_clear()


@pytest.mark.parametrize("lev_ended", [False, True], ids=["CLDR before the euro in Bulgaria", "CLDR after it"])
def test_a_name_reads_as_its_most_recent_currency(monkeypatch: pytest.MonkeyPatch, lev_ended: bool) -> None:
    """CLDR 48 ends the lev on 2026-01-31; older CLDR has it current. Either way "leva" is BGN (the last lev),
    never BGL (1962-1999)."""
    import babel.core

    table = {t: list(entries) for t, entries in babel.core.get_global("territory_currencies").items()}
    table["BG"] = [e for e in table["BG"] if e[0] not in ("BGN", "EUR")] + (
        [("BGN", (1999, 7, 5), (2026, 1, 31), True), ("EUR", (2026, 1, 1), None, True)] if lev_ended
        else [("BGN", (1999, 7, 5), None, True)])
    monkeypatch.setitem(babel.core._global_data, "territory_currencies", table)  # loaded by get_global above
    _cldr_caches()
    try:
        assert _one("He paid 100 leva.", "en") == ("100 leva", 100, "BGN", "exact", None)
        assert _one("He paid 100 kuna.", "en")[2] == "HRK"  # ended in both: the last kuna, not the dinar
    finally:
        monkeypatch.undo()
        _cldr_caches()


def test_inconsistent_separators_are_no_amount() -> None:
    # A real US news article wrote "$1.623,427.54"; it raised ValueError instead of being skipped.
    text = "The district paid $1.623,427.54 in fees, then $2,000 more."
    assert [(text[a.start : a.end], a.value) for a in find_amounts(text, "en")] == [("$2,000", 2000)]
