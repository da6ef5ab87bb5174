"""Issue 12, points 23–24: unit names as clerks write them.

Point 23: names that differ from the notice's only by administrative affixes
(a 政府 / 人民政府 suffix, the city's own name or 市 as prefix, the script)
land on the declared unit, and the JSON says how.  Point 24: abbreviations
and long forms are suggestions, accepted once through the alias table."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal

import pytest

from conftest import REGULATIONS, ROOT, row, score_rows
from xinxi_dsl import XinxiError, compile_file, compile_text
from xinxi_dsl.engine import outputs, units
from xinxi_dsl.engine.evaluate import evaluate_ledger
from xinxi_dsl.engine.ledger import records_from_rows
from conftest import HEADER

D = Decimal

# GZ05 四、(二)1: “《穗府信息》標題信息每條記2分”; the notice lists 越秀區政府, 增城市政府, 市公安局.
# CD07 一、(一): “《政务信息》采用：4分/条”; the notice lists 锦江区, 市公安局, 市发改委.
POINT_23 = [
    pytest.param("GZ05", "越秀区", "越秀區政府", "规程写作“越秀區政府”", id="GZ05-越秀区"),
    pytest.param("GZ05", "越秀區", "越秀區政府", "规程写作“越秀區政府”", id="GZ05-越秀區"),
    pytest.param("GZ05", "越秀区人民政府", "越秀區政府", "去掉“人民政府”，规程写作“越秀區政府”", id="GZ05-越秀区人民政府"),
    pytest.param("GZ05", "广州市越秀区人民政府", "越秀區政府", "去掉“广州市”、“人民政府”，规程写作“越秀區政府”",
                 id="GZ05-广州市越秀区人民政府"),
    pytest.param("GZ05", "增城市", "增城市政府", "规程写作“增城市政府”", id="GZ05-增城市"),
    pytest.param("GZ05", "广州市公安局", "市公安局", "“广州市”写作“市”", id="GZ05-广州市公安局"),
    pytest.param("CD07", "锦江区政府", "锦江区", "去掉“政府”", id="CD07-锦江区政府"),
    pytest.param("CD07", "成都市锦江区", "锦江区", "去掉“成都市”", id="CD07-成都市锦江区"),
    pytest.param("CD07", "锦江区人民政府", "锦江区", "去掉“人民政府”", id="CD07-锦江区人民政府"),
    pytest.param("CD07", "成都市发改委", "市发改委", "“成都市”写作“市”", id="CD07-成都市发改委"),
    pytest.param("CD07", "成都市高新区", "成都高新区", "“成都市”写作“成都”", id="CD07-成都市高新区"),
]


@pytest.mark.parametrize("code, written, declared, note", POINT_23)
def test_affixes_land_on_the_declared_unit(code, written, declared, note):
    if code == "GZ05":  # 2 rows × 標題信息 2分 = 4
        rows = [row("2006-01-05", written, 刊物="穗府信息", 栏目="标题信息")] * 2
    else:  # 2 rows × 《政务信息》 4分 = 8
        rows = [row("2007-05-01", written, 刊物="政务信息")] * 2
    result = score_rows(code, rows)
    u = result.unit(declared)
    assert u is not None and u.known and u.name == declared
    assert u.score == (D(4) if code == "GZ05" else D(8))
    assert result.unknown_units == [] and not [p for p in result.problems if p.key == "unknown-unit"]
    js = outputs.unit_json(u)
    assert js["written_as"] == [{"name": written, "how": "affix", "note": note, "rows": [2, 3]}]


def test_the_city_comes_from_the_regulation():
    cities = {c: units.city_of(compile_file(REGULATIONS / f"{c}.xinxi")[0]) for c in ("CD07", "D09", "D12", "GZ05", "YM20")}
    assert cities == {"CD07": "成都市", "D09": "达州市", "D12": "达州市", "GZ05": "广州市", "YM20": "义马市"}


def test_another_citys_name_is_not_stripped():
    # 北京市公安局 is not Chengdu's 市公安局; 都江堰市发改委 is not 市发改委
    result = score_rows("CD07", [row("2007-05-01", "北京市公安局", 刊物="政务信息"),
                                 row("2007-05-02", "都江堰市发改委", 刊物="政务信息")])
    assert sorted(u.name for u in result.unknown_units) == ["北京市公安局", "都江堰市发改委"]
    assert result.unit("市公安局").score == 0 and result.unit("市发改委").score == 0


AMBIGUOUS = """规程 T
名称 成都市测试办法
单位组 甲【一】：
    锦江区 10
单位组 乙【二】：
    锦江区政府 10
