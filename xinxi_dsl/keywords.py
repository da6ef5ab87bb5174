"""Stage 0 — the keyword table.

Every keyword of the language has its own Lark terminal (so that parse errors
and editor completions can name it) and is accepted in simplified and in
traditional script.  ``grammar.py`` turns this table into terminal
definitions appended to ``grammar/xinxi.lark``.

Each entry: terminal name -> (English key, simplified spelling(s), traditional
spelling(s)).  Several spellings per script are allowed (计/记: the notices use
both).  A spelling may be a regular expression when marked with a leading
``re:``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Keyword:
    terminal: str
    key: str  #: English key shown beside the Chinese word in messages
    simplified: tuple[str, ...]
    traditional: tuple[str, ...]
    #: lexer priority; statement-opening keywords beat free words
    priority: int = 2

    @property
    def spellings(self) -> tuple[str, ...]:
        seen: list[str] = []
        for s in self.simplified + self.traditional:
            if s not in seen:
                seen.append(s)
        return tuple(seen)

    @property
    def display(self) -> str:
        return self.simplified[0]


_NUM = r"[0-9０-９零〇○一二两兩三四五六七八九十百]"

KEYWORDS: tuple[Keyword, ...] = (
    # header
    Keyword("KW_REG", "regulation", ("规程",), ("規程",)),
    Keyword("KW_NAME", "name", ("名称",), ("名稱",)),
    Keyword("KW_DOCNO", "document-number", ("文号",), ("文號",)),
    Keyword("KW_PERIOD", "period", ("考核期",), ("考核期",)),
    Keyword("KW_TO", "to", ("至",), ("至",)),
    Keyword("KW_FROM", "from", ("从",), ("從",)),
    Keyword("KW_BEGIN", "takes-effect", ("开始执行", "起执行"), ("開始執行", "起執行")),
    Keyword("KW_REPORT", "report", ("通报",), ("通報",)),
    Keyword("KW_MONTHLY", "monthly", ("每月",), ("每月",)),
    Keyword("KW_QUARTERLY", "quarterly", ("每季度",), ("每季度",)),
    Keyword("KW_RANK", "ranking", ("排序",), ("排序",)),
    Keyword("KW_BY_RATIO", "by-completion", ("按完成率",), ("按完成率",)),
    Keyword("KW_BY_SCORE", "by-score", ("按得分",), ("按得分",)),
    # vocabulary and groups
    Keyword("KW_ATTR", "attribute", ("属性",), ("屬性",)),
    Keyword("KW_GROUP", "group", ("单位组",), ("單位組",)),
    Keyword("KW_TARGET", "target", ("目标",), ("目標",)),
    Keyword("KW_TOTAL", "count", ("共",), ("共",)),
    Keyword("KW_GE", "units", ("个",), ("個",)),
    Keyword("KW_INCLUDES", "includes", ("含",), ("含",)),
    Keyword("KW_SECTION", "section", ("计分办法",), ("計分辦法",)),
    # rules
    Keyword("KW_EACH_ADOPT", "per-adopted", ("每采用",), ("每採用", "每采用")),
    Keyword("KW_ADOPT", "adopted", ("采用",), ("採用", "采用")),
    Keyword("KW_EACH_SUBMIT", "per-submitted", ("每报送", "每上报"), ("每報送", "每上報")),
    Keyword("KW_SUBMIT", "submitted", ("报送", "上报"), ("報送", "上報")),
    Keyword("KW_ITEM", "item", ("条", "篇"), ("條", "篇")),
    Keyword("KW_EACH_ITEM", "per-item", ("每条", "每篇"), ("每條", "每篇")),
    Keyword("KW_EACH_TIME", "per-occurrence", ("每次",), ("每次",)),
    Keyword("KW_SCORE", "scores", ("计", "记"), ("計", "記")),
    Keyword("KW_FEN", "points", ("分",), ("分",)),
    Keyword("KW_BONUS", "bonus", ("另加", "re:加(?=\\s*" + _NUM + ")"), ("另加",)),
    Keyword("KW_DEDUCT", "deduct", ("扣减", "扣"), ("扣減", "扣")),
    Keyword("KW_GET", "received", ("获", "被"), ("獲", "被")),
    Keyword("KW_INSTRUCT", "instruction", ("批示的信息", "批示"), ("批示的信息", "批示")),
    # transfers
    Keyword("KW_DIRECT", "direct-report-point", ("直报点",), ("直報點",)),
    Keyword("KW_SUBUNIT", "sub-unit", ("二级机构",), ("二級機構",)),
    Keyword("KW_EARNED", "earned", ("得分",), ("得分",)),
    Keyword("KW_FULL", "in-full", ("全额",), ("全額",)),
    Keyword("KW_BY", "at-rate", ("按",), ("按",)),
    Keyword("KW_PERCENT_OF", "percent", ("百分之",), ("百分之",)),
    Keyword("KW_INTO_PARENT", "into-parent", ("计入所属单位",), ("計入所屬單位",)),
)

BY_TERMINAL = {k.terminal: k for k in KEYWORDS}

#: Characters that may follow 计/加/扣 to make them keywords rather than part
#: of a name (`市统计局` keeps its 计; `计2分` does not).
NUMBER_START = _NUM


def terminal_label(name: str) -> str:
    """How a terminal is named in a message: ``"分" (points)``."""
    kw = BY_TERMINAL.get(name)
    if kw:
        return f'"{kw.display}"'
    return OTHER_TERMINALS.get(name, name)


OTHER_TERMINALS = {
    "WORD": "名称 (name)",
    "UNIT_NAME": "单位名称 (unit name)",
    "PUB": "《刊物》 (publication)",
    "QUOTED": "“值” (quoted value)",
    "LABEL": "【条款号】 (clause label)",
    "RULE_ID": "规则编号 (rule id)",
    "KEY": "属性名= (attribute key)",
    "NUMBER": "数字 (number)",
    "DATE": "日期 (date)",
    "REST": "文字 (text)",
    "CODE": "代号 (code)",
    "PERCENT": "百分数 (percentage)",
    "_NL": "换行 (end of line)",
    "_INDENT": "缩进 (indent)",
    "_DEDENT": "缩进结束 (dedent)",
    "$END": "文件结束 (end of file)",
    "SEP": "“、” (separator)",
    "COLON": "“：” (colon)",
    "EQ": "“=”",
    "LPAR": "“（”",
    "RPAR": "“）”",
    "END_MARK": "“。”",
    "RULE_END": "“。”",
}
