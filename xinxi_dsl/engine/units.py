"""Unit names as clerks write them: affixes, the alias table, suggestions.

A ledger names a unit as its clerk writes it.  Three steps map it onto the
units the regulation declares, after the exact (folded) name:

1. the **alias table** beside the regulation (``CD07.aliases.csv``, columns
   ``台账写法,规程单位``): a name a clerk has accepted once;
2. **administrative affixes** (issue 12 point 23): a ``政府`` / ``人民政府``
   suffix after a district or county (越秀区人民政府 → 越秀区(政府)), the
   city's own name as prefix (广州市公安局 → 市公安局, 成都市锦江区 → 锦江区,
   成都市高新区 → 成都高新区).  Where two declared units could be meant,
   nothing is matched: :class:`Ambiguous` names both;
3. otherwise a **suggestion** (point 24): the declared name nearest by a
   CJK-aware score (affixes and 驻…办事处 stripped, then the longest common
   subsequence), shown in the unknown-unit warning with the line to add to
   the alias table.

The city's own name comes from the regulation: its 名称 line where it starts
with one (廣州市政務信息工作實施方案 → 广州市), else the first comment line
of the regulation file, which transcribes the notice's title (# 成都市人民政府
办公厅关于… → 成都市).  Without one, no city prefix is stripped.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..compiler import ir
from ..foundation.diagnostics import Diagnostic, Span, XinxiError
from ..foundation.text import fold

#: a district / county / county-level city / banner and the like: the kinds
#: of unit a 政府 suffix may follow
_PLACE_ENDS = tuple("区县市旗镇乡")
_GOV_SUFFIXES = ("人民政府", "政府")
#: a city name at the start of a title: 2-3 characters then 市
_CITY = re.compile(r"^(?:印发|关于)?《?([\u4e00-\u9fff]{2,3}?市)(?!场|级|委|民)")


@dataclass(frozen=True)
class Match:
    """How a ledger name was matched to a declared unit."""

    unit: str  #: the unit's key (folded notice name)
    how: str  #: alias | affix
    note: str  #: Chinese, for explain: 去掉“广州市”“人民政府”


@dataclass(frozen=True)
class Ambiguous:
    """A ledger name that two or more declared units could mean."""

    names: tuple[str, ...]  #: the candidates, as the notice writes them


def city_of(reg: ir.Regulation, source: str | None = None) -> str | None:
    """The regulation's own city (folded): 广州市, 成都市, 达州市, 义马市."""
    for text in (reg.name, _title_comment(reg, source)):
        if text:
            m = _CITY.match(fold(text))
            if m:
                return m[1]
    return None


def _title_comment(reg: ir.Regulation, source: str | None) -> str | None:
    if source is None:
        try:
            source = Path(reg.file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeError, ValueError):
            return None
    for line in source.splitlines():
        line = line.strip()
        if line:
            return line[1:].strip() if line.startswith("#") else None
    return None


def _strip_gov(name: str) -> str:
    for s in _GOV_SUFFIXES:
        if name.endswith(s) and len(name) > len(s) + 1 and name[: -len(s)].endswith(_PLACE_ENDS):
            return name[: -len(s)]
    return name


def forms(name: str, city: str | None) -> dict[str, str]:
    """The affix-free forms of a folded name → what was taken off (Chinese)."""
    out = {}
    base = _strip_gov(name)
    gov = name[len(base):]
    out[base] = f"去掉“{gov}”" if gov else ""
    if city and base.startswith(city) and len(base) > len(city):
        rest = base[len(city):]
        out.setdefault(rest, "去掉" + "、".join(f"“{t}”" for t in (city, gov) if t))
        if not rest.startswith("市"):
            out.setdefault("市" + rest, f"“{city}”写作“市”" + (f"、去掉“{gov}”" if gov else ""))
        out.setdefault(city[:-1] + rest, f"“{city}”写作“{city[:-1]}”" + (f"、去掉“{gov}”" if gov else ""))
    return out


