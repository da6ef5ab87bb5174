"""The ledger contract (LEDGER.md): encodings, .xlsx, headers, folding, and
the exact JSON of ``xinxi score --format json``."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from conftest import ROOT, regulation
from xinxi_dsl.cli import app
from xinxi_dsl.engine.evaluate import evaluate
from xinxi_dsl.engine.ledger import parse_cell_date, read_ledger

# LEDGER.md's example: 通川区 scores 12 against 180, rank 1; row 7 has no rule.
CSV = """编号,日期,单位,事项,刊物,栏目,类别,批示,上级采用
1,2012-01-05,通川区,采用,达州政务快讯,主条,,,
2,2012/1/9,通川區,,達州政務快訊,主條,,,
3,2012年2月3日,通川区,,上报省办信息,,专题综合类,,省政府办公厅
4,2012-02-10,市统计局,,上报省办信息,,动态类,,
5,2012-02-11,市统计局,迟报,,,约稿,,
6,2012-02-12,市统计局,,达州政务快讯,简讯,,,
7,2012-02-13,通川区,,达州日报,,,,
"""
# 通川区: 主条 2 + 主條 2 + (专题综合类 4 + 省办采用 4) = 12; 12 ÷ 180 = 0.0667
# 市统计局: 动态类 2 − 迟报约稿 3 + 简讯 1 = 0; 0 ÷ 30 = 0


def score_json(tmp_path, data: bytes, name="ledger.csv", extra=()):
    f = tmp_path / name
    f.write_bytes(data)
    r = CliRunner().invoke(app, ["score", str(ROOT / "regulations" / "D12.xinxi"), str(f), "--format", "json", *extra])
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_json_contract(tmp_path, encoding):
    doc = score_json(tmp_path, CSV.encode(encoding))
    assert doc["regulation"] == "D12"
    assert doc["period"] == {"from": "2012-01-01", "to": "2012-12-31"}
    first = doc["units"][0]
    assert {k: first[k] for k in ("unit", "group", "score", "target", "completion", "rank")} == {
        "unit": "通川区", "group": "县市区", "score": "12", "target": "180", "completion": "0.0667", "rank": 1}
    stats = next(u for u in doc["units"] if u["unit"] == "市统计局")
    assert (stats["score"], stats["completion"]) == ("0", "0.0000")
    assert [{k: m[k] for k in ("row", "unit", "reason")} for m in doc["unmatched"]] == [
        {"row": 8, "unit": "通川区", "reason": "no rule for 刊物=达州日报"}]
    # every unit of the regulation is listed, each exactly once
    assert len(doc["units"]) == 63 and len({u["unit"] for u in doc["units"]}) == 63


def test_json_english_headers(tmp_path):
    english = CSV.replace("编号,日期,单位,事项,刊物,栏目,类别,批示,上级采用", "id,date,unit,event,publication,column,category,instruction,higher")
    doc = score_json(tmp_path, english.encode())
    assert doc["units"][0]["score"] == "12"


def test_xlsx(tmp_path):
    xlsxwriter = pytest.importorskip("xlsxwriter")
    from datetime import datetime
    f = tmp_path / "ledger.xlsx"
    wb = xlsxwriter.Workbook(str(f))
    ws = wb.add_worksheet("台账")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, ["日期", "单位", "刊物", "栏目", "批示"])
    ws.write_datetime(1, 0, datetime(2012, 3, 5), date_fmt)  # an Excel date cell
    ws.write_row(1, 1, ["達 縣", "達州政務快訊", "主條", "市政府領導、省政府領導"])
    ws.write_row(2, 0, ["2012-03-06", "达县", "达州政务快讯", "简讯"])
    wb.close()
    recs = read_ledger(f).records
    assert [r.date.isoformat() for r in recs] == ["2012-03-05", "2012-03-06"]
    result = evaluate(regulation("D12"), recs)
    assert result.unit("达县").score == Decimal(9)  # 主条 2 + 市领导 2 + 省领导 4 + 简讯 1 = 9


@pytest.mark.parametrize("text, iso", [
    ("2012-03-05", "2012-03-05"), ("2012/3/5", "2012-03-05"), ("2012年3月5日", "2012-03-05"),
    ("2012.3.5", "2012-03-05"), (40973, "2012-03-05"), ("2012-03-05 00:00:00", "2012-03-05")])
def test_dates(text, iso):
    assert parse_cell_date(text).isoformat() == iso


def test_exact_decimals(tmp_path):
    # points are Decimal: a 0.1-point clause three times is exactly 0.3
    from xinxi_dsl import compile_text
    from xinxi_dsl.engine.ledger import records_from_rows
    reg, _ = compile_text("规程 T\n单位组 甲：\n    市统计局 1\n《上报信息》每报送1条计0.1分\n", "t.xinxi")
    recs = records_from_rows([["编号", "日期", "单位", "事项", "刊物"]] + [[f"T{i}", "2012-01-01", "市统计局", "报送", "上报信息"] for i in range(3)], "t.csv").records
    u = evaluate(reg, recs).unit("市统计局")
    assert (str(u.score), str(u.completion)) == ("0.3", "0.3000")  # 3 × 0.1 = 0.3


def test_csv_output(tmp_path):
    f = tmp_path / "l.csv"
    f.write_text(CSV, encoding="utf-8")
    r = CliRunner().invoke(app, ["score", str(ROOT / "regulations" / "D12.xinxi"), str(f), "--format", "csv"])
    lines = r.stdout.splitlines()
    # a BOM first, so that Excel on a Chinese system opens it as UTF-8
    assert lines[0] == "\ufeff排名,单位,单位组,得分,目标,完成率,计入,组内排名"
    assert lines[1] == "1,通川區,縣市區,12,180,0.0667,,1"
    assert "1行未计分" in r.stderr  # the 达州日报 row is not lost silently


def test_csv_output_marks_counted_into():
    r = CliRunner().invoke(app, ["score", str(ROOT / "regulations/D12.xinxi"), str(ROOT / "examples/D12-2012Q1.csv"), "--format", "csv"])
    point = next(l for l in r.stdout.splitlines() if "达州市价格监测中心" in l)
    assert point == "1,达州市价格监测中心,,10,,,市發改委,"  # no group rank; its 10 are already inside 市發改委's 14


def test_unknown_unit_reported_with_nearest_name():
    from conftest import row, score_rows
    result = score_rows("D12", [row("2012-01-05", "市发展改革委", 刊物="达州政务快讯", 栏目="主条"),
                                row("2012-01-06", "价格监测点", 刊物="达州政务快讯", 栏目="主条", 所属单位="市发改委")])
    # the typo is scored on its own (2, no target), never dropped, and the known name is suggested;
    # a direct-report point (it has a 所属单位) is expected to be unknown and is not reported
    assert [(u.unit, u.rows, u.suggestion) for u in result.unknown_units] == [("市发展改革委", (2,), "市發改委")]
    assert result.unit("市发展改革委").score == 2 and result.unit("市发展改革委").target is None


def test_unknown_parent_flagged():
    from conftest import row, score_rows
    result = score_rows("YM20", [row("2020-04-01", "交警大队", 刊物="政府快报", 级别="义马市", 形式="条目", 所属单位="市公安局")])
    assert [(u.unit, u.suggestion) for u in result.unknown_units] == [("市公安局", "公安局")]


def test_declared_unit_with_parent_not_transferred():
    from conftest import row, score_rows
    result = score_rows("YM20", [row("2020-04-01", "审计局", 刊物="政府快报", 级别="义马市", 形式="条目", 所属单位="财政局")])
    # 审计局 is a unit of its own: its 3 points stay, 财政局 gets nothing, and the row is flagged
    assert (result.unit("审计局").score, result.unit("财政局").score) == (3, 0)
    assert [w.row for w in result.warnings] == [2]


def test_several_values_selecting_different_rules_are_listed():
    from conftest import row, score_rows
    result = score_rows("D12", [row("2012-01-05", "通川区", 刊物="达州政务快讯", 栏目="主条、简讯")])
    assert result.unit("通川区").score == 0
    assert [m.reason for m in result.unmatched] == ["several rules match equally (D12-1a、D12-1c) for 栏目=主条、简讯"]


def test_long_cell_is_text(tmp_path):
    f = tmp_path / "long.csv"
    f.write_text("日期,单位,刊物,栏目,标题\n2012-01-05,通川区,达州政务快讯,主条," + "长" * 200_000 + "\n", encoding="utf-8")
    assert read_ledger(f).records[0].title == "长" * 200_000


def test_alias_in_the_notice_form_and_in_explain(tmp_path):
    from conftest import row, score_rows
    result = score_rows("YM20", [row("2020-04-01", "商务局（招商服务局）", 刊物="政府快报", 级别="义马市", 形式="条目"),
                                 row("2020-04-02", "招商服务局", 刊物="政府快报", 级别="义马市", 形式="条目")])
    assert result.unit("招商服务局") is result.unit("商务局")
    assert result.unit("商务局").score == 6 and result.unknown_units == []  # 2 × 条目 3
