"""The keyword table.

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
        """The word shown in messages: never a pattern (re:分\\s*/…)."""
        return next((s for s in self.simplified if not s.startswith("re:")), _SHOWN.get(self.terminal, self.key))


#: how a keyword spelled only by a pattern is shown
_SHOWN = {"KW_FEN_PER": "分/条"}


_NUM = r"[0-9０-９零〇○一二两兩三四五六七八九十百]"

KEYWORDS: tuple[Keyword, ...] = (
    # header
    Keyword("KW_REG", "regulation", ("规程",), ("規程",)),
    Keyword("KW_NAME", "name", ("名称",), ("名稱",)),
    Keyword("KW_DOCNO", "document-number", ("文号",), ("文號",)),
    Keyword("KW_TARGET_COL", "target-column", ("目标列名",), ("目標列名",)),
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
    # assessment year (GZ05-Y)
    Keyword("KW_YEAR", "assessment-year", ("考核年度",), ("考核年度",)),
    Keyword("KW_PREV_YEAR", "previous-year", ("上年",), ("上年",)),
    Keyword("KW_THIS_YEAR", "same-year", ("当年",), ("當年",)),
    # vocabulary and groups
    Keyword("KW_ATTR", "attribute", ("属性",), ("屬性",)),
    Keyword("KW_GROUP", "group", ("单位组",), ("單位組",)),
    Keyword("KW_TARGET", "target", ("目标", "年度目标"), ("目標", "年度目標")),
    Keyword("KW_QUARTER_TARGET", "quarter-target", ("季度目标",), ("季度目標",)),
    Keyword("KW_BY_ADOPTED_COUNT", "by-adopted-count", ("按采用数",), ("按採用數", "按采用數")),
    Keyword("KW_BY_SUBMITTED_COUNT", "by-submitted-count", ("按上报数", "按报送数"), ("按上報數", "按報送數")),
    Keyword("KW_TOTAL", "count", ("共",), ("共",)),
    Keyword("KW_GE", "units", ("个",), ("個",)),
    Keyword("KW_INCLUDES", "includes", ("含",), ("含",)),
    Keyword("KW_SECTION", "section", ("计分办法", "记分办法", "考核办法"), ("計分辦法", "記分辦法", "考核辦法")),
    # rules
    Keyword("KW_EACH_ADOPT", "per-adopted", ("每采用", "每录用", "每采纳"), ("每採用", "每采用", "每錄用", "每採納")),
    Keyword("KW_ADOPT", "adopted", ("采用", "录用", "采纳"), ("採用", "采用", "錄用", "採納")),
    Keyword("KW_PAUSE", "pause", ("的，", "的,"), ("的，", "的,")),
    Keyword("KW_EACH_SUBMIT", "per-submitted", ("每报送", "每上报"), ("每報送", "每上報")),
    Keyword("KW_SUBMIT", "submitted", ("报送", "上报"), ("報送", "上報")),
    Keyword("KW_ITEM", "item", ("条", "篇"), ("條", "篇")),
    # ZJ18: 一条加1分 — 一条 before an amount is 每条
    Keyword("KW_EACH_ITEM", "per-item", ("每条", "每篇", "re:一[条篇](?=\\s*(?:[计记加得扣]|另加|再加))"),
            ("每條", "每篇", "re:一[條篇](?=\\s*(?:[計記加得扣]|另加|再加))")),
    Keyword("KW_EACH_TIME", "per-occurrence", ("每次", "每件"), ("每次", "每件")),
    Keyword("KW_INFO", "information", ("信息",), ("信息",)),
    Keyword("KW_RESPECTIVELY", "respectively", ("分别",), ("分別",)),
    Keyword("KW_SCORE", "scores", ("计", "记", "re:得(?=\\s*" + _NUM + ")"), ("計", "記")),
    Keyword("KW_FEN", "points", ("分",), ("分",)),
    # 加计 and 倒扣 are the notices' own verbs for 另加 and 扣 (the appendix keeps them)
    Keyword("KW_BONUS", "bonus", ("另加", "再加", "加计", "re:加(?=\\s*" + _NUM + ")"), ("另加", "再加", "加計")),
    Keyword("KW_DEDUCT", "deduct", ("扣减任务分值", "扣减", "倒扣", "扣"), ("扣減任務分值", "扣減", "倒扣", "扣")),
    Keyword("KW_GET", "received", ("获", "被"), ("獲", "被")),
    Keyword("KW_INSTRUCT", "instruction", ("批示的信息", "批示的", "批示"), ("批示的信息", "批示的", "批示")),
    Keyword("KW_FEN_PER", "points-per-item", ("re:分\\s*[\\/／]\\s*[条篇]",), ("re:分\\s*[\\/／]\\s*[條篇]",)),
    Keyword("KW_FIRST", "first-time", ("第一次", "第1次"), ("第一次", "第1次")),
    Keyword("KW_LATER", "each-later-time", ("以后每次",), ("以後每次",)),
    Keyword("KW_TARGET_ADD", "target-raised", ("目标加", "任务分值加"), ("目標加", "任務分值加")),
    Keyword("KW_CAP", "annual-cap", ("全年累计不超过", "全年最高"), ("全年累計不超過", "全年最高")),
    Keyword("KW_TASK", "of-target", ("单位任务数", "任务数", "目标的"), ("單位任務數", "任務數", "目標的")),
    Keyword("KW_TIMES", "times", ("倍",), ("倍",)),
    Keyword("KW_HIGHEST", "highest-only", ("按以下最高加分值给予加分", "只取最高加分"), ("按以下最高加分值給予加分", "只取最高加分")),
    Keyword("KW_COUNTS", "counts-as-adopted", ("计入采用数",), ("計入採用數", "計入采用數")),
    # transfers
    Keyword("KW_DIRECT", "direct-report-point", ("直报点",), ("直報點",)),
    Keyword("KW_SUBUNIT", "sub-unit", ("二级机构",), ("二級機構",)),
    Keyword("KW_EARNED", "earned", ("得分",), ("得分",)),
    Keyword("KW_FULL", "in-full", ("全额",), ("全額",)),
    Keyword("KW_BY", "at-rate", ("按", "另按"), ("按", "另按")),
    Keyword("KW_PERCENT_OF", "percent", ("百分之",), ("百分之",)),
    Keyword("KW_INTO_PARENT", "into-parent", ("计入所属单位",), ("計入所屬單位",)),
    Keyword("KW_UNLISTED", "unlisted-scored-apart", ("未列单位单独计分", "未下达目标任务的单位单独计分"),
            ("未列單位單獨計分", "未下達目標任務的單位單獨計分")),
    # the notice's own words (rendered verbatim) and the file's own note (marked as such)
    Keyword("KW_NOTICE_TEXT", "notice-text", ("原文",), ("原文",)),
    Keyword("KW_FILE_NOTE", "file-note", ("说明",), ("說明",)),
    # the clause as the notice words it, shown instead of the generated sentence (GZ05-7)
    Keyword("KW_CLAUSE_TEXT", "clause-text", ("条款原文",), ("條款原文",)),
    # outcomes (GZ05-9)
    Keyword("KW_ALL_QUARTERS_MET", "every-quarter-met", ("每季度均完成任务的", "每季度均完成任务"), ("每季度均完成任務的", "每季度均完成任務")),
    Keyword("KW_QUARTER_MISSED", "a-quarter-missed", ("不能按季度完成任务的", "未按季度完成任务的"), ("不能按季度完成任務的", "未按季度完成任務的")),
    Keyword("KW_CONSECUTIVE", "consecutive", ("连续",), ("連續",)),
    Keyword("KW_QUARTERS_MISSED", "quarters-missed", ("个季度没有完成任务的", "个季度未完成任务的"), ("個季度沒有完成任務的", "個季度未完成任務的")),
    # item amounts beyond a constant (issue 13)
    Keyword("KW_SCORE_CALC", "scores-as", ("计分", "计算", "记分"), ("計分", "計算", "記分")),
    Keyword("KW_DE", "of", ("的",), ("的",)),
    Keyword("KW_RANGE", "to", ("到", "-", "－", "~", "～"), ("到", "-", "－", "~", "～")),
    Keyword("KW_OR", "or", ("或",), ("或",)),
    # HZWG07 / DC22: 视情得2分、5分, 视情节扣20至40分 — the assessor decides
    Keyword("KW_AFTER", "after", ("后",), ("後",)),
    Keyword("KW_DISCRETION", "at-discretion", ("视情节", "视情况", "视情"), ("視情節", "視情況", "視情")),
    Keyword("KW_EXCLUDE", "excluding", ("不含", "不包括"), ("不含", "不包括")),
    # periods and measures of a unit (the unit pass)
    Keyword("KW_PER_WEEK", "weekly", ("每周",), ("每週", "每周")),
    Keyword("KW_YEARLY", "yearly", ("全年", "每年"), ("全年", "每年")),
    Keyword("KW_AMOUNT", "number-of", ("数量", "数", "条数", "篇数"), ("數量", "數", "條數", "篇數")),
    Keyword("KW_RATE", "adoption-rate", ("采用率", "录用率"), ("採用率", "采用率", "錄用率")),
    Keyword("KW_COMPLETION", "completion", ("完成率",), ("完成率",)),
    Keyword("KW_ACCUMULATED", "cumulative", ("累计次数", "累计", "次数"), ("累計次數", "累計", "次數")),
    # WK: 15条（含15条）以上
    Keyword("KW_ABOVE", "or-more", ("以上", "及以上", "（含）以上", "(含)以上", "re:[（(]含\\s*[0-9０-９]+(?:[.．][0-9０-９]+)?\\s*[条篇个次项]?[)）]\\s*以上"),
            ("以上", "及以上", "（含）以上", "(含)以上", "re:[（(]含\\s*[0-9０-９]+(?:[.．][0-9０-９]+)?\\s*[條篇個次項]?[)）]\\s*以上")),
    Keyword("KW_BELOW", "below", ("低于", "少于", "不足", "不到"), ("低於", "少於", "不足", "不到")),
    Keyword("KW_OVER", "more-than", ("超过", "多于", "高于"), ("超過", "多於", "高於")),
    Keyword("KW_DONE", "completed", ("完成",), ("完成",)),
    Keyword("KW_QUOTA", "quota", ("目标任务", "任务数", "任务", "最低指标", "目标"), ("目標任務", "任務數", "任務", "最低指標", "目標")),
    Keyword("KW_NOT_MET", "not-met", ("未达到", "未完成", "达不到", "不达标", "没有完成", "否则"), ("未達到", "未完成", "達不到", "不達標", "沒有完成", "否則")),
    Keyword("KW_EACH_SHORT", "each-missing", ("每少报", "每少", "每缺", "每差"), ("每少報", "每少", "每缺", "每差")),
    Keyword("KW_EACH_EXTRA", "each-extra", ("超出部分每", "每超报", "每超", "每多报", "每多"), ("超出部分每", "每超報", "每超", "每多報", "每多")),
    Keyword("KW_UPTO", "at-most", ("最高", "最多", "封顶"), ("最高", "最多", "封頂")),
    Keyword("KW_CONVERT_TO", "converted", ("折算", "计入"), ("折算", "計入")),
    Keyword("KW_SCALE_100", "scaled-to-100", ("折算为百分制", "折算成百分制"), ("折算為百分制", "折算成百分制")),
    Keyword("KW_BASE", "base-points", ("基础分值", "基础得分为", "基础得分", "基础分"), ("基礎分值", "基礎得分為", "基礎得分", "基礎分")),
    Keyword("KW_ZERO", "zeroed", ("当年信息得分计0分", "当年得分计0分", "当年得分计零分", "当年信息考核分按零分处理", "当年信息得分按零分处理",
                                  "当年得分按零分处理", "得分按零分处理", "按零分处理"),
            ("當年信息得分計0分", "當年得分計0分", "當年得分計零分", "當年信息考核分按零分處理", "當年信息得分按零分處理",
             "當年得分按零分處理", "得分按零分處理", "按零分處理")),
    # HLJ20: 取消单位评先资格 / 列入…: the outcome in the notice's own verb, no 视为 needed
    Keyword("KW_DEEM", "outcome", ("视为", "予以", "给予", "列为", "列入", "取消"), ("視為", "予以", "給予", "列為", "列入", "取消")),
    Keyword("KW_FLOOR", "deductions-stop-at-zero", ("扣完为止", "扣完即止"), ("扣完為止", "扣完即止")),
    Keyword("KW_BONUS_UNLIMITED", "bonus-unlimited", ("加分无上限", "加分不设上限"), ("加分無上限", "加分不設上限")),
    # one item in several rows
    Keyword("KW_SAME_ITEM", "same-item",
            ("同一信息被多个刊物采用的", "同一条信息被多个刊物采用的", "一条信息被多个刊物采用的", "同一篇信息被多个信息刊物采用的",
             "同一条信息被两个以上的刊物同时采用的", "同一条信息被多次多级采用的", "同一信息被多个刊物同时采用的", "同一信息"),
            ("同一信息被多個刊物采用的", "同一條信息被多個刊物采用的", "一條信息被多個刊物采用的", "同一篇信息被多個信息刊物采用的",
             "同一條信息被兩個以上的刊物同時采用的", "同一條信息被多次多級采用的", "同一信息被多個刊物同時采用的", "同一信息")),
    Keyword("KW_HIGHEST_ONLY", "highest-counts", ("按最高分值计分", "按最高分计", "只计最高分", "取最高分"),
            ("按最高分值計分", "按最高分計", "只計最高分", "取最高分")),
    Keyword("KW_ACCUMULATE", "adds-up", ("可累计加分", "可重复计分", "累计计分", "累加计分", "分别计分"),
            ("可累計加分", "可重複計分", "累計計分", "累加計分", "分別計分")),
    Keyword("KW_NO_REPEAT", "not-counted-twice", ("不重复计分", "不累计加分"), ("不重複計分", "不累計加分")),
    Keyword("KW_JOINT", "joint-item", ("联合报送的信息", "联合报送信息", "合报信息的分数", "合报信息", "多个单位联合报送的信息"),
            ("聯合報送的信息", "聯合報送信息", "合報信息的分數", "合報信息", "多個單位聯合報送的信息")),
    Keyword("KW_SPLIT", "split-equally", ("得分由各单位平分", "由各单位平分", "均分", "平分"), ("得分由各單位平分", "由各單位平分", "均分", "平分")),
    # indicator checklist (D09-X)
    Keyword("KW_CHECKLIST", "checklist", ("指标考核",), ("指標考核",)),
    Keyword("KW_MAX", "at-most", ("满分",), ("滿分",)),
    Keyword("KW_CONVERT", "converts-to", ("折合",), ("折合",)),
    Keyword("KW_MAX_SCORE", "at-most-scores", ("最高计",), ("最高計",)),
    Keyword("KW_MAX_BONUS", "bonus-at-most", ("最高加",), ("最高加",)),
    Keyword("KW_MAX_DEDUCT", "deduction-at-most", ("最高扣",), ("最高扣",)),
    # HLJ20: 每月采用不得少于6条
    Keyword("KW_MET", "met", ("达到", "不少于", "不得少于", "不低于", "不得低于"), ("達到", "不少於", "不得少於", "不低於", "不得低於")),
    Keyword("KW_EACH_MORE", "each-further", ("每增加",), ("每增加",)),
    Keyword("KW_EACH_ONE", "each-one", ("每个", "每项"), ("每個", "每項")),
    Keyword("KW_TIME", "time", ("次", "项"), ("次", "項")),
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
    # never a terminal's internal name or pattern (tests/test_notice_words.py
    # checks that every terminal of the grammar has a label)
    return OTHER_TERMINALS.get(name, "文字 (text)")


OTHER_TERMINALS = {
    "WORD": "名称 (name)",
    "KEY_VALUE": "属性值 (attribute value)",
    "ATTR_NAME": "属性名 (attribute name)",
    "VALUE": "属性值 (attribute value)",
    "GROUP_NAME": "单位组名称 (group name)",
    "IND_NAME": "指标名称 (indicator name)",
    "MONTHDAY": "月日 (month and day)",
    "COMMENT": "注释 (comment)",
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