class Names:
    """Every declared unit's names and their affix-free forms; the alias table."""

    def __init__(self, reg: ir.Regulation, names: dict[str, tuple], source: str | None = None):
        #: folded name (aliases too) → (group, unit), as evaluate builds it
        self.names = names
        self.city = city_of(reg, source)
        #: affix-free form → {unit key: what the notice's name adds to it}
        self.forms: dict[str, dict[str, str]] = {}
        for n, (g, u) in names.items():
            for f, took in forms(n, self.city).items():
                self.forms.setdefault(f, {}).setdefault(u.key, f"规程写作“{u.name}”" if took else "")
        self.display = {u.key: u.name for g, u in reg.units()}
        self.aliases = read_aliases(reg, names)

    def match(self, folded: str) -> Match | Ambiguous | None:
        """A ledger name not declared as such: by the alias table, then affixes."""
        if folded in self.aliases:
            key, line = self.aliases[folded]
            return Match(key, "alias", f"别名表第{line}行")
        found: dict[str, str] = {}
        for f, took in forms(folded, self.city).items():
            for key, theirs in self.forms.get(f, {}).items():
                found.setdefault(key, "，".join(t for t in (took, theirs) if t))
        if len(found) > 1:
            return Ambiguous(tuple(self.display[k] for k in sorted(found, key=list(self.display).index)))
        if found:
            (key, took), = found.items()
            return Match(key, "affix", took)
        return None

    def suggest(self, folded: str) -> list[str]:
        """The declared names nearest to an unknown one (ties: all of them)."""
        keys = dict.fromkeys(self.names[n][1].key for n in nearest(folded, list(self.names), self.city))
        return [self.display[k] for k in keys]


# -- the alias table -------------------------------------------------------------

def aliases_path(reg: ir.Regulation) -> Path | None:
    if not reg.file or reg.file.startswith("<"):
        return None
    p = Path(reg.file)
    return p.with_name(p.stem + ".aliases.csv")


def read_aliases(reg: ir.Regulation, names: dict[str, tuple]) -> dict[str, tuple[str, int]]:
    """``CD07.aliases.csv`` beside ``CD07.xinxi``: 台账写法,规程单位 per line.
    A unit the regulation does not declare is an error, located."""
    p = aliases_path(reg)
    if p is None or not p.is_file():
        return {}
    file = str(p)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeError:
        raise XinxiError(Diagnostic("bad-encoding", "别名表不是UTF-8编码，请另存为UTF-8 (alias table not UTF-8)", Span(file, 0, 0)))
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [fold(c) for c in rows[0][:2]] != ["台账写法", "规程单位"]:
        raise XinxiError(Diagnostic("alias-header", "别名表第一行应为“台账写法,规程单位” (alias table header: ledger name, unit)", Span(file, 1, 1)))
    out: dict[str, tuple[str, int]] = {}
    for i, row in enumerate(rows[1:], start=2):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if len(cells) != 2 or not all(cells):
            raise XinxiError(Diagnostic("alias-row", f"别名表第{i}行应有两格：台账写法,规程单位 (alias row: two cells)", Span(file, i, 1)))
        written, unit = cells
        hit = names.get(fold(unit))
        if hit is None:
            close = nearest(fold(unit), list(names), None)
            hint = f"；是否为“{names[close[0]][1].name}”？" if close else ""
            raise XinxiError(Diagnostic("alias-unknown-unit", f"别名表第{i}行的“{unit}”不是规程中的单位{hint} (alias names a unit the regulation does not declare)",
                                        Span(file, i, len(row[0]) + 2)))
        prev = out.get(fold(written))
        if prev and prev[0] != hit[1].key:
            raise XinxiError(Diagnostic("alias-twice", f"别名表第{i}行的“{written}”在第{prev[1]}行已指向另一单位 (ledger name given two units)", Span(file, i, 1)))
        if fold(written) in names and names[fold(written)][1].key != hit[1].key:
            raise XinxiError(Diagnostic("alias-declared", f"别名表第{i}行的“{written}”是规程中另一单位的名称 (ledger name is another declared unit)", Span(file, i, 1)))
        out[fold(written)] = (hit[1].key, i)
    return out


