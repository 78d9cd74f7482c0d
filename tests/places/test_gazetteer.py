"""The compiled gazetteer's tables: every key gives its entries, in order, a word that is no key gives none; every entry
gives its name; region codes are kept once; a missing one is built by another interpreter."""

from __future__ import annotations

import pickle

import pytest

from civicatlas.places.gazetteer import Names, Strings


def test_names_give_each_keys_entries_main_and_alternate_in_order() -> None:
    built = {"lund": 12, "malmo": (3, ~40), "växjö": ~7, "saint-étienne": (5, 6, ~8), "": 0}
    names = pickle.loads(pickle.dumps(Names(built)))  # as the cache file keeps it
    assert len(names) == 5
    for key, value in built.items():
        assert names.get(key) == ((value,) if isinstance(value, int) else value) and key in names
    assert names.get("lun") is None and "lundx" not in names and "vaxjo" not in names


def test_the_loaded_gazetteer_reads_its_names(parser) -> None:
    g = parser.g
    assert isinstance(g.names, Names) and len(g.names) > 100_000
    assert any(g.entry(i).country == "SE" for i, _ in g.lookup("umea")) and g.lookup("no such place here") == []


def test_the_loaded_gazetteer_keeps_each_region_code_once(parser) -> None:
    # ~287k entries name ~900 first-level regions: one string each, not one per entry (14 MB)
    codes = parser.g.admin1
    assert len({id(c) for c in codes}) == len(set(codes)) < 2_000


def test_strings_give_each_entrys_name() -> None:
    names = ["Umeå", "", "Saint-Étienne", "東京", "Łódź"]
    table = pickle.loads(pickle.dumps(Strings(names)))  # as the cache file keeps it
    assert len(table) == 5 and [table[i] for i in range(5)] == names


def test_a_missing_gazetteer_is_built_by_another_interpreter(tmp_path, monkeypatch) -> None:
    # a process that built it itself kept ~650 MB of the packages' data for the rest of its run
    from civicatlas.places import gazetteer

    monkeypatch.setenv("CIVICATLAS_CACHE", str(tmp_path))
    monkeypatch.setattr(gazetteer, "_loaded", None)
    monkeypatch.setattr(gazetteer, "build", lambda: pytest.fail("the gazetteer was built in the loading process"))
    g = gazetteer.load()
    assert gazetteer.cache_path().parent == tmp_path and gazetteer.cache_path().exists()
    assert len(g.names) > 100_000 and any(g.entry(i).country == "SE" for i, _ in g.lookup("umea"))
