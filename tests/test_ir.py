"""The IR: JSON round trip, schema version, one syntax per keyword script."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import REGULATIONS
from xinxi_dsl import compile_file, compile_text
from xinxi_dsl.compiler import ir
from xinxi_dsl.cli import app

REGS = sorted(p.stem for p in REGULATIONS.glob("*.xinxi"))


@pytest.mark.parametrize("code", REGS)
def test_round_trip(code):
    reg, _ = compile_file(REGULATIONS / f"{code}.xinxi")
    again = ir.loads(ir.dumps(reg))
    assert again == reg
    assert [r.span for r in again.rules] == [r.span for r in reg.rules]  # positions survive too


def test_emit_ir_schema():
    r = CliRunner().invoke(app, ["compile", str(REGULATIONS / "D12.xinxi"), "--emit", "ir"])
    doc = json.loads(r.stdout)
    assert (doc["schema"], doc["version"]) == ("xinxi-ir", ir.SCHEMA_VERSION)
    rule = doc["regulation"]["rules"][0]
    assert rule["id"] == "D12-1a" and rule["points"] == "2" and rule["label"] == "三、1"


def test_scripts_compile_alike():
    trad = "規程 T\n屬性 欄目：主條\n單位組 甲：\n    達 縣 180\n《達州政務快訊》主條每採用1條計2分\n獲市政府領導批示的信息每條另加２分\n"
    simp = "规程 T\n属性 栏目：主条\n单位组 甲：\n    达县 180\n《达州政务快讯》主条每采用1条计两分\n获市政府领导批示的信息每条另加2分\n"
    a, _ = compile_text(trad, "t.xinxi")
    b, _ = compile_text(simp, "s.xinxi")
    assert [(r.kind, r.points, [(c.key, c.folded) for c in r.conditions]) for r in a.rules] == \
           [(r.kind, r.points, [(c.key, c.folded) for c in r.conditions]) for r in b.rules]
    assert (a.script, b.script) == ("t", "s")


@pytest.mark.parametrize("text, key, values", [
    ("市统计局采用计2分", None, None),  # 计 inside a name is part of the name
    ("标题信息每条记2分", "栏目", ("标题信息",)),
])
def test_words_stop_at_keywords(text, key, values):
    src = "规程 T\n属性 栏目：标题信息\n属性 单位名：市统计局\n" + text + "\n"
    reg, _ = compile_text(src, "t.xinxi")
    c = reg.rules[0].conditions[0]
    if key is None:
        assert c.values == ("市统计局",)
    else:
        assert (c.key, c.values) == (key, values)


@pytest.mark.parametrize("number, value", [("2", "2"), ("２", "2"), ("0.1", "0.1"), ("两", "2"), ("十", "10"), ("一百八十", "180")])
def test_numbers(number, value):
    reg, _ = compile_text(f"规程 T\n《快讯》每采用1条计{number}分\n", "t.xinxi")
    assert str(reg.rules[0].points) == value


def test_percent_of():
    reg, _ = compile_text("规程 T\n直报点得分按百分之四十计入所属单位\n", "t.xinxi")
    assert str(reg.transfers[0].rate) == "0.4"


def test_full_width_space_indents_and_digits_in_names():
    reg, _ = compile_text("规程 T\n单位组 甲：\n\u3000\u3000市12345热线 20、达 县 180\n", "t.xinxi")
    assert [(u.name, str(u.target)) for u in reg.groups[0].units] == [("市12345热线", "20"), ("达 县", "180")]


def test_crlf_and_bom():
    reg, _ = compile_text("\ufeff规程 T\r\n单位组 甲：\r\n    市统计局 30\r\n", "t.xinxi")
    assert reg.groups[0].units[0].name == "市统计局"


def test_version_1_documents_still_load():
    """A v1 document (written before caps, counts, years …) loads with the new fields' defaults."""
    reg, _ = compile_file(REGULATIONS / "D12.xinxi")
    doc = ir.to_json(reg)
    doc["version"] = 1
    new = {"year", "counts", "outcomes", "unlisted", "checklist", "measure", "quarter_target", "later_points", "cap",
           "cap_times", "exclusive", "effect"}

    def strip(x):
        if isinstance(x, dict):
            gone = new | ({"groups"} if x.get("node") == "Transfer" else set())
            return {k: strip(v) for k, v in x.items() if k not in gone}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    assert ir.from_json(strip(doc)) == reg


def test_documents_without_counter_words_still_load():
    """An IR document written before measures kept their counter word (量词) loads with counter=None,
    and the appendix then falls back to 个 / 次 as before."""
    from xinxi_dsl.documents.appendix import measure_text, phrases

    reg, _ = compile_file(REGULATIONS / "D09.xinxi")
    doc = ir.to_json(reg)

    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k != "counter"}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    old = ir.from_json(strip(doc))
    ind = {i.id: i for i in old.checklist.indicators()}
    assert [m.counter for m in ind["D09-X2.2.4c"].measures] == [None]
    assert measure_text(ind["D09-X2.2.4c"].measures[0], phrases(old)) == "每個計3分"
    assert measure_text(ind["D09-X3.3"].measures[0], phrases(old)) == "每次扣2分"
    new = {i.id: i for i in reg.checklist.indicators()}
    assert [m.counter for m in new["D09-X2.2.4c"].measures] == ["條"]


def test_version_2_documents_still_load():
    """A v2 document (before period clauses, allowances, item combination,
    column amounts and second targets) loads with the new fields' defaults."""
    reg, _ = compile_file(REGULATIONS / "GZ05.xinxi")
    doc = ir.to_json(reg)
    doc["version"] = 2
    new = {"period_rules", "allowances", "combines", "negate", "column", "factor", "ref", "low", "high",
           "quota_period", "quota", "count_target", "count_measure"}

    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in new}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    assert "period_rules" in doc["regulation"]
    assert ir.from_json(strip(doc)) == reg
