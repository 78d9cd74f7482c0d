from civicatlas.evaluate.participedia import evaluate, names_place, predict


def test_names_place_uses_the_entered_names() -> None:
    row = {"description": "A forum in Porto Alegre.", "country_as_entered": "Brazil", "city": "Porto Alegre",
           "province": None}
    assert names_place(row)
    assert not names_place({**row, "description": "A forum."})


def test_predict_and_evaluate() -> None:
    rows = [
        {"description": "Residents of Porto Alegre, Brazil, set the budget.", "country": "BR",
         "country_as_entered": "Brazil", "city": "Porto Alegre", "province": None},
        {"description": "A deliberative poll was held.", "country": "CN", "country_as_entered": "China",
         "city": None, "province": None},
    ]
    res = evaluate(rows)
    assert res["cases"] == 2 and res["country_predicted"] == 1 and res["country_precision"] == 1.0
    assert res["names_a_place"] == 1 and res["country_coverage_when_named"] == 1.0
    assert res["city_precision"] == 1.0
    assert predict([]) == (None, None)
