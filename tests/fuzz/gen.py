"""Input generators for the fuzzers (tests/fuzz/run.py).

Every generator takes a ``random.Random`` and returns one input, so example
``i`` of generator ``g`` under seed ``S`` is rebuilt exactly by
``random.Random(f"{S}:{g}:{i}")`` — ``run.py --replay g:i --seed S`` does it.

The inputs are made to reach where the failures are (issue 11): long numbers,
positional and mixed Chinese numerals, rich markup brackets, markdown/HTML,
invisible and control characters, deep nesting and long lines, absurd years,
negative targets, keyword-prefixed names; CSV ledgers with hostile headers,
extra cells, title rows, odd dates, UTF-16, cut bytes, formula-looking text;
xlsx workbooks that are sparse, declare a huge size, hold formulas without
values, error values, several or hidden sheets, merged header cells.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {p.stem: p.read_text(encoding="utf-8") for p in sorted((ROOT / "regulations").glob("*.xinxi"))}
#: the regulation the ledgers are scored with (D12's rules, three units)
LEDGER_REG = ROOT / "tests" / "bad" / "ledger.xinxi"
LEDGER_UNITS = ["通川区", "达 县", "達縣", "市发改委", "市發改委"]

# ---- the hostile pieces --------------------------------------------------------

CHINESE_NUMERALS = [
    "二五", "一五", "一五分", "三〇", "十一万", "两百零五", "〇.五", "零点五", "一百八十", "十万万", "万", "千千", "两两",
    "九千九百九十九万九千", "二〇一二", "百分之四十", "一点", "点五", "十", "零", "〇〇", "兩百", "萬萬萬萬萬萬萬萬", "一千零一十",
    "三点一四一五九二六五三五八九七九三二三八四六二六", "五十五万万万万万", "一二三四五六七八九〇一二三四五六七八九〇一二",
]


def long_number(rng: random.Random) -> str:
    digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(20, 60)))
    if rng.random() < 0.5:
        digits += "." + "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 30)))
    return digits


def number(rng: random.Random) -> str:
    r = rng.random()
    if rng.random() > _hostility[0] * 2:
        return str(rng.choice([1, 2, 3, 5, 10, 20, 30, 180]))
    if r < 0.5:
        return long_number(rng)
    if r < 0.75:
        return rng.choice(CHINESE_NUMERALS)
    return rng.choice(["0", "0.0", "00", "-5", "−5", "－5", "0.000000000000000000001", "１２．５", "１２", "0.1", "1e9",
                       "1,000", "NaN", "9" * 400, "5.", ".5", "٣", "²", "1_000", "0x10"])


MARKUP = ["[bold]", "[/bold]", "[/]", "[link=https://evil.example/x]", "[link=javascript:alert(1)]点此[/link]", "[red]红[/red]",
          "[bold red on white]", "[[", "]]", "\\[bold]", "[", "]", ":smile:", "[reverse]"]
HTML_MD = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</td></tr></table>", "|", "||", "*", "**强调**",
           "_", "`", "```", "# 标题", "&amp;", "&lt;", "{{ 7*7 }}", "{% raw %}", "<!--", "]]>", "\\", "$x$", "<b>粗</b>",
           "[链接](javascript:alert(1))", "---", "> 引用"]
INVISIBLE = ["\u200b", "\ufeff", "\u2060", "\u202e", "\u202d", "\u200e", "\u200f", "\u00ad", "\u180e", "\u2028", "\u2029",
             "\u0085", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x00", "\x01", "\x08", "\r", "\t", "\u3000", "\U000e0001", "\ud800",
             "\U0001f600", "e\u0301", "\ufffd"]
KEYWORDS = ["规程", "單位組", "单位组", "属性", "考核期", "计分办法", "每采用", "每条", "每次", "另加", "扣", "计", "计入", "所属单位",
            "全额", "目标", "共", "个", "指标考核", "满分", "达到", "最高", "直报点", "获", "批示", "首次", "以后", "从", "开始执行", "至",
            "未下达目标任务的单位", "季度目标", "按采用数", "每月通报", "排序", "名称", "文号"]
CSV_FORMULAS = ["=cmd|' /C calc'!A0", "=HYPERLINK(\"https://evil.example\",\"点此\")", "+1+1", "-2+3", "@SUM(A1:A9)",
                "=1+1", "\t=1", "\r=1", "=WEBSERVICE(\"https://evil.example\")", "-", "+", "@", "=", "＝1+1"]


#: the share of names and numbers made hostile; grammar_shaped varies it per
#: example so that many inputs compile (and reach fmt, rendering, scoring)
_hostility = [0.45]


def hostile(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.25:
        return rng.choice(MARKUP)
    if kind < 0.45:
        return rng.choice(HTML_MD)
    if kind < 0.7:
        return rng.choice(INVISIBLE)
    if kind < 0.85:
        return rng.choice(KEYWORDS)
    if kind < 0.92:
        return rng.choice(CSV_FORMULAS)
    return number(rng)


def name(rng: random.Random, base: str) -> str:
    """A name, sometimes with a hostile piece before, inside or after it."""
    if rng.random() > _hostility[0]:
        return base
    r = rng.random()
    h = hostile(rng)
    if r < 0.3:
        return h + base
    if r < 0.7:
        return base + h
    if r < 0.93:
        return base[:1] + h + base[1:]
    return rng.choice(KEYWORDS) + base  # keyword-prefixed name


YEARS = [2012, 2012, 2012, 2009, 9999, 1, 1899, 1900, 2999, 3000, 0, 10000, 2012]


def year(rng: random.Random) -> str:
    y = rng.choice(YEARS) if rng.random() < _hostility[0] * 2 else 2012
    return f"{y:04d}" if rng.random() < 0.9 else str(y)


def ymd(rng: random.Random) -> str:
    m, d = (1, 1) if rng.random() > _hostility[0] else rng.choice([(1, 1), (12, 31), (2, 29), (2, 30), (13, 1), (0, 0), (6, 15), (11, 30)])
    if rng.random() < 0.5:
        return f"{year(rng)}年{m}月{d}日"
    return f"{year(rng)}-{m:02d}-{d:02d}"


# ---- regulations ---------------------------------------------------------------


def _checklist(rng: random.Random, depth: int) -> list[str]:
    lines = [f"指标考核【{name(rng, '考核办法')}】："]

    def section(level: int, path: str) -> None:
        ind = "    " * level
        lines.append(f"{ind}X-{path}【{name(rng, '一')}】{name(rng, '大项' + path)} 满分{number(rng)}分：")
        if level < depth and rng.random() < 0.85:
            section(level + 1, path + ".1")
        for k in range(rng.randint(1, 2)):
            leaf = rng.choice([f"达到 计{number(rng)}分", f"每个加{number(rng)}分，最高加{number(rng)}分",
                               f"不少于{number(rng)}个 计{number(rng)}分", f"每次扣{number(rng)}分",
                               f"达到{number(rng)}% 计{number(rng)}分", f"每条{number(rng)}分"])
            lines.append(f"{ind}    X-{path}.{k + 2}【{k + 1}】{name(rng, '指标' + path.replace('.', '') + str(k))} {leaf}")

    section(1, "1")
    return lines


def grammar_shaped(rng: random.Random) -> str:
    """A regulation built from the language's statements, with hostile pieces
    in its names and numbers; most compile, so the later stages run too."""
    _hostility[0] = rng.choice([0.0, 0.03, 0.08, 0.15, 0.45])
    lines = [f"规程 {name(rng, 'F')}" if rng.random() < 0.2 else "规程 F"]
    if rng.random() < 0.6:
        lines.append(f"名称 {name(rng, '政务信息计分办法')}")
    if rng.random() < 0.3:
        lines.append(f"文号 {name(rng, '某府办〔2012〕1号')}")
    if rng.random() < 0.7:
        lines.append(f"考核期 {ymd(rng)} 至 {ymd(rng)}")
    if rng.random() < 0.4:
        lines.append(f"从{year(rng)}年{rng.choice([1, 4, 12, 0, 13]) if rng.random() < _hostility[0] else 1}月开始执行")
    if rng.random() < 0.3:
        lines.append(rng.choice(["每月通报", "每季度通报", "排序 按完成率", "排序 按得分"]))
    attrs = {"栏目": ["主条", "简讯", "问题与建议"], "类别": ["约稿", "动态类"], "事项": ["不报", "迟报"]}
    for k, vs in attrs.items():
        if rng.random() < 0.7 or not _hostility[0]:
            vals = [name(rng, v) for v in vs]
            if rng.random() < 0.05:
                vals = vals * rng.randint(100, 400)  # a long line
            lines.append(f"属性 {k}：{'、'.join(vals)}")
    for g in range(rng.randint(1, 3)):
        head = f"单位组 {name(rng, '组' + str(g))}"
        if rng.random() < 0.4:
            head += f"【{name(rng, '一、县市区')}】"
        per_unit = rng.random() < 0.5
        if not per_unit:
            head += f" 目标{number(rng)}分"
        if rng.random() < 0.2:
            head += f" 共{number(rng)}个"
        lines.append(head + "：")
        n_units = rng.randint(1, 4) if rng.random() < 0.97 else rng.randint(100, 300)
        units = [name(rng, f"单位{g}{k}") + (f" {number(rng)}" if per_unit else "") for k in range(n_units)]
        step = rng.choice([2, 3, 500])
        for k in range(0, len(units), step):
            lines.append("    " + "、".join(units[k:k + step]))
    if rng.random() < 0.3:
        lines.append(f"计分办法【{name(rng, '四、计分办法')}】")
    clauses = [
        lambda pub: f"{pub}{name(rng, '主条')}每采用{number(rng)}条计{number(rng)}分",
        lambda pub: f"{pub}每采用1条计{number(rng)}分",
        lambda pub: f"获{name(rng, '市政府领导')}批示的信息每条另加{number(rng)}分",
        lambda pub: f"{name(rng, '约稿')} 不报、迟报 每次扣{number(rng)}分",
        lambda pub: f"动态类 不报第一次扣{number(rng)}分，以后每次扣{number(rng)}分",
        lambda pub: f"{pub}每条计{number(rng)}分，全年累计不超过{number(rng)}分",
        lambda pub: f"直报点得分{rng.choice(['全额', '另按40%', '按' + number(rng) + '%', '按百分之' + number(rng)])}计入所属单位",
        lambda pub: "未下达目标任务的单位单独计分",
        lambda pub: f"被{name(rng, '省政府办公厅')}采用每条另加{number(rng)}分",
    ]
    for r, make in enumerate(rng.sample(clauses, rng.randint(1, len(clauses)))):
        rid = f"F-{r}" if rng.random() < 0.5 else ""
        label = f"【{name(rng, '（一）')}】" if rng.random() < 0.3 else ""
        lines.append(f"{rid}{label}{make(f'《{name(rng, chr(0x520a) + chr(0x7269) + str(r))}》')}")
    if rng.random() < 0.25:
        lines += _checklist(rng, rng.choice([1, 2, 3, 5, 10, 30, 60, 100]))
    text = "\n".join(lines) + rng.choice(["\n", "", "\r\n", "\n\n"])
    for _ in range(rng.choice([0, 0, 0, 1, 2]) if _hostility[0] else 0):
        text = insert(rng, text)
    _hostility[0] = 0.45
    return text


def insert(rng: random.Random, text: str) -> str:
    pos = rng.randint(0, len(text))
    return text[:pos] + hostile(rng) + text[pos:]


_NUM = re.compile(r"(?<![A-Za-z\-.])[0-9]+(?:\.[0-9]+)?(?![0-9年月日])")


def mutated(rng: random.Random) -> str:
    """A real regulation with its numbers swapped for hostile ones, hostile
    pieces inserted, lines indented deeper or repeated."""
    text = SOURCES[rng.choice(sorted(SOURCES))]
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        if op < 0.35:
            nums = list(_NUM.finditer(text))
            if nums:
                m = rng.choice(nums)
                text = text[:m.start()] + number(rng) + text[m.end():]
        elif op < 0.65:
            text = insert(rng, text)
        elif op < 0.75:  # after a keyword: names that begin with a keyword
            kw = rng.choice(KEYWORDS)
            at = text.find(kw)
            if at >= 0:
                at += len(kw)
                text = text[:at] + hostile(rng) + text[at:]
        elif op < 0.85:
            lines = text.split("\n")
            i = rng.randrange(len(lines))
            lines[i] = "    " * rng.randint(1, 40) + lines[i]
            text = "\n".join(lines)
        elif op < 0.93:
            lines = text.split("\n")
            i = rng.randrange(len(lines))
            lines[i] = lines[i] * rng.randint(2, 300)  # a long line
            text = "\n".join(lines)
        else:
            m = re.search(r"\d{4}年", text)
            if m:
                text = text[:m.start()] + year(rng) + text[m.end() - 1:]
    return text


def numeral_target(rng: random.Random) -> tuple[str, str, str]:
    """D12 with 通川区's target written as a numeral of known value:
    (text, numeral, unit) for oracle.check_numeral."""
    from oracle import NUMERAL_VALUES

    numeral = rng.choice(sorted(NUMERAL_VALUES))
    return SOURCES["D12"].replace("通川區 180", f"通川區 {numeral}", 1), numeral, "通川區"


def regulation(rng: random.Random) -> str:
    return grammar_shaped(rng) if rng.random() < 0.55 else mutated(rng)


# ---- CSV ledgers ------------------------------------------------------------------

COLUMNS = ["编号", "日期", "单位", "刊物", "栏目", "类别", "事项", "批示", "上级采用", "所属单位", "标题"]
ENGLISH = {"日期": "date", "单位": "unit", "编号": "id", "事项": "event", "标题": "title"}
DATES = ["2012-03-05", "2012/3/5", "2012年3月5日", "2012.3.5", "20120313", "2012-3-5 10:30", "2012-03-05T10:30:00",
         "41000", "41000.0", "3/5/2012", "2012-02-30", "2012-13-01", "9999-12-31", "0001-01-01", "0000-01-01", "2012",
         "2012年3月", "", " ", "明天", "2012-03-05\u200b", "\ufeff2012-03-05", "２０１２-03-05", "2012-3-5日", "99999",
         "2958466", "1e5", "-1", "2012-03-05 25:99", "2012年3月5号"]


def _cell(rng: random.Random, base: str) -> str:
    r = rng.random()
    if r < 0.6:
        return base
    if r < 0.72:
        return rng.choice(CSV_FORMULAS)
    if r < 0.8:
        return "x" * rng.choice([1000, 20000])
    return name(rng, base)


def ledger_rows(rng: random.Random) -> list[list[str]]:
    cols = [c for c in COLUMNS if rng.random() < 0.7 or c in ("日期", "单位")]
    rng.shuffle(cols)
    header = [ENGLISH.get(c, c) if rng.random() < 0.15 else c for c in cols]
    for _ in range(rng.choice([0, 0, 0, 1, 2])):  # hostile headers
        r = rng.random()
        i = rng.randrange(len(header))
        if r < 0.3:
            header.insert(i, rng.choice(CSV_FORMULAS + MARKUP + HTML_MD))
        elif r < 0.5:
            header[i] = header[i] + rng.choice(INVISIBLE)
        elif r < 0.6:
            header.insert(i, header[i])  # a duplicate column
        elif r < 0.7:
            header.insert(i, "")
        elif r < 0.8:
            header[i] = f" {header[i]} "
        else:
            header.insert(i, rng.choice(KEYWORDS))
    rows = []
    if rng.random() < 0.15:  # a title row above the header
        rows.append([rng.choice(["2012年政务信息采用台账", "台账", "=1+1"])] + [""] * rng.choice([0, len(header) - 1]))
    rows.append(header)
    for _ in range(rng.choice([0, 1, 3, 8, 20, 50])):
        row = []
        for h in header:
            if h in ("日期", "date"):
                row.append(rng.choice(DATES[:3]) if rng.random() < 0.5 else rng.choice(DATES))
            elif h in ("单位", "unit", "所属单位"):
                row.append(_cell(rng, rng.choice(LEDGER_UNITS)))
            elif h == "栏目":
                row.append(_cell(rng, rng.choice(["主条", "简讯", "问题与建议", "图片新闻"])))
            elif h == "刊物":
                row.append(_cell(rng, "达州政务快讯"))
            elif h in ("事项", "event"):
                row.append(_cell(rng, rng.choice(["", "", "不报", "迟报", "采用"])))
            elif h == "批示":
                row.append(_cell(rng, rng.choice(["", "市政府领导"])))
            else:
                row.append(_cell(rng, rng.choice(["", "1", "某标题"])))
        if rng.random() < 0.1:
            row += [rng.choice(["多余", "=1+1", "[bold]", ""]) for _ in range(rng.randint(1, 3))]  # cells beyond the header
        if rng.random() < 0.1:
            row = row[: rng.randrange(len(row) + 1)]
        rows.append(row)
        if rng.random() < 0.1:
            rows.append(list(row))  # a duplicate row
        if rng.random() < 0.05:
            rows.append([""] * rng.randint(0, len(header)))
    return rows


def _csv_text(rng: random.Random, rows: list[list[str]]) -> str:
    delim = rng.choice([",", ",", ",", ",", "\t", ";"])
    end = rng.choice(["\n", "\r\n", "\r\n", "\r"])
    out = []
    for row in rows:
        cells = []
        for c in row:
            if any(ch in c for ch in (delim, '"', "\n", "\r")) or rng.random() < 0.05:
                c = '"' + c.replace('"', '""') + '"'
            cells.append(c)
        out.append(delim.join(cells))
    return end.join(out) + rng.choice([end, ""])


def ledger_csv(rng: random.Random) -> bytes:
    text = _csv_text(rng, ledger_rows(rng))
    enc = rng.choice(["utf-8", "utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "big5"])
    data = text.encode(enc, errors="replace" if enc in ("gb18030", "big5") else "surrogatepass")
    r = rng.random()
    if r < 0.08 and data:  # bytes cut mid-character
        multi = [i for i, b in enumerate(data) if b >= 0xC0]
        cut = rng.choice(multi) + 1 if multi else rng.randrange(len(data))
        data = data[:cut] + (data[cut + rng.randint(0, 2):] if rng.random() < 0.5 else b"")
    elif r < 0.12 and data:  # a flipped byte
        i = rng.randrange(len(data))
        data = data[:i] + bytes([rng.randrange(256)]) + data[i + 1:]
    return data


COMMANDS = [
    ["score"], ["score", "--format", "csv"], ["score", "--format", "json"], ["score", "--strict"],
    ["explain", "--unit", "通川区"], ["explain", "--unit", "[bold]"],
    ["report", "--year", "2012", "--format", "md"], ["report", "--month", "2012-03", "--format", "html"],
    ["report", "--quarter", "1", "--format", "xlsx", "-o", "{out}.xlsx"], ["report", "--year", "2012", "--format", "xlsx", "-o", "{out}.xlsx"],
    ["score", "--format", "xlsx", "-o", "{out}.xlsx"],
]


def commands(rng: random.Random) -> list[list[str]]:
    """The CLI commands one ledger is run through: score, and one other."""
    return [["score"], rng.choice(COMMANDS[1:])]


# ---- xlsx ledgers (raw OOXML, so every odd shape can be written) -----------------

def col_letter(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def _sheet_xml(rng: random.Random, rows: list[list[object]], strings: list[str]) -> str:
    cells_xml = []
    max_r, max_c = len(rows), max((len(r) for r in rows), default=1)
    for r, row in enumerate(rows, 1):
        cs = []
        for c, v in enumerate(row):
            ref = f"{col_letter(c)}{r}"
            if v is None or v == "":
                continue
            if isinstance(v, tuple):  # special cells
                kind, payload = v
                if kind == "formula":  # a formula without a cached value
                    cs.append(f'<c r="{ref}"><f>{escape(payload)}</f></c>')
                elif kind == "formula-str":
                    cs.append(f'<c r="{ref}" t="str"><f>{escape(payload)}</f><v>{escape(payload)}</v></c>')
                elif kind == "error":
                    cs.append(f'<c r="{ref}" t="e"><v>{payload}</v></c>')
                elif kind == "bool":
                    cs.append(f'<c r="{ref}" t="b"><v>{payload}</v></c>')
                elif kind == "date":  # a number with a date style
                    cs.append(f'<c r="{ref}" s="1"><v>{payload}</v></c>')
                elif kind == "num":
                    cs.append(f'<c r="{ref}"><v>{payload}</v></c>')
                elif kind == "inline":
                    cs.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(payload)}</t></is></c>')
                elif kind == "badref":
                    cs.append(f'<c r="{ref}" t="s"><v>{payload}</v></c>')
                continue
            strings.append(str(v))
            cs.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
        cells_xml.append(f'<row r="{r}">{"".join(cs)}</row>')
    extra = ""
    dim = f"A1:{col_letter(max_c - 1)}{max_r}"
    r = rng.random()
    if r < 0.2:
        dim = rng.choice(["A1:XFD1048576", "A1:ZZ100000", "A1:A1", "B2:A1", "A1:XFD1", "A1:A1048576", "", "Z:Z", "A0:A0"])
    elif r < 0.3:  # a cell far away
        fr, fc = rng.choice([(1048576, 16383), (100000, 3), (5, 16000), (1048576, 0), (70000, 700)])
        cells_xml.append(f'<row r="{fr}"><c r="{col_letter(fc)}{fr}" t="inlineStr"><is><t>远</t></is></c></row>')
    if rng.random() < 0.2:
        extra = '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>'
    if rng.random() < 0.03:
        extra += '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    dim_xml = f'<dimension ref="{dim}"/>' if rng.random() < 0.9 else ""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'{dim_xml}<sheetData>{"".join(cells_xml)}</sheetData>{extra}</worksheet>')


def ledger_xlsx(rng: random.Random) -> bytes:
    """A workbook: one to four sheets (hidden, very hidden, empty, chart-less),
    the ledger rows with some cells as formulas without values, error values,
    booleans, date serials, far-away cells, a huge declared dimension."""
    n_sheets = rng.choice([1, 1, 1, 2, 3, 4])
    sheets = []
    for s in range(n_sheets):
        rows: list[list[object]] = [list(r) for r in ledger_rows(rng)] if rng.random() < 0.85 else []
        for row in rows[1:]:
            for c in range(len(row)):
                r = rng.random()
                if r < 0.04:
                    row[c] = ("formula", rng.choice(["1+1", "A1", "TODAY()", "NA()", "HYPERLINK(\"https://evil.example\")", "SUM(A:A)"]))
                elif r < 0.06:
                    row[c] = ("formula-str", "=cmd|' /C calc'!A0")
                elif r < 0.08:
                    row[c] = ("error", rng.choice(["#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?"]))
                elif r < 0.09:
                    row[c] = ("bool", rng.choice(["0", "1"]))
                elif r < 0.12:
                    row[c] = ("date", rng.choice(["41000", "40999.5", "0", "-1", "2958466", "1e308", "NaN", "41000.99999999"]))
                elif r < 0.13:
                    row[c] = ("num", rng.choice(["1e308", "-0", "3.14", "INF", "1E+400"]))
                elif r < 0.15:
                    row[c] = ("inline", str(row[c]))
                elif r < 0.155:
                    row[c] = ("badref", rng.choice(["999999", "-1", "x"]))
        state = rng.choice(["visible"] * 6 + ["hidden", "veryHidden"])
        sheets.append((rng.choice([f"Sheet{s + 1}", "台账", "[bold]", "<script>"])[:31], state, rows))
    strings: list[str] = []
    sheet_xml = [_sheet_xml(rng, rows, strings) for _, _, rows in sheets]
    names_seen: set[str] = set()
    wb_sheets = []
    for i, (nm, state, _) in enumerate(sheets, 1):
        if nm in names_seen:
            nm = f"{nm}{i}"
        names_seen.add(nm)
        st = "" if state == "visible" else f' state="{state}"'
        wb_sheets.append(f'<sheet name="{escape(nm, {chr(34): "&quot;"})}" sheetId="{i}"{st} r:id="rId{i}"/>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    workbook = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {ns}><sheets>{"".join(wb_sheets)}</sheets></workbook>'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    wb_rels = "".join(f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, n_sheets + 1))
    wb_rels += f'<Relationship Id="rId{n_sheets + 1}" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
    wb_rels += f'<Relationship Id="rId{n_sheets + 2}" Type="{rel}/styles" Target="styles.xml"/>'
    sst = "".join(f"<si><t xml:space=\"preserve\">{escape(_xml_safe(s))}</t></si>" for s in strings)
    ct_main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{ct_main}.worksheet+xml"/>' for i in range(1, n_sheets + 1))
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct_main}.sheet.main+xml"/>{overrides}'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct_main}.sharedStrings+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{ct_main}.styles+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{wb_rels}</Relationships>',
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">{sst}</sst>',
        "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
    }
    for i, x in enumerate(sheet_xml, 1):
        files[f"xl/worksheets/sheet{i}.xml"] = x
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in files.items():
            # a lone surrogate is written as its (invalid) UTF-8 bytes: odd input, not a crash of the generator
            z.writestr(k, v.encode("utf-8", "surrogatepass"))
    return buf.getvalue()


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(s: str) -> str:
    return _XML_BAD.sub("?", s)
