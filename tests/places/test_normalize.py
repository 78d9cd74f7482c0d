from civicatlas.places.normalize import key, script_ok, tokens


def test_key_joins_tokens_and_splits_apostrophes():
    assert key("Côte d'Ivoire") == "cote d ivoire"
    assert key("Port-Vila") == "port-vila"
    assert key("  New   York ") == "new york"


def test_tokens_keep_offsets():
    text = "Bristol’s unique"
    toks = tokens(text)
    assert [t for _, _, t in toks] == ["Bristol", "s", "unique"]
    s, e, _ = toks[0]
    assert text[s:e] == "Bristol"


def test_script_filter():
    assert script_ok("Київ") and script_ok("Αθήνα") and script_ok("Lodz")
    assert not script_ok("東京")