def alias_line(written: str, unit: str) -> str:
    """The line a clerk adds to accept a suggestion."""
    return f"{written},{unit}"


# -- suggestions -------------------------------------------------------------------

_RESIDENT = re.compile(r"^(?:市政府|市府)?驻(.+?)(?:办事处|办)$")
_SHORT = {"发展改革": "发改", "发展和改革": "发改", "办事处": "办", "北京": "京", "上海": "沪", "深圳": "深", "人民政府": "政府"}


def core(name: str, city: str | None) -> str:
    """A name without the affixes that say nothing about which unit it is."""
    n = _strip_gov(name)
    if city and n.startswith(city) and len(n) > len(city):
        n = n[len(city):]
    m = _RESIDENT.match(n)
    if m:  # 市政府驻北京办事处 / 驻京办 / 市府驻京办 → 京办
        n = m[1] + "办"
    for prefix in ("市政府", "市府", "市"):
        if n.startswith(prefix) and len(n) > len(prefix) + 1:
            n = n[len(prefix):]
            break
    for long, short in _SHORT.items():
        n = n.replace(long, short)
    return n


_KIND = re.compile(r"(?:局|委|办|厅|处|中心|委员会|分局|支行|分行|公司|社|会|站|所|院)$")


def _lcs(a: str, b: str) -> int:
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b):
            cur.append(prev[j] + 1 if ca == cb else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def score(a: str, b: str, city: str | None = None) -> float:
    """How alike two unit names are, 0..1: on their cores, the longest common
    subsequence against both lengths (Dice) or against the shorter one (an
    abbreviation or a part: 广电局 in 新闻出版和广电局), whichever is higher."""
    x, y = core(a, city), core(b, city)
    if not x or not y:
        return 0.0
    # the kind of office (局, 委, 办 …) says nothing about which one: 市信息产业局
    # is not 市农业局 because both end in 业局
    kx, ky = _KIND.search(x), _KIND.search(y)
    if kx and ky and kx[0] == ky[0] and len(x) > len(kx[0]) and len(y) > len(ky[0]):
        x, y = x[: kx.start()], y[: ky.start()]
    n = _lcs(x, y)
    dice = 2 * n / (len(x) + len(y))
    cover = n / min(len(x), len(y)) if min(len(x), len(y)) >= 2 else 0.0
    return max(dice, 0.9 * cover if n >= 2 else 0.0)


def nearest(name: str, candidates: list[str], city: str | None, cutoff: float = 0.5) -> list[str]:
    """The candidates scoring highest (≥ cutoff); several only on a tie."""
    scored = [(score(name, c, city), c) for c in candidates]
    best = max((s for s, _ in scored), default=0.0)
    if best < cutoff:
        return []
    return [c for s, c in scored if s == best]


def hint(reg: ir.Regulation, written: str, suggestions: tuple[str, ...], ambiguous: tuple[str, ...]) -> str:
    """The tail of an unknown-unit message: the suggestion and how to accept
    it once, or the units an ambiguous name could mean."""
    p = aliases_path(reg)
    table = f"别名表{p.name}" if p else "别名表"
    if ambiguous:
        both = "或".join(f"“{n}”" for n in ambiguous)
        return f"；可能是{both}，未按其中任一单位计分，请在{table}中写明（台账写法,规程单位）"
    if not suggestions:
        return ""
    if len(suggestions) > 1:
        return f"；是否为{'或'.join(f'“{n}”' for n in suggestions)}？"
    return f"；是否为“{suggestions[0]}”？如是，在{table}中加一行：{alias_line(written, suggestions[0])}"
