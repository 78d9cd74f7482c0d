"""Tokens, audit, corrections and the review queue, once per store (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicatlas import Atlas
from civicatlas.errors import ConfigError, NotFound
from civicatlas.filters import CaseFilter
from civicatlas.ids import make_id
from civicatlas.model import Document, Item
from civicatlas.store import Assignment
from civicatlas.store.base import token_hash

TEXT = "Item {k} of {uri}: Lund opens a citizens' office in every district."


def _doc(uri: str, n: int = 1) -> tuple[Document, list[Item]]:
    doc = Document(id=make_id("d", uri), uri=uri, content="", content_type="text", sha256=uri, title=uri)
    items = [Item(id=make_id("i", uri, str(k)), document_id=doc.id, position=k, text=TEXT.format(k=k, uri=uri),
                  language="en") for k in range(n)]
    return doc, items


def _two_cases_one_near_merge(atlas: Atlas) -> tuple[str, str, str]:
    """Two documents; the second's item joined the first's case as a near duplicate scoring 0.85."""
    store = atlas.store
    doc_a, (a,) = _doc("mem:a")
    doc_b, (b,) = _doc("mem:b")
    case = make_id("c", a.id)
    store.save(doc_a, "p", [a], {a.id: Assignment(case, "new")})
    store.save(doc_b, "p", [b], {b.id: Assignment(case, "near", 0.85, matched=a.id, evidence={"containment": 0.85})})
    return case, a.id, b.id


def test_a_token_is_stored_hashed_checked_listed_and_revoked(store_url: str) -> None:
    with Atlas(store_url) as atlas:
        secret = atlas.token_create("ana", "curator")
        admin = atlas.token_create("root", "admin")
        assert secret != admin and len(secret) > 40
        assert atlas.check_token(secret) == {"name": "ana", "role": "curator"}
        assert atlas.check_token(admin)["role"] == "admin"
        assert atlas.check_token(secret + "x") is None and atlas.check_token("") is None
        listed = atlas.token_list()
        assert [t["name"] for t in listed] == ["ana", "root"]
        assert all(secret not in str(t.values()) and token_hash(secret) not in str(t.values()) for t in listed)
        assert listed[0]["last_used_at"] is not None and listed[0]["revoked_at"] is None
        atlas.token_revoke("ana")
        assert atlas.check_token(secret) is None
        assert atlas.token_list()[0]["revoked_at"] is not None
        with pytest.raises(NotFound):
            atlas.token_revoke("nobody")
        with pytest.raises(ConfigError, match="exists already"):
            atlas.token_create("ana", "admin")
        with pytest.raises(ConfigError, match="unknown role"):
            atlas.token_create("bo", "owner")
        for name in ("", " ", "a\x00b", "x" * 101):
            with pytest.raises(ConfigError, match="a token needs a name"):
                atlas.token_create(name, "curator")


def test_the_secret_itself_is_never_stored(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Atlas(db) as atlas:
        secret = atlas.token_create("ana", "curator")
    stored = b"".join(f.read_bytes() for f in tmp_path.iterdir())  # the file, and its WAL if still there
    assert token_hash(secret).encode() in stored and secret.encode() not in stored


def test_every_decision_is_audited_with_who_and_when(store_url: str) -> None:
    with Atlas(store_url) as atlas:
        case, a, b = _two_cases_one_near_merge(atlas)
        new_case = atlas.split(case, b, by="ana")
        atlas.merge(case, new_case, by="bo")
        atlas.promote(a, by="ana")
        atlas.correct(a, "country", "se", by="bo")
        log = atlas.audit()
        assert [(e["actor"], e["action"]) for e in log] == [("bo", "correct"), ("ana", "promote"), ("bo", "merge"),
                                                           ("ana", "split")]
        assert log[0]["target"] == a and log[0]["payload"] == {"field": "country", "value": "SE"}
        assert all(e["created_at"] for e in log)
        assert [e["action"] for e in atlas.audit(target=case)] == ["merge", "split"]


def test_a_correction_survives_reingest_and_reresolution(store_url: str) -> None:
    with Atlas(store_url) as atlas:
        case, a, b = _two_cases_one_near_merge(atlas)
        atlas.correct(b, "title", "Lund's citizens' offices", by="ana")
        doc_b, items = _doc("mem:b")
        doc_b.sha256 = "changed"
        atlas.store.save(doc_b, "p2", items, {})  # re-ingest rewrites the item
        atlas.resolve()
        curated = atlas.curated(atlas.store.case_of_items([b])[b])
        assert curated["title"]["value"] == "Lund's citizens' offices" and curated["title"]["by"] == "ana"
        assert curated["title"]["item"] == b
        with pytest.raises(NotFound):
            atlas.correct("i_missing", "title", "x")
        for field, value in (("colour", "red"), ("country", "Sweden"), ("year", "1999"), ("title", " ")):
            with pytest.raises(ConfigError):
                atlas.correct(a, field, value)


def test_a_corrected_country_is_what_filters_facets_and_case_views_see(store_url: str) -> None:
    with Atlas(store_url) as atlas:
        case, a, b = _two_cases_one_near_merge(atlas)
        nz = CaseFilter(country=("NZ",))
        assert atlas.store.count_cases(nz) == 0
        atlas.correct(b, "country", "nz", by="ana")
        atlas.correct(b, "year", 2019, by="ana")
        assert [c["id"] for c in atlas.store.iter_cases(nz)] == [case] and atlas.store.count_cases(nz) == 1
        assert atlas.store.matching(nz, [case, "c_other"]) == {case}
        assert {"value": "NZ", "count": 1} in atlas.store.facets(None, ["country"])["country"]
        items = {i["id"]: i for i in atlas.store.get_case(case)["items"]}
        assert items[b]["curated"] == {"country": "NZ", "year": 2019} and "curated" not in items[a]
        atlas.correct(b, "country", "AU", by="bo")  # the latest correction is the item's country
        assert atlas.store.count_cases(nz) == 0 and atlas.store.count_cases(CaseFilter(country=("AU",))) == 1


def test_a_corrected_year_and_language_take_the_place_of_what_was_found(store_url: str) -> None:
    with Atlas(store_url) as atlas:
        case, a, b = _two_cases_one_near_merge(atlas)
        old = CaseFilter(year_from=1850, year_to=1850)
        assert atlas.store.count_cases(old) == 0
        found_language = atlas.store.get_item(a)["language"]
        atlas.correct(b, "year", 1850, by="ana")
        atlas.correct(b, "language", "is", by="ana")
        assert atlas.store.count_cases(old) == 1 and atlas.store.matching(old, [case]) == {case}
        assert atlas.store.count_cases(CaseFilter(language=("is",))) == 1
        facets = atlas.store.facets(CaseFilter(language=("is",)), ["year", "language"])
        assert {"value": 1850, "count": 1} in facets["year"] and {"value": "is", "count": 1} in facets["language"]
        assert atlas.store.count_cases(CaseFilter(language=(found_language,))) >= 1  # item a still has it


def test_a_corrected_title_and_summary_head_the_case(store_url: str) -> None:
    with Atlas(store_url) as atlas:
        case, a, b = _two_cases_one_near_merge(atlas)
        assert atlas.store.get_case(case)["title"].startswith("Item 0 of mem:a")
        atlas.correct(b, "title", "Citizens' offices in every district of Lund", by="ana")
        atlas.correct(b, "summary", "Since 2021 each district has an office.", by="ana")
        shown = atlas.store.get_case(case)
        assert shown["title"] == "Citizens' offices in every district of Lund"  # a person's words come first
        assert shown["summary"] == "Since 2021 each district has an office."
        assert shown["titles"]["en"] == {"title": shown["title"], "summary": shown["summary"], "item": b}
        atlas.correct(a, "language", "sv", by="ana")  # the founding item now reads as Swedish: its own heading
        shown = atlas.store.get_case(case)
        assert shown["title"].startswith("Item 0 of mem:a") and shown["languages"] == ["en", "sv"]
        assert shown["titles"]["en"]["title"] == "Citizens' offices in every district of Lund"
        atlas.resolve()  # re-resolution keeps what people wrote (and parts the two, which only the test had merged)
        shown = atlas.store.get_case(atlas.store.case_of_items([b])[b])
        assert (shown["title"], shown["summary"]) == ("Citizens' offices in every district of Lund",
                                                      "Since 2021 each district has an office.")


def test_the_review_queue_and_its_verdicts(store_url: str) -> None:
    with Atlas(store_url) as atlas:
        case, a, b = _two_cases_one_near_merge(atlas)
        queue = atlas.review()
        merge = [e for e in queue if e["kind"] == "merge"]
        assert [(e["id"], e["case"], e["score"]) for e in merge] == [(b, case, 0.85)]
        assert merge[0]["evidence"] == {"reason": "near", "matched": a, "containment": 0.85}
        assert [e["id"] for e in queue if e["kind"] == "country"] == [case]  # no item names a country
        atlas.review_decide("merge", b, "accept", by="ana")
        atlas.review_decide("country", case, "accept", by="ana")
        assert atlas.review() == []
        atlas.resolve()
        assert atlas.store.case_of_items([a, b]) == {a: case, b: case}  # accepted: a human decision
        assert ("merge", a, b) in atlas.store.decisions()
        assert atlas.audit()[0]["action"] == "review" and atlas.audit()[0]["actor"] == "ana"
        with pytest.raises(NotFound):
            atlas.review_decide("merge", "i_missing", "reject", by="ana")
        with pytest.raises(ConfigError):
            atlas.review_decide("colour", b, "accept", by="ana")
        with pytest.raises(ConfigError):
            atlas.review_decide("merge", b, "maybe", by="ana")


def test_rejecting_a_merge_splits_it_for_good(store_url: str) -> None:
    with Atlas(store_url) as atlas:
        case, a, b = _two_cases_one_near_merge(atlas)
        done = atlas.review_decide("merge", b, "reject", by="ana")
        assert atlas.store.case_of_items([b])[b] == done["new_case"] != case
        atlas.resolve()
        assert atlas.store.case_of_items([b])[b] == done["new_case"]
        assert not [e for e in atlas.review() if e["kind"] == "merge"]
        assert [e["action"] for e in atlas.audit()] == ["review", "split"]
