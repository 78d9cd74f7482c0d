"""Files of curated case records ingested as sources: Participedia's CSV and JSONL, CivicAtlas's own export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from civicatlas import Atlas
from civicatlas.read.records import recognise
from tests.export.conftest import ENRICHERS, build_example_db

FAST = ["language", "places", "dates"]
COLUMNS = ["id", "type", "title", "url", "description", "original_language", "city", "province", "country",
           "latitude", "longitude", "general_issues_1", "general_issues_2", "approaches_1", "approaches_2",
           "method_types_1", "number_of_participants_1", "ongoing"]
ROWS = [
    ["101", "case", "Umeå Youth Budget", "https://participedia.net/case/101",
     "Young people in Umeå decided how to spend part of the municipal budget in 2021.", "en", "Umeå",
     "Västerbotten", "Sweden", "63.8258", "20.2630", "education", "", "cogovernance", "", "participatory", "120",
     "0"],
    ["102", "case", "Leipzig Citizens' Council on Transport", "https://participedia.net/case/102",
     "Fifty randomly selected residents of Leipzig met on six weekends in 2023 and advised the city council on "
     "the transport transition: more space for buses, bicycles and pedestrians, and a cheaper ticket for young "
     "people. The council adopted most of their recommendations.", "en",
     "Leipzig", "Saxony", "Germany", "", "", "transportation", "environment", "consultation", "", "deliberative",
     "50", "1"],
]


def participedia_csv(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))  # as Participedia's export: with a BOM
    return path


def test_files_are_recognised_by_their_columns_and_fields(tmp_path: Path) -> None:
    assert recognise(str(participedia_csv(tmp_path / "export.csv", ROWS))) == "participedia-csv"
    (tmp_path / "other.csv").write_text("id,title,description\n1,a,b\n", encoding="utf-8")
    assert recognise(str(tmp_path / "other.csv")) is None
    (tmp_path / "p.jsonl").write_text(json.dumps({"id": 1, "url": "https://participedia.net/case/1",
                                                  "title_lowercased": "x", "description": "y"}) + "\n")
    assert recognise(str(tmp_path / "p.jsonl")) == "participedia-jsonl"
    (tmp_path / "own.jsonl").write_text(json.dumps({"metadata": {"civicatlas": "0.1.0"}}) + "\n")
    assert recognise(str(tmp_path / "own.jsonl")) == "civicatlas-jsonl"
    (tmp_path / "items.jsonl").write_text(json.dumps({"id": "a", "text": "Umeå"}) + "\n")
    assert recognise(str(tmp_path / "items.jsonl")) is None


def test_participedia_csv_cases_keep_their_curated_values(tmp_path: Path) -> None:
    source = participedia_csv(tmp_path / "export.csv", ROWS)
    with Atlas(tmp_path / "a.db", enrichers=FAST) as atlas:
        report = atlas.ingest([str(source)])
        assert report.errors == [] and (report.documents, report.items) == (2, 2)
        assert atlas.stats()["cases"] == 2
        again = atlas.ingest([str(source)])
        assert (again.documents, again.skipped, atlas.stats()["cases"]) == (0, 2, 2)  # idempotent
        umea = next(c for c in atlas.cases() if c["title"] == "Umeå Youth Budget")
        (item,) = umea["items"]
        assert item["external_ids"] == {"participedia": "101"}
        assert item["curated"]["country"] == "SE" and item["curated"]["country_as_entered"] == "Sweden"
        assert item["curated"]["general_issues"] == ["education"] and item["curated"]["method_types"] == [
            "participatory"]
        assert item["places"][0]["name"] == "Umeå"  # what the enrichers found, beside what people entered
        assert umea["sources"][0]["uri"] == "https://participedia.net/case/101"
        out = tmp_path / "back.csv"
        atlas.export(out, "participedia", general_issue="transportation")
        (row,) = list(csv.DictReader(out.open(encoding="utf-8")))
        assert (row["id"], row["country"], row["general_issues_2"], row["ongoing"]) == ("102", "Germany",
                                                                                        "environment", "1")
        assert recognise(str(out)) == "participedia-csv"


def test_a_bad_record_is_named_and_the_others_are_read(tmp_path: Path) -> None:
    rows = [ROWS[0], ["103", "case", "Empty", "", "", "en", "", "", "", "", "", "", "", "", "", "", "", ""]]
    source = participedia_csv(tmp_path / "export.csv", rows)
    with Atlas(tmp_path / "a.db", enrichers=FAST) as atlas:
        report = atlas.ingest([str(source)])
    assert report.errors == [f"{source}:3: no description: nothing to read"] and report.items == 1


def test_a_participedia_csv_of_n_cases_ingests_as_n_cases(shared: Path, tmp_path: Path) -> None:
    rows = []
    for line in (shared / "eval" / "participedia" / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        if case["split"] == "dev" and len(rows) < 40:
            rows.append([str(case["id"]), "case", case["title_lowercased"], case["url"], case["description"], "",
                         case["city"] or "", case["province"] or "", case["country_as_entered"] or "", "", "", "", "",
                         *(case["approaches"] + ["", ""])[:2], next(iter(case["method_types"]), ""), "", ""])
    source = participedia_csv(tmp_path / "participedia.csv", rows)
    with Atlas(tmp_path / "a.db", enrichers=FAST) as atlas:
        assert atlas.ingest([str(source)]).errors == []
        assert atlas.stats()["cases"] == len(rows) == 40


def test_participedia_jsonl_is_read(shared: Path, tmp_path: Path) -> None:
    lines = (shared / "eval" / "participedia" / "cases.jsonl").read_text(encoding="utf-8").splitlines()[:5]
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Atlas(tmp_path / "a.db", enrichers=FAST) as atlas:
        assert atlas.ingest([str(source)]).errors == []
        ids = sorted(c["items"][0]["external_ids"]["participedia"] for c in atlas.cases())
    assert ids == sorted(str(json.loads(line)["id"]) for line in lines)


def test_a_page_about_a_participedia_case_joins_it(tmp_path: Path) -> None:
    source = participedia_csv(tmp_path / "export.csv", ROWS[1:])
    page = tmp_path / "news.txt"
    page.write_text("Leipzig: Bürgerrat zur Verkehrswende\n\n" + ROWS[1][4], encoding="utf-8")
    with Atlas(tmp_path / "a.db", enrichers=FAST) as atlas:
        atlas.ingest([str(source), str(page)])
        (case,) = list(atlas.cases())
    assert len(case["items"]) == 2 and case["items"][1]["membership"]["reason"] != "new"


def test_own_jsonl_export_round_trips(tmp_path: Path) -> None:
    first = tmp_path / "first.jsonl"
    (tmp_path / "pages").mkdir()
    with Atlas(build_example_db(tmp_path / "pages")) as atlas:
        atlas.export(first, "jsonl")
    with Atlas(tmp_path / "copy.db", enrichers=ENRICHERS) as copy:
        report = copy.ingest([str(first)])
        assert report.errors == [] and report.items == 3
        assert copy.ingest([str(first)]).skipped == 3  # idempotent
        second = tmp_path / "second.jsonl"
        copy.export(second, "jsonl")

    def cases(path: Path) -> list[dict]:
        # updated_at is when the database last changed the case: the copy was written now
        return [{k: v for k, v in json.loads(line).items() if k != "updated_at"}
                for line in path.read_text(encoding="utf-8").splitlines()[1:]]

    assert cases(second) == cases(first) and len(cases(first)) == 3


def test_a_broken_export_line_is_named(tmp_path: Path) -> None:
    source = tmp_path / "export.jsonl"
    source.write_text(json.dumps({"metadata": {"civicatlas": "0.1.0"}}) + "\n{\"id\": \"c1\", \"items\": 3}\n")
    with Atlas(tmp_path / "a.db", enrichers=FAST) as atlas:
        report = atlas.ingest([str(source)])
    assert len(report.errors) == 1 and report.errors[0].startswith(f"{source}:2: not a CivicAtlas case")
