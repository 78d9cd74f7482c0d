from __future__ import annotations

from civicatlas.resolve.cluster import Constraints, cluster
from civicatlas.resolve.links import Link
from civicatlas.resolve.profile import profile_of
from tests.resolve.conftest import amount, place, record


def _p(id: str, document: str | None = None, city: int | None = None):
    places = [place(f"City {city}", city)] if city else []
    return profile_of(record(id, f"text of {id}", document=document, places=places))


def test_links_join_clusters_and_the_founder_is_the_earliest_item() -> None:
    ps = [_p("a"), _p("b"), _p("c")]
    ps[0].order, ps[1].order, ps[2].order = 2, 0, 1
    c = cluster(ps, [Link("a", "b", "near", 0.9), Link("b", "c", "exact", 1.0)])
    assert sorted(map(sorted, c.groups())) == [["a", "b", "c"]]
    reasons = c.reasons({p.id: p.order for p in ps})
    assert reasons["b"].reason == "new" and reasons["c"].reason == "exact" and reasons["a"].reason == "near"
    assert reasons["a"].b == "b"  # what it matched


def test_two_items_of_one_document_never_end_in_one_cluster_by_chaining() -> None:
    ps = [_p("a", "d1"), _p("b", "d1"), _p("x", "d2")]
    c = cluster(ps, [Link("a", "x", "near", 0.9), Link("b", "x", "near", 0.9)])
    assert sorted(map(sorted, c.groups())) == [["a", "x"], ["b"]]


def test_chaining_across_different_cities_is_refused() -> None:
    ps = [_p("kalmar", city=1), _p("neutral"), _p("gavle", city=2)]
    c = cluster(ps, [Link("kalmar", "neutral", "semantic", 0.9), Link("neutral", "gavle", "semantic", 0.8)])
    assert sorted(map(sorted, c.groups())) == [["gavle"], ["kalmar", "neutral"]]


def test_human_decisions_win_both_ways() -> None:
    ps = [_p("a", city=1), _p("b", city=2), _p("c")]
    constraints = Constraints(must=[("a", "b")], cannot={frozenset(("a", "c"))})
    c = cluster(ps, [Link("b", "c", "exact", 1.0)], constraints)
    # a and b merged although their cities differ; c may not join a's cluster although it copies b exactly
    assert sorted(map(sorted, c.groups())) == [["a", "b"], ["c"]]


def test_chaining_two_items_in_conflict_through_a_third_is_refused() -> None:
    def sum_of(id: str, value: float | None):
        return profile_of(record(id, f"text of {id}", amounts=[amount(value, "EUR")] if value else []))

    ps = [sum_of("one", 1e6), sum_of("neutral", None), sum_of("two", 2e6)]  # one sum each, and they differ
    c = cluster(ps, [Link("one", "neutral", "semantic", 0.9), Link("neutral", "two", "semantic", 0.8)])
    assert sorted(map(sorted, c.groups())) == [["neutral", "one"], ["two"]]