计分办法【三】
T-1【1】《政务信息》采用：4分/条
"""


def test_two_declared_units_could_match_refused_with_both_names():
    reg, diags = compile_text(AMBIGUOUS, "T.xinxi")
    assert not [d for d in diags if d.severity == "error"]
    ledger = records_from_rows([HEADER, row("2007-05-01", "锦江区人民政府", 刊物="政务信息", 标题="甲")], "t.csv")
    result = evaluate_ledger(reg, ledger)
    assert result.unit("锦江区").score == 0 and result.unit("锦江区政府").score == 0
    (u,) = result.unknown_units
    assert u.ambiguous == ("锦江区", "锦江区政府") and u.suggestion is None
    (p,) = [p for p in result.problems if p.key == "unknown-unit"]
    assert "可能是“锦江区”或“锦江区政府”，未按其中任一单位计分" in p.message
    assert outputs.to_json(result)["unknown_units"][0]["ambiguous"] == ["锦江区", "锦江区政府"]


POINT_24 = [
    pytest.param("CD07", "市政府驻北京办事处", "北京办", id="CD07-市政府驻北京办事处"),
    pytest.param("CD07", "驻京办", "北京办", id="CD07-驻京办"),
    pytest.param("CD07", "市发展改革委", "市发改委", id="CD07-市发展改革委"),
    pytest.param("GZ05", "市消防局", "市公安局消防局", id="GZ05-市消防局"),
    pytest.param("GZ05", "市广电局", "市新聞出版和廣電局", id="GZ05-市广电局"),
]


@pytest.mark.parametrize("code, written, suggested", POINT_24)
def test_abbreviations_are_suggested_not_matched(code, written, suggested):
    date = "2006-01-05" if code == "GZ05" else "2007-05-01"
    result = score_rows(code, [row(date, written, 刊物="政务信息")])
    (u,) = result.unknown_units
    assert u.suggestion == suggested
    (p,) = [p for p in result.problems if p.key == "unknown-unit"]
    assert f"是否为“{suggested}”？如是，在别名表{code}.aliases.csv中加一行：{written},{suggested}" in p.message


def _with_aliases(tmp_path, code, lines):
    shutil.copy(REGULATIONS / f"{code}.xinxi", tmp_path / f"{code}.xinxi")
    (tmp_path / f"{code}.aliases.csv").write_text("\n".join(["台账写法,规程单位", *lines]) + "\n", encoding="utf-8")
    return compile_file(tmp_path / f"{code}.xinxi")[0]


def test_an_accepted_suggestion_matches_next_month(tmp_path):
    # CD07 附件3 三: 驻外办事处 count 上报数; 《政务信息》采用 4分/条: 2 rows = 8
    reg = _with_aliases(tmp_path, "CD07", ["市政府驻北京办事处,北京办", "市發展改革委,市发改委"])
    ledger = records_from_rows([HEADER, row("2007-05-01", "市政府驻北京办事处", 刊物="政务信息", 标题="甲"),
                                row("2007-05-02", "市发展改革委", 刊物="政务信息", 标题="乙")], "t.csv")
    result = evaluate_ledger(reg, ledger)
    assert result.unknown_units == []
    assert result.unit("北京办").score == D(4) and result.unit("市发改委").score == D(4)
    assert outputs.unit_json(result.unit("北京办"))["written_as"] == [
        {"name": "市政府驻北京办事处", "how": "alias", "note": "别名表第2行", "rows": [2]}]


def test_an_alias_naming_an_undeclared_unit_is_an_error(tmp_path):
    reg = _with_aliases(tmp_path, "CD07", ["驻京办,北站办"])
    with pytest.raises(XinxiError) as e:
        evaluate_ledger(reg, records_from_rows([HEADER, row("2007-05-01", "锦江区", 刊物="政务信息")], "t.csv"))
    d = e.value.diagnostics[0] if hasattr(e.value, "diagnostics") else e.value.diagnostic
    assert d.key == "alias-unknown-unit" and d.span.line == 2
    assert "别名表第2行的“北站办”不是规程中的单位；是否为“市政府北站办”？" in d.message


def _pairs():
    with open(ROOT / "tests" / "data" / "unit_name_pairs.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_suggestions_on_the_pairs_table():
    """Every realistic pair of tests/data/unit_name_pairs.csv gets its unit
    (benchmarks/unit_names.py compares this with difflib)."""
    regs = {c: compile_file(REGULATIONS / f"{c}.xinxi")[0] for c in {p["规程"] for p in _pairs()}}
    wrong = []
    for p in _pairs():
        from xinxi_dsl.engine.evaluate import Evaluator
        ev = Evaluator(regs[p["规程"]])
        got = ev.names.match(units.fold(p["台账写法"]))
        name = ev.units[got.unit][1].name if isinstance(got, units.Match) else ev.nearest(units.fold(p["台账写法"]))
        if name != p["规程单位"]:
            wrong.append((p["台账写法"], name, p["规程单位"]))
    assert wrong == []


def test_a_shared_kind_of_office_alone_is_no_suggestion():
    """examples/D09-2009.csv row 11: 市信息产业局 was offered 市農業局 or 市林業局
    because all three end in 业局; the kind of office (局) says nothing."""
    names = ["市农业局", "市林业局", "市发改委", "市公安局消防局"]  # folded, as evaluate passes them
    assert units.nearest("市信息产业局", names, "达州市") == []
    assert units.nearest("市农业局", names, "达州市") == ["市农业局"]
    assert units.nearest("市消防局", names, "达州市") == ["市公安局消防局"]
