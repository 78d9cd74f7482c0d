from __future__ import annotations

from civicatlas.ids import make_id
from civicatlas.resolve.naming import fresh_case_id, name_clusters


def test_a_cluster_keeps_the_id_most_of_its_items_had() -> None:
    current = {"a": "c1", "b": "c1", "c": "c2"}
    names = name_clusters([["a", "b", "c", "new"]], current, {"c1": 0, "c2": 1}, {})
    assert set(names.values()) == {"c1"}


def test_a_split_off_part_gets_a_fresh_id_and_the_old_case_stays() -> None:
    current = {"a": "c1", "b": "c1", "c": "c1"}
    names = name_clusters([["a", "b"], ["c"]], current, {"c1": 0}, {"a": 0, "b": 1, "c": 2})
    assert names["a"] == names["b"] == "c1" and names["c"] == make_id("c", "c")


def test_a_new_cluster_is_named_after_its_earliest_item_as_at_ingest_unless_that_id_is_taken() -> None:
    names = name_clusters([["y", "x"]], {}, {}, {"x": 0, "y": 1})
    assert set(names.values()) == {make_id("c", "x")}
    taken = {make_id("c", "x")}
    assert fresh_case_id("x", taken) not in taken and fresh_case_id("x", taken).startswith("c")


def test_ties_go_to_the_older_case() -> None:
    names = name_clusters([["a", "b"]], {"a": "young", "b": "old"}, {"old": 0, "young": 5}, {})
    assert set(names.values()) == {"old"}
