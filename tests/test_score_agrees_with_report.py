"""Issue 14 point 4: ``score`` and ``report`` show the same figures under the
same names — the rank within the group, the completion to date — and units
without a target stand apart, unranked among the declared units."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from conftest import ROOT
from xinxi_dsl.cli import app
from xinxi_dsl.foundation.text import fold

D12 = str(ROOT / "regulations" / "D12.xinxi")
LEDGER = str(ROOT / "examples" / "D12-2012Q1.csv")


def _run(*args: str) -> str:
    r = CliRunner().invoke(app, list(args), terminal_width=240)
    assert r.exit_code == 0, r.stderr
    return r.stdout


def score_tables(out: str) -> dict[str, tuple[list[str], list[list[str]]]]:
    """The terminal tables of ``score``: title → (header, rows)."""
    tables: dict[str, tuple[list[str], list[list[str]]]] = {}
    title = None
    for line in out.splitlines():
        if line.startswith(("┃", "│")):
            cells = [c.strip() for c in line.strip("┃│").split("┃" if line.startswith("┃") else "│")]
            if line.startswith("┃"):
                tables[title] = (cells, [])
            else:
                tables[title][1].append(cells)
        elif line.strip() and not line.startswith(("┏", "┡", "└")):
            title = line.strip()
    return tables


def report_tables(md: str) -> dict[str, tuple[list[str], list[list[str]]]]:
    """The Markdown report's tables: section heading → (header, rows)."""
    tables: dict[str, tuple[list[str], list[list[str]]]] = {}
    title = None
    for line in md.splitlines():
        if line.startswith("## "):
            title = line[3:].strip()
        elif line.startswith("|") and title is not None and not line.startswith("|--") and not line.startswith("|-"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if title not in tables:
                tables[title] = (cells, [])
            elif not set(line) <= set("|-: "):
                tables[title][1].append(cells)
    return tables


def _by_unit(header: list[str], rows: list[list[str]], *columns: str) -> dict[str, tuple[str, ...]]:
    heads = [fold(h) for h in header]
    at = [heads.index(fold(c)) for c in columns]
    unit = heads.index("单位")
    return {fold(r[unit]): tuple(r[i] for i in at) for r in rows}


def test_d12_march_score_month_and_report_show_the_same_rank_completion_and_names():
    score = score_tables(_run("score", D12, LEDGER, "--month", "2012-03"))
    report = report_tables(_run("report", D12, LEDGER, "--month", "2012-03"))
    groups = {t.removesuffix("（组内排名）"): v for t, v in score.items() if t.endswith("（组内排名）")}
    assert list(groups) == ["一、縣、市、區目標分數", "二、市級部門目標任務"]
    for name, (head, rows) in groups.items():
        r_head, r_rows = report[name]  # the same group, under the notice's own heading
        # the same names: 排名, 单位, 累计完成率 (the report in the notice's script)
        for col in ("排名", "单位", "累计完成率", "本期得分", "累计得分"):
            assert fold(col) in [fold(h) for h in head] and fold(col) in [fold(h) for h in r_head], col
        mine = _by_unit(head, rows, "排名", "累计完成率", "本期得分", "累计得分")
        theirs = _by_unit(r_head, r_rows, "排名", "累计完成率", "本期得分", "累计得分")
        assert mine == theirs
        assert [fold(r[1]) for r in rows] == [fold(r[1]) for r in r_rows]  # the same order
    county = _by_unit(*groups["一、縣、市、區目標分數"], "排名", "累计完成率", "本期得分", "累计得分")
    # 通川區: 6th in one list of every unit before, 1st of its group as in the report: 20 / 180
    assert county["通川区"] == ("1", "11.11%", "-3", "20")
    city = _by_unit(*groups["二、市級部門目標任務"], "排名", "累计完成率", "本期得分", "累计得分")
    # 市發改委: 10 this month, 14 to date; 14 / 30 = 46.67% (not the month's 10 / 30 = 33.33%)
    assert city["市发改委"] == ("1", "46.67%", "10", "14")
    assert city["市卫生局"][0] == city["农发行达州分行"][0] == "4"  # 4/20 = 2/10: a shared rank


def test_units_without_a_target_stand_apart_without_a_rank():
    tables = score_tables(_run("score", D12, LEDGER, "--month", "2012-03"))
    head, rows = tables["其他单位（无目标，不参加排名）"]
    assert head == ["单位", "本期得分", "累计得分", "计入"] and rows == [["达州市价格监测中心", "10", "10", "市發改委"]]
    ranked = [fold(r[1]) for t, (_, rs) in tables.items() if t.endswith("（组内排名）") for r in rs]
    assert "达州市价格监测中心" not in ranked


def test_whole_year_shows_one_points_column_ranked_within_groups():
    tables = score_tables(_run("score", D12, LEDGER))
    head, rows = tables["一、縣、市、區目標分數（组内排名）"]
    assert head == ["排名", "单位", "得分", "目标", "完成率"]
    assert rows[0] == ["1", "通川區", "20", "180", "11.11%"]


def test_json_keeps_rank_and_group_rank_and_csv_says_which():
    doc = json.loads(_run("score", D12, LEDGER, "--month", "2012-03", "--format", "json"))
    fgw = next(u for u in doc["units"] if u["unit"] == "市发改委")
    # the JSON contract is the period's own figures: 10 / 30, and its rank among all units
    assert (fgw["score"], fgw["completion"], fgw["rank"], fgw["group_rank"]) == ("10", "0.3333", 1, 1)
    tc = next(u for u in doc["units"] if u["unit"] == "通川区")
    assert (tc["rank"], tc["group_rank"]) == (61, 6)
    # added beside them: the figures to date, as the report and the table show them
    assert doc["to_date"] == {"from": "2012-01-01", "to": "2012-03-31"}
    assert tc["to_date"] == {"score": "20", "completion": "0.1111", "group_rank": 1}
    assert fgw["to_date"] == {"score": "14", "completion": "0.4667", "group_rank": 1}
    point = next(u for u in doc["units"] if u["unit"] == "达州市价格监测中心")
    assert point["to_date"] == {"score": "10", "completion": None, "group_rank": None}
    assert "to_date" not in json.loads(_run("score", D12, LEDGER, "--format", "json"))  # a whole year: nothing to add
    rows = list(csv.DictReader(io.StringIO(_run("score", D12, LEDGER, "--month", "2012-03", "--format", "csv").lstrip("\ufeff"))))
    tc = next(r for r in rows if fold(r["单位"]) == "通川区")
    assert (tc["本期排名"], tc["本期组内排名"], tc["本期得分"], tc["本期完成率"]) == ("61", "6", "-3", "-0.0167")
    assert (tc["累计得分"], tc["累计完成率"], tc["累计组内排名"]) == ("20", "0.1111", "1")
