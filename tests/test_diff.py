"""``xinxi diff``: D09 (2009) → D12 (2012), against a list of the changes
written by hand from the two notices (seeds 004 and 000), and one ledger
scored under both with the points computed by hand."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from conftest import REGULATIONS
from xinxi_dsl import compile_file, compile_text
from xinxi_dsl.cli import app
from xinxi_dsl.compiler.diff import diff
from xinxi_dsl.documents import diff as words
from xinxi_dsl.engine.ledger import read_ledger

D = Decimal


@pytest.fixture(scope="module")
def d09_d12():
    old, _ = compile_file(REGULATIONS / "D09.xinxi")
    new, _ = compile_file(REGULATIONS / "D12.xinxi")
    return diff(old, new)


#: (change, D09 clause, D12 clause), from the notices' words:
EXPECTED = {
    # D09 四（一）“《每日報省信息》動態類信息每采用1條計2分,專題綜合類信息每采用1條計4分”
    # D12 三、2 “《上報省辦信息》動態類信息每采用1條計2分,專題綜合類信息每采用1條計4分”: the publication renamed
    ("changed", "D09-1a", "D12-2a"), ("changed", "D09-1b", "D12-2b"),
    # D09 四（二）“《達州政務快訊》每采用1條計2分” — every item; D12 三、1 “《達州政務快訊》主條每采用1條計2分”
    ("changed", "D09-2a", "D12-1a"),
    # “問題與建議”欄目每采用1條計3分 / 問題與建議類每采用1條計3分; “簡訊”欄目…1分 / 簡訊…1分: unchanged, renumbered
    ("same", "D09-2b", "D12-1b"), ("same", "D09-2c", "D12-1c"),
    # D09 “獲市政府領導批示的信息每條另加4分” → D12 “…每條另加2分”
    ("changed", "D09-2d", "D12-1e"),
    # D09 四（三）“達州市人民政府辦公業務資源網‘圖片新聞’每采用1條計1分” → D12 “‘圖片新聞’每采用1條計1分” (no publication)
    ("changed", "D09-3", "D12-1d"),
    # D09 四（四）“經市政府辦公室轉報或直接報送省政府辦公廳并被采用的信息每條另加4分”
    # → D12 三、3 “上報省辦信息被省政府辦公廳采用每條另加4分” (only 上報省辦信息 now)
    ("changed", "D09-4a", "D12-3a"),
    # D09 “獲省政府領導批示的信息每條另加8分” → D12 “…每條另加4分”
    ("changed", "D09-4b", "D12-3b"),
    # the D09 file's own supplements for direct reports to the province (“本文件補充”): gone in D12
    ("removed", "D09-4c", None), ("removed", "D09-4d", None), ("removed", "D09-4e", None), ("removed", "D09-4f", None),
    # D09 四（五）“…所得分數,另按40%計入所屬單位總分” → D12 三、4 “…所得分值,全額計入所屬單位總分”
    ("changed", "D09-5a", "D12-4"),
    # D09 “未下達目標任務…的部門(單位),均作為信息直報點單獨計分”: D12 says nothing of it
    ("removed", "D09-5b", None),
    # D09 四（六）the monthly report and commendation (the notice's words, no points): not in D12's method
    ("removed", "D09-6", None),
    # D12 三、5 “約稿信息以及…要求反饋的信息不報或遲報的,每次扣減任務分值3分”: new
    ("added", None, "D12-5"),
    # D09 四（七）“從今年4月份開始執行” → D12 三、6 “從2012年1月開始執行”
    ("changed", "D09-7", "D12-6"),
}


def test_d09_d12_clauses_match_the_notices(d09_d12):
    got = {(c.change, getattr(c.old, "id", None), getattr(c.new, "id", None)) for c in d09_d12.clauses}
    assert got == EXPECTED


def test_d09_d12_what_changed(d09_d12):
    by_old = {c.old.id: c for c in d09_d12.clauses if c.old is not None}
    details = {k: [(x.field, x.old, x.new) for x in by_old[k].details] for k in ("D09-1a", "D09-2a", "D09-2d", "D09-3", "D09-4a", "D09-4b", "D09-5a", "D09-7")}
    assert details == {
        "D09-1a": [("condition:刊物", "每日報省信息", "上報省辦信息")],
        "D09-2a": [("condition:栏目", None, "主條")],
        "D09-2d": [("points", "4", "2")],
        "D09-3": [("condition:刊物", "資源網", None)],
        "D09-4a": [("condition:刊物", None, "上報省辦信息")],
        "D09-4b": [("points", "8", "4")],
        "D09-5a": [("rate", "40%", "全額")],
        "D09-7": [("date_text", "2009年4月", "2012年1月")],
    }
    # the header: the year, the execution date (D09 四（七） April; D12 三、6 January)
    assert [(h.field, h.old, h.new) for h in d09_d12.header if h.field in ("period_from", "start")] == [
        ("period_from", "2009-01-01", "2012-01-01"), ("start", "2009-04-01", "2012-01-01")]
    # the D09-X checklist (2009年度全省政務信息化…) is not in the 2012 notice
    assert d09_d12.checklist == "removed"


def test_d09_d12_in_the_notices_words(d09_d12):
    lines = {(c.old_ref, c.new_ref): c for c in words.clause_lines(d09_d12)}
    assert lines[("D09-2d【四、（二）】", "D12-1e【三、1】")].words == "獲市政府領導批示的信息每條另加4分 → 另加2分"
    assert lines[("D09-2a【四、（二）】", "D12-1a【三、1】")].words == "《達州政務快訊》每采用1條計2分 → 主條每采用1條計2分"
    assert lines[("D09-5a【四、（五）】", "D12-4【三、4】")].words == "直報點得分另按40%計入所屬單位 → 全額計入所屬單位"
    assert lines[("", "D12-5【三、5】")].words == "約稿、批示反饋不報、遲報的，每次扣減任務分值3分"
    assert lines[("D09-1a【四、（一）】", "D12-2a【三、2】")].details == ("刊物：每日報省信息 → 上報省辦信息",)
    groups = [w for g in d09_d12.groups for w in words.group_words(g)]
    # D09 一、“通川區 | 150” … D12 一、“通川區 | 180”: every county 150 → 180
    assert groups[0] == "一、縣、市、區目標分數：目标 150 → 180：通川區、達 縣、萬源市、宣漢縣、大竹縣、渠 縣、開江縣"
    # D09 三、市政府駐外辦事處 (駐成都 30, 駐重慶 30): no such table in 2012
    assert groups[-1] == "删去单位组三、市政府駐外辦事處目標分數：市政府駐成都辦事處 30、市政府駐重慶辦事處 30"


#: a 2012 ledger; scored under D09 its dates move to 2009
LEDGER = """编号,日期,单位,事项,刊物,栏目,类别,批示,上级采用,所属单位,标题
1,2012-02-10,通川区,采用,达州政务快讯,主条,,,,,春运
2,2012-05-04,通川区,采用,达州政务快讯,主条,,市政府领导,,,批示件
3,2012-05-05,通川区,采用,达州政务快讯,问题与建议,,,,,建议
4,2012-06-01,达县,采用,资源网,图片新闻,,,,,图片
5,2012-06-02,达县,采用,达州政务快讯,简讯,,省政府领导,,,省领导批示
6,2012-07-01,市教育局,采用,上报省办信息,,专题综合类,,省政府办公厅,,省办采用
7,2012-08-01,市教育局,迟报,,,约稿,,,,约稿迟报
"""


def test_one_ledger_under_both(tmp_path):
    f = tmp_path / "2012.csv"
    f.write_text(LEDGER, encoding="utf-8")
    old, _ = compile_file(REGULATIONS / "D09.xinxi")
    new, _ = compile_file(REGULATIONS / "D12.xinxi")
    ld, _, _ = words.compare_ledger(old, new, read_ledger(f))
    assert (ld.old_shift, ld.new_shift) == (-3, 0)
    scores = {u.name: (u.old_score, u.new_score, u.old_target, u.new_target) for u in ld.units}
    assert scores == {
        # D09 (dates in 2009): row 2 is 2009-02-10, before 四（七） April → 0; row 3 快讯 2 + 市领导批示 4 = 6;
        # row 4 问题与建议 3 → 9.  D12: 主条 2; 主条 2 + 批示 2 = 4; 问题与建议 3 → 9.  Targets 150 / 180.
        "通川區": (D(9), D(9), D(150), D(180)),
        # D09: 图片新闻 1 + (简讯 1 + 省领导批示 8) = 10.  D12: 1 + (1 + 4) = 6.
        "達 縣": (D(10), D(6), D(150), D(180)),
        # D09: 上报省办信息 is no D09 publication: D09-4c 0 + 被省办采用 另加 4 = 4; 迟报 no clause → 0; total 4.
        # D12: 专题综合类 4 + 省办采用 4 = 8; 约稿 迟报 −3 → 5.  Targets 20 / 30.
        "市教育局": (D(4), D(5), D(20), D(30)),
    }
    rows = {r.row: (r.old_points, r.new_points, r.old_clauses, r.new_clauses) for r in ld.changed_rows}
    assert rows == {
        2: (D(0), D(2), (), ("D12-1a",)),
        3: (D(6), D(4), ("D09-2a", "D09-2d"), ("D12-1a", "D12-1e")),
        6: (D(9), D(5), ("D09-2c", "D09-4b"), ("D12-1c", "D12-3b")),
        7: (D(4), D(8), ("D09-4c", "D09-4a"), ("D12-2b", "D12-3a")),
        8: (D(0), D(-3), (), ("D12-5",)),
    }
    first = next(r for r in ld.changed_rows if r.row == 2)
    assert first.old_note == "日期2009-02-10早于计分办法执行日期2009-04-01"


def test_cli_formats(tmp_path):
    f = tmp_path / "2012.csv"
    f.write_text(LEDGER, encoding="utf-8")
    runner = CliRunner()
    args = ["diff", str(REGULATIONS / "D09.xinxi"), str(REGULATIONS / "D12.xinxi"), str(f)]
    r = runner.invoke(app, [*args, "--format", "json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["same"] is False
    assert doc["ledger"]["old_year_shift"] == -3
    assert {u["unit"]: (u["old_score"], u["new_score"], u["change"]) for u in doc["ledger"]["units"]}["達 縣"] == ("10", "6", "-4")
    assert "按D09计分时，台账日期提前3年" in r.stderr
    md = runner.invoke(app, [*args, "--format", "md"])
    assert md.exit_code == 0
    assert "| 修改 | D09-2d【四、（二）】 | D12-1e【三、1】 | 獲市政府領導批示的信息每條另加4分 → 另加2分 | 分值：4 → 2 |" in md.stdout
    assert "| 達 縣 | 10 | 6 | -4 | 150 | 180 |" in md.stdout
    table = runner.invoke(app, args)
    assert table.exit_code == 0 and "分值改变的行（5行）" in table.stdout


@pytest.mark.parametrize("code", sorted(p.stem for p in REGULATIONS.glob("*.xinxi")))
def test_a_regulation_against_itself_is_no_difference(code):
    reg, _ = compile_file(REGULATIONS / f"{code}.xinxi")
    d = diff(reg, reg)
    assert d.empty and all(c.change == "same" for c in d.clauses)


def test_matched_by_meaning_not_by_line():
    """Labels and IDs renumbered, clauses reordered, a value's quotes and
    script changed (“簡訊”): the same clauses; a points change is one change."""
    head = "规程 A\n考核期 2012年1月1日 至 2012年12月31日\n属性 栏目：主条、简讯\n单位组 县【一】：\n    通川区 180\n"
    old, _ = compile_text(head + "A-1【1】《达州政务快讯》主条每采用1条计2分\nA-2【2】简讯每采用1条计1分\n")
    new, _ = compile_text(head + "B-9【（三）】“簡訊”每采用1条计1分\nB-1【（一）】《达州政务快讯》主条每采用1条计3分\n")
    d = diff(old, new)
    assert [(c.change, c.old.id, c.new.id, [(x.field, x.old, x.new) for x in c.details]) for c in d.clauses] == [
        ("same", "A-2", "B-9", []), ("changed", "A-1", "B-1", [("points", "2", "3")])]
    assert words.clause_lines(d)[0].words == "《达州政务快讯》主条每采用1条计2分 → 计3分"


def test_the_notices_other_ways_of_writing_a_value_are_the_same_clause():
    # 被《X》采用的，每条计N分 is 《X》每采用1条计N分; 《刊》（单篇） is 《刊》单篇; 标题信息或简讯 is 标题信息、简讯
    head = "规程 A\n属性 栏目：单篇、标题信息、简讯\n单位组 县【一】：\n    通川区 180\n"
    old, _ = compile_text(head + "A-1【1】《楚雄信息》每采用1条计5分\nA-2【2】《衢州信息》单篇每采用1条计50分\n"
                                 "A-3【3】《今日信息》标题信息、简讯每采用1条计3分\n")
    new, _ = compile_text(head + "B-1【1】被《楚雄信息》采用的，每条计5分\nB-2【2】《衢州信息》（单篇）采用1条，计50分\n"
                                 "B-3【3】《今日信息》标题信息或简讯每采用1条计3分\n")
    d = diff(old, new)
    assert [(c.change, c.old.id, c.new.id) for c in d.clauses] == [("same", "A-1", "B-1"), ("same", "A-2", "B-2"),
                                                                   ("same", "A-3", "B-3")]


def test_every_diff_json_key_is_documented(tmp_path):
    """docs/JSON.md's diff section names every key and every clause kind printed."""
    import re

    doc = (REGULATIONS.parent / "docs" / "JSON.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z_]+)`", doc.split("## `xinxi diff --format json`", 1)[1]))
    f = tmp_path / "2012.csv"
    f.write_text(LEDGER, encoding="utf-8")
    keys, kinds = set(), set()
    for old, new in (("D09", "D12"), ("CD07", "GZ05"), ("YM20", "D09"), ("GZ05", "YM20")):
        r = CliRunner().invoke(app, ["diff", str(REGULATIONS / f"{old}.xinxi"), str(REGULATIONS / f"{new}.xinxi"), str(f),
                                     "--format", "json"])
        assert r.exit_code == 0, r.output
        doc_json = json.loads(r.stdout)

        def walk(v):
            if isinstance(v, dict):
                keys.update(v)
                for x in v.values():
                    walk(x)
            elif isinstance(v, list):
                for x in v:
                    walk(x)
        walk(doc_json)
        kinds |= {c["kind"] for c in doc_json["clauses"]}
    assert keys - named == set()
    assert kinds - named == set()
    assert {"rule", "transfer", "start", "checklist"} <= kinds


