"""Resolution through Atlas and the CLI: near copies join the case they copy, case ids stay, and human
merge/split decisions persist across re-ingest and re-resolution."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from civicatlas import Atlas
from civicatlas.cli import app
from civicatlas.ids import make_id

ARTICLE = ("Kalmar kommun lät 1 800 elever mellan 13 och 19 år fördela 2,5 miljoner kronor av kommunens budget. "
           "Under vintern lämnade unga i hela kommunen in 46 förslag, från en belyst skatepark i Smedby till gratis "
           "mensskydd på fritidsgårdarna, och Linnéuniversitetet utvärderar hur ungdomsbudgeten påverkar ungas "
           "förtroende för kommunen.")
COPY = "Nyheter från kommunen\n\n" + ARTICLE[: len(ARTICLE) * 2 // 3] + "\n\nDela sidan · Läs mer"
OTHER = ("Växjö kommun startar ett medborgarråd om klimatet med 45 slumpvis utvalda invånare som ska lämna "
         "förslag till kommunfullmäktige före sommaren.")


@pytest.fixture()
def pages(tmp_path: Path) -> dict[str, Path]:
    files = {
        "article": ARTICLE,
        "copy": COPY,
        "other": OTHER,
    }
    out = {}
    for name, text in files.items():
        out[name] = tmp_path / f"{name}.txt"
        out[name].write_text(text, encoding="utf-8")
    return out


def _cases(atlas: Atlas) -> dict[str, list[str]]:
    return {c["id"]: sorted(i["id"] for i in c["items"]) for c in atlas.cases()}


def _case_of_text(atlas: Atlas, text: str) -> dict:
    return next(c for c in atlas.cases() if any(text in i["text"] for i in c["items"]))


def test_a_near_copy_joins_the_case_it_copies_which_keeps_its_id(tmp_path: Path, pages) -> None:
    with Atlas(tmp_path / "a.db", enrichers=["language"]) as atlas:
        atlas.ingest([str(pages["article"])])
        (case_id,) = _cases(atlas)
        atlas.ingest([str(pages["copy"])])
        (case,) = list(atlas.cases())
        assert case["id"] == case_id and len(case["items"]) == 2 and len(case["sources"]) == 2
        joined = next(i for i in case["items"] if i["membership"]["reason"] != "new")
        assert joined["membership"]["reason"] == "near" and joined["membership"]["score"] >= 0.8
        assert joined["membership"]["matched"] == case["items"][0]["id"]
        history = atlas.history(joined["id"])
        assert [(h["reason"], h["actor"], h["case_id"]) for h in history] == [("near", "auto", case_id)]


def test_without_vectors_no_cross_lingual_link_is_claimed(tmp_path: Path) -> None:
    sv, en = tmp_path / "sv.txt", tmp_path / "en.txt"
    sv.write_text(ARTICLE, encoding="utf-8")
    en.write_text("Kalmar Municipality let 1,800 students aged 13 to 19 allocate SEK 2.5 million of the municipal "
                  "budget; young people submitted 46 proposals.", encoding="utf-8")
    with Atlas(tmp_path / "a.db", enrichers=["language"]) as atlas:
        atlas.ingest([str(sv), str(en)])
        reasons = {i["membership"]["reason"] for c in atlas.cases() for i in c["items"]}
        assert len(_cases(atlas)) == 2 and reasons == {"new"}


def test_human_merge_and_split_persist_across_reingest_and_reresolution(tmp_path: Path, pages) -> None:
    with Atlas(tmp_path / "a.db", enrichers=["language"]) as atlas:
        atlas.ingest([str(pages["article"]), str(pages["copy"]), str(pages["other"])])
        kalmar = _case_of_text(atlas, "Kalmar kommun")["id"]
        vaxjo = _case_of_text(atlas, "Växjö")["id"]
        items = _case_of_text(atlas, "Kalmar")["items"]
        copy_item = next(i["id"] for i in items if i["membership"]["reason"] == "near")

        # a person says the copy is not the same initiative, and that Växjö's council is
        new_case = atlas.split(kalmar, copy_item)
        assert new_case != kalmar and _cases(atlas)[new_case] == [copy_item]
        assert atlas.merge(kalmar, vaxjo) == kalmar and vaxjo not in _cases(atlas)
        expected = _cases(atlas)
        assert atlas.resolve()["cases"] == 2 and _cases(atlas) == expected  # the algorithm would undo both

        # the copied page changes, then comes back: the item returns with its id and stays split
        pages["copy"].write_text("Helt annan text om något annat i kommunen.", encoding="utf-8")
        atlas.ingest([str(pages["copy"])])
        pages["copy"].write_text(COPY, encoding="utf-8")
        atlas.ingest([str(pages["copy"])])
        after = _cases(atlas)
        assert after[kalmar] == expected[kalmar] and [copy_item] in after.values()
        assert [h["actor"] for h in atlas.history(vaxjo) if h["previous_case"] == vaxjo] == ["human"]


def test_cli_merge_split_resolve_history(tmp_path: Path, pages) -> None:
    db = tmp_path / "a.db"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(pages["article"]), str(pages["other"]), "--db", str(db),
                               "--enrichers", "language"]).exit_code == 0
    with Atlas(db) as atlas:
        a, b = list(_cases(atlas))
        item_b = _cases(atlas)[b][0]
    merged = runner.invoke(app, ["merge", a, item_b, "--db", str(db)])
    assert merged.exit_code == 0 and json.loads(merged.stdout) == {"case": a, "items": 2}
    split = runner.invoke(app, ["split", a, item_b, "--db", str(db)])
    assert split.exit_code == 0 and json.loads(split.stdout)["new_case"] == make_id("c", item_b)
    assert runner.invoke(app, ["split", a, "i-nonexistent", "--db", str(db)]).exit_code == 1
    resolved = runner.invoke(app, ["resolve", "--db", str(db)])
    assert resolved.exit_code == 0 and json.loads(resolved.stdout)["cases"] == 2
    lines = runner.invoke(app, ["history", item_b, "--db", str(db)]).stdout.splitlines()
    history = [json.loads(line) for line in lines]
    assert [(h["reason"], h["actor"]) for h in history] == [("new", "auto"), ("human", "human"), ("human", "human")]


def test_a_translation_joins_across_languages_with_the_real_enrichers(tmp_path: Path) -> None:
    sv, en, gavle = tmp_path / "sv.txt", tmp_path / "en.txt", tmp_path / "gavle.txt"
    sv.write_text(ARTICLE, encoding="utf-8")
    en.write_text("Kalmar Municipality let 1,800 students aged 13 to 19 allocate SEK 2.5 million of the municipal "
                  "budget. Over the winter young people across the municipality submitted 46 proposals, from a lit "
                  "skatepark in Smedby to free menstrual products in youth centres.", encoding="utf-8")
    gavle.write_text("Gävle kommun låter 900 unga mellan 13 och 20 år fördela 1,2 miljoner kronor av kommunens "
                     "budget; 31 förslag gick vidare till omröstning.", encoding="utf-8")
    with Atlas(tmp_path / "a.db", enrichers=["language", "places", "money", "counts", "embed"]) as atlas:
        atlas.ingest([str(sv), str(gavle), str(en)])
        cases = list(atlas.cases())
        assert len(cases) == 2
        kalmar = next(c for c in cases if len(c["items"]) == 2)
        assert kalmar["languages"] == ["en", "sv"] and set(kalmar["titles"]) == {"en", "sv"}
        joined = kalmar["items"][1]["membership"]
        # the link rests on a shared place (Kalmar or Smedby: which of them the gazetteer names a town and which
        # a municipality is the place enricher's business), and the merged mention points at both items
        shared = joined["evidence"]["shared"]
        assert joined["reason"] == "crosslingual" and {"2702261", "2676596"} & set(shared["city"])
        places = kalmar["mentions"]["places"]
        assert any(p["geonameid"] in (2702261, 2676596) and len(p["evidence"]) >= 2 for p in places)
        # re-resolving the whole store finds the same cases under the same ids
        before = _cases(atlas)
        atlas.resolve()
        assert _cases(atlas) == before


def test_items_stored_without_keys_get_them_before_the_next_ingest(tmp_path: Path, pages) -> None:
    with Atlas(tmp_path / "a.db", enrichers=["language"]) as atlas:
        atlas.ingest([str(pages["article"])])
        atlas.store.db.execute("DELETE FROM resolve_keys")  # as in a database written before schema v2
    with Atlas(tmp_path / "a.db", enrichers=["language"]) as atlas:
        atlas.ingest([str(pages["copy"])])
        assert len(_cases(atlas)) == 1


def test_profile_cache_stays_within_its_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from civicatlas.resolve import resolver
    from civicatlas.resolve.profile import profile_of
    from civicatlas.store.sqlite import SQLiteStore
    from tests.resolve.conftest import record

    monkeypatch.setattr(resolver, "_PROFILES", type(resolver._PROFILES)())
    monkeypatch.setattr(resolver, "_weight", 0)
    monkeypatch.setattr(resolver, "PROFILE_BUDGET", 1_000)
    store = SQLiteStore(tmp_path / "a.db")
    records = [record(f"i{n}", f"{OTHER} Item {n} of a long run, one of many.") for n in range(60)]
    for n in range(0, 60, 3):  # three at a time, as candidates of new items come
        got = resolver.stored_profiles(records[n : n + 3], store, None)
        assert [p.shingles for p in got] == [profile_of(r).shingles for r in records[n : n + 3]]
        assert resolver._weight == sum(map(resolver._weight_of, resolver._PROFILES.values())) <= 1_000
    assert 0 < len(resolver._PROFILES) < 60
    assert ("i59", None, resolver._digest(records[59])) in resolver._PROFILES  # the most recent stay
