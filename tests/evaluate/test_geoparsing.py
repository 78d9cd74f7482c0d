from pathlib import Path

import pytest

from civicatlas.evaluate.geoparsing import Toponym, correct, evaluate_corpus, km, load_corpus

LGL_LIKE = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="1"><url>http://example.com/a</url>
<text><![CDATA[Alexandria, Virginia, is near Washington. The weather in Blorptown was fine.]]></text>
<toponyms>
<toponym><start>0</start><end>10</end><phrase>Alexandria</phrase>
<gaztag geonameid="4744091"><name>Alexandria</name><lat>38.80484</lat><lon>-77.04692</lon></gaztag></toponym>
<toponym><start>12</start><end>20</end><phrase>Virginia</phrase>
<gaztag geonameid="6254928"><name>Virginia</name><lat>37.54812</lat><lon>-77.44675</lon></gaztag></toponym>
<toponym><start>58</start><end>67</end><phrase>Blorptown</phrase></toponym>
</toponyms></article></articles>"""

GWN_LIKE = """<?xml version="1.0" ?>
<articles><article file="0"><link>http://x.org</link><text>Leipzig citizens voted.</text><toponyms>
<toponym><extractedName>Leipzig</extractedName><type>Literal</type><start>0</start><end>7</end>
<geonamesID>2879139</geonamesID><latitude>51.33962</latitude><longitude>12.37129</longitude></toponym>
<toponym><extractedName>citizens</extractedName><type>Non_Lit_Expression</type><start>8</start><end>16</end>
</toponym></toponyms></article></articles>"""


def test_load_both_formats(tmp_path: Path) -> None:
    (tmp_path / "lgl.xml").write_text(LGL_LIKE)
    (tmp_path / "GWN.xml").write_text(GWN_LIKE)
    lgl = load_corpus(tmp_path / "lgl.xml")
    assert [t.phrase for t in lgl[0].toponyms] == ["Alexandria", "Virginia", "Blorptown"]
    assert lgl[0].toponyms[0].geonameid == 4744091 and lgl[0].toponyms[2].geonameid is None
    gwn = load_corpus(tmp_path / "GWN.xml")
    assert [t.phrase for t in gwn[0].toponyms] == ["Leipzig"]  # expressions are not toponyms


def test_distance_and_correctness() -> None:
    assert km(51.5, 0.0, 51.5, 0.0) == 0.0
    assert 340 < km(51.5074, -0.1278, 48.8566, 2.3522) < 350  # London–Paris
    gold = Toponym(0, 1, "x", 1, 51.5, 0.0)
    assert correct(gold, 1, None, None) == (True, True)
    assert correct(gold, 2, 51.6, 0.1) == (False, True)
    assert correct(gold, 2, 48.8, 2.3) == (False, False)


@pytest.mark.filterwarnings("ignore")
def test_evaluate_small_corpus(tmp_path: Path) -> None:
    (tmp_path / "lgl.xml").write_text(LGL_LIKE)
    res = evaluate_corpus(load_corpus(tmp_path / "lgl.xml"))
    assert res["gold_toponyms"] == 3 and res["given_spans"]["n"] == 2
    assert res["given_spans"]["exact"] == 1.0  # Alexandria VA and the state of Virginia
    assert res["recall"] == pytest.approx(2 / 3, abs=0.01)


@pytest.mark.filterwarnings("ignore")
def test_exact_counts_only_gold_with_an_id(tmp_path: Path) -> None:
    # a toponym placed by coordinates alone can be right within 161 km, never by id
    (tmp_path / "GWN.xml").write_text(GWN_LIKE.replace("<geonamesID>2879139</geonamesID>", ""))
    res = evaluate_corpus(load_corpus(tmp_path / "GWN.xml"))
    given = res["given_spans"]
    assert (given["n_with_id"], given["n"], given["exact"], given["within_161km"]) == (0, 1, 0.0, 1.0)
    assert res["gold_ids_in_gazetteer"] == 0.0