def test_every_header_and_group_field_is_documented():
    """The `field` of `header[]` and of `groups[].details[]` are values, not
    keys: each one diff can print is named in docs/JSON.md (quota, measure,
    count_target and quota_period were not; found diffing the field regulations)."""
    import re

    from xinxi_dsl.compiler.diff import _GROUP_TERMS, _HEADER

    doc = (REGULATIONS.parent / "docs" / "JSON.md").read_text(encoding="utf-8")
    section = doc.split("## `xinxi diff --format json`", 1)[1]
    header_row = next(line for line in section.splitlines() if line.startswith("| `header` |"))
    groups_row = next(line for line in section.splitlines() if line.startswith("| `groups` |"))
    assert {f for f, _ in _HEADER} <= set(re.findall(r"`([a-z_]+)`", header_row))
    assert {f for f, _ in _GROUP_TERMS} <= set(re.findall(r"`([a-z_]+)`", groups_row))


def test_units_and_groups():
    """A target changed, a unit added, one removed, one moved between groups, a group removed."""
    old, _ = compile_text("规程 A\n单位组 县【一、县】：\n    通川区 150、达县 150\n单位组 部门【二、部门】：\n"
                          "    市教育局 20、市经委 20、市政务服务中心 15\n单位组 驻外【三、驻外】：\n    驻成都办事处 30\n"
                          "计分办法【三】\nA-1【1】《快讯》每采用1条计2分\n")
    new, _ = compile_text("规程 B\n单位组 县【一、县】：\n    通川区 180、达县 150、市政务服务中心 20\n单位组 部门【二、部门】：\n"
                          "    市教育局 30、市经信委 30\n计分办法【三】\nB-1【1】《快讯》每采用1条计2分\n")
    d = diff(old, new)
    assert [w for g in d.groups for w in words.group_words(g)] == [
        "一、县：目标 150 → 180：通川区",
        "一、县：市政务服务中心从二、部门移入（目标 15 → 20）",
        "二、部门：目标 20 → 30：市教育局",
        "二、部门：新增单位（1个）：市经信委 30",
        "二、部门：删去单位（1个）：市经委 20",
        "删去单位组三、驻外：驻成都办事处 30",
    ]
    assert [c.change for c in d.clauses] == ["same"] and not d.empty


def test_year_shift():
    from datetime import date

    from xinxi_dsl.engine.ledger import Record

    def rec(d):
        return Record(2, "1", d, "通川区", "采用", None, "", {})

    d09, _ = compile_file(REGULATIONS / "D09.xinxi")
    gz05, _ = compile_file(REGULATIONS / "GZ05.xinxi")  # 考核期 2005-12-01 … 2006-11-30
    assert words.year_shift(d09, [rec(date(2009, 5, 1))]) == 0
    assert words.year_shift(d09, [rec(date(2012, 5, 1)), rec(date(2012, 12, 31))]) == -3
    # a ledger of December 2011 … November 2012 fits GZ05's assessment year moved back six years
    assert words.year_shift(gz05, [rec(date(2011, 12, 5)), rec(date(2012, 3, 1)), rec(date(2012, 11, 30))]) == -6
    assert words._move(date(2012, 2, 29), -3) == date(2009, 2, 28)
