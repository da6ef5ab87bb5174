"""The notice appendix rendered from the IR, in the notice's script."""

from __future__ import annotations

from conftest import ROOT, regulation
from xinxi_dsl import compile_text
from xinxi_dsl.documents.appendix import render_markdown


def test_d12_appendix_clauses():
    md = render_markdown(regulation("D12"))
    clauses = [l for l in md.splitlines() if l[:2] in {f"{i}." for i in range(1, 10)}]
    assert clauses == [
        "1.《達州政務快訊》主條每采用1條計2分，問題與建議每采用1條計3分，簡訊每采用1條計1分，“圖片新聞”每采用1條計1分；獲市政府領導批示的信息每條另加2分。",
        "2.《上報省辦信息》動態類每采用1條計2分，專題綜合類每采用1條計4分。",
        "3.《上報省辦信息》被省政府辦公廳采用每條另加4分，獲省政府領導批示的信息每條另加4分。",
        "4.直報點得分全額計入所屬單位。",
        "5.約稿、批示反饋不報、遲報的，每次扣減任務分值3分。",
        "6.新的計分辦法從2012年1月開始執行。",
    ]


def test_d12_appendix_targets_two_pairs_per_row():
    md = render_markdown(regulation("D12"))
    assert "| 通川區 | 180 | 達 縣 | 180 |" in md
    assert "| 開江縣 | 180 |   |   |" in md  # the odd one out, as the notice lays it out
    assert "| 市煙草專賣局 | 10 | 市郵政局 | 10 |" in md


def test_ym20_appendix_simplified():
    md = render_markdown(regulation("YM20"))
    assert "全年目标任务50分（20个）：产业聚集区管委会、公安局" in md
    assert "商务局（招商服务局）" in md
    assert "（四）获义马市领导批示的信息每条另加5分，获三门峡市领导批示的信息每条另加10分，获河南省领导批示的信息每条另加20分；义马市领导指义马市政府市长、副市长；" in md


def test_cd07_appendix_counts_caps_escalation():
    md = render_markdown(regulation("CD07"))
    assert "| 单位 | 采用数 | 单位 | 采用数 |" in md and "| 单位 | 上报数 | 单位 | 上报数 |" in md
    assert "| 市经委（含能源办） | 60 | 市教育局 | 50 |" in md
    assert "（四）每报送1条计0.1分，全年累计不超过单位任务数0.5。" in md
    assert "工作动态类漏报的，第一次扣2分，以后每次扣4分" in md
    assert "附件3：《政务信息》计入采用数，“资源网”政务要闻计入采用数。" in md
    assert "“资源网”政务要闻配图每采用1条计6分" in md


def test_gz05_appendix_year_highest_outcomes():
    md = render_markdown(regulation("GZ05"))
    assert "考核年度為上年12月1日至當年11月30日。" in md
    assert "季度目標任務18分，全年目標任務72分（12個）：越秀區政府" in md
    assert "5.《穗府信息專報》每采用1條計8分；按以下最高加分值給予加分：" in md
    assert "(2)《穗府信息專報》被國務院辦公廳采用每條另加20分，《穗府信息專報》被國務院辦公廳采用并獲國務院辦公廳領導、國務院領導批示的每條另加30分。" in md
    # GZ05-8 is written with 條款原文: the notice's sentence, not the generated one
    assert "(三)4、5直報點序列A類、B類被采用信息記分實行雙軌制，其信息得分單獨核算，并按所得分數的50%，給予其上級主管部門加分。" in md
    # without it the transfer names its groups
    src = (ROOT / "regulations" / "GZ05.xinxi").read_text(encoding="utf-8")
    src = "\n".join(l for l in src.splitlines() if not l.startswith("【四、(三)4、5】條款原文")) + "\n"
    assert "直報點（直報點A類、直報點B類）得分按50%計入所屬單位。" in render_markdown(compile_text(src, "GZ05.xinxi")[0])
    assert "(三)不能按季度完成任務的，通報批評，連續4個季度沒有完成任務的，對其單位分管領導和信息員給予通報批評，并建議該單位更換信息員。" in md


def test_d09_appendix_checklist():
    md = render_markdown(regulation("D09"))
    assert "（五）直報點得分另按40%計入所屬單位；未下達目標任務的單位單獨計分。" in md
    assert "### 一、行政審批電子監察系統應用推廣（30分）" in md
    assert "- （二）市州部門間數據交換，每個加1分，最高加5分。" in md
    assert "- 2.互動交流欄目，不少於2個，計5分，每增加1個加1分。" in md
    assert "#### （二）門戶網站內容保障（10分）（按300分折合10分，最高計20分）" in md
    assert "- （二）市級部門接入率，達到40%，計10分。" in md
def test_d12_appendix_html_self_contained():
    from xinxi_dsl.documents.appendix import render_html

    html = render_html(regulation("D12"))
    assert '<html lang="zh-Hant">' in html and "<h1>2012年度全市政務信息目標任務</h1>" in html
    assert '<tr><td class="c">通川區</td><td class="c">180</td><td class="c">達 縣</td><td class="c">180</td></tr>' in html
    assert "<p>5.約稿、批示反饋不報、遲報的，每次扣減任務分值3分。</p>" in html
    assert "<script" not in html and "http" not in html and "<link" not in html
    # the HTML environment escapes every value: a “<” in a name could not open a tag
    from xinxi_dsl.documents.appendix import environment

    assert environment(html=True).from_string("{{ x }}").render(x="<b>&") == "&lt;b&gt;&amp;"


def test_script_option_converts_the_notices_words():
    md = render_markdown(regulation("YM20"), script="t")
    assert "| 單位 |" not in md  # YM20 has no per-unit table
    # fixed phrase and the notice's names alike in traditional (s2tw, by phrase)
    assert "全年目標任務50分（20個）：產業聚集區管委會" in md
    # its own script: a traditional notice's words stay as it wrote them (D12's 采用)
    assert "每采用1條" in render_markdown(regulation("D12"))
