"""`xinxi lsp` over stdio, as an editor speaks to it: JSON-RPC with
Content-Length framing to a subprocess (``python -m xinxi_dsl lsp``).

One server serves the whole module (starting Python and compiling the
grammar takes a second); each test opens its own document URI.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from xinxi_dsl.workbench import lsp

ROOT = Path(__file__).resolve().parent.parent
D12 = (ROOT / "regulations" / "D12.xinxi").read_text(encoding="utf-8")
D12_LINES = D12.split("\n")


def line_of(text: str, needle: str) -> int:
    """0-based line of the first line of D12 that starts with ``needle``."""
    return next(i for i, line in enumerate(text.split("\n")) if line.startswith(needle))


class Client:
    """A tiny LSP client: requests wait for their answer; notifications the
    server sends (diagnostics) are queued."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "xinxi_dsl", "lsp"], cwd=ROOT, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.next_id = 0
        self.answers: dict[int, queue.Queue] = {}
        self.notes: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                header = out.readline()
                if not header:
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            message = json.loads(out.read(length).decode("utf-8"))
            if "id" in message and "method" not in message:
                self.answers[message["id"]].put(message)
            elif "method" in message:
                if "id" in message:  # a request of the server's (none expected): answer it
                    self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                self.notes.put(message)

    def _send(self, message: dict) -> None:
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method: str, params: dict) -> dict:
        self.next_id += 1
        self.answers[self.next_id] = queue.Queue()
        self._send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        answer = self.answers[self.next_id].get(timeout=60)
        assert "error" not in answer, answer
        return answer["result"]

    def notify(self, method: str, params: dict) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri: str, version: int) -> list[dict]:
        """The diagnostics published for this version of the document."""
        while True:
            note = self.notes.get(timeout=60)
            p = note.get("params", {})
            if note["method"] == "textDocument/publishDiagnostics" and p["uri"] == uri and p.get("version") == version:
                return p["diagnostics"]

    def open(self, uri: str, text: str) -> list[dict]:
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "xinxi", "version": 1, "text": text}})
        return self.diagnostics(uri, 1)

    def close(self) -> int:
        self.request("shutdown", None)
        self.notify("exit", None)
        return self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def client():
    c = Client()
    init = c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    caps = init["capabilities"]
    assert caps["hoverProvider"] and caps["definitionProvider"] and caps["documentFormattingProvider"]
    assert "《" in caps["completionProvider"]["triggerCharacters"]
    assert init["serverInfo"]["name"] == "xinxi"
    c.notify("initialized", {})
    yield c
    assert c.close() == 0
    err = c.proc.stderr.read().decode("utf-8", "replace")
    assert "Traceback" not in err, err


def at(uri: str, line: int, character: int) -> dict:
    return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}


def test_shipped_regulation_has_no_diagnostics(client):
    assert client.open("file:///office/D12.xinxi", D12) == []


def test_a_bad_clause_gives_a_diagnostic_on_its_line(client):
    bad = D12.replace("D12-1c【1】《達州政務快訊》簡訊每采用1條計1分", "D12-1c【1】《達州政務快訊》簡訊每采用1條計分")
    line = line_of(bad, "D12-1c")
    (d,) = client.open("file:///office/bad.xinxi", bad)
    assert d["range"]["start"]["line"] == line == 58
    assert d["severity"] == 1 and d["source"] == "xinxi"
    assert d["code"] == "syntax-error"
    assert d["message"] == '此处应为数字，却是"分" (expected number; found "分")'
    # the character under the error: 分 after 計, in UTF-16 units (all BMP here)
    col = d["range"]["start"]["character"]
    assert bad.split("\n")[line][col - 1 : col + 1] == "計分"

    # fixed by an edit: the diagnostics go
    client.notify("textDocument/didChange", {"textDocument": {"uri": "file:///office/bad.xinxi", "version": 2},
                                             "contentChanges": [{"text": D12}]})
    assert client.diagnostics("file:///office/bad.xinxi", 2) == []


def test_an_unknown_group_in_a_clause_is_a_checked_error_with_its_key(client):
    text = D12 + "D12-7【7】（不存在組）每月報送不少于1條的，計1分\n"
    diags = client.open("file:///office/group.xinxi", text)
    assert [(d["range"]["start"]["line"], d["code"]) for d in diags] == [(line_of(text, "D12-7"), "unknown-group")]
    assert diags[0]["message"] == "没有名为“不存在組”的单位组 (no such group)"
    # the range covers the name: （ is column 9, 不存在組 columns 10 to 13
    assert (diags[0]["range"]["start"]["character"], diags[0]["range"]["end"]["character"]) == (9, 13)


def test_a_character_beyond_the_bmp_counts_two_utf16_units(client):
    # 𠀀 (U+20000) before the error: the column moves by two units, not one
    bad = D12.replace("D12-1c【1】《達州政務快訊》簡訊每采用1條計1分", "D12-1c【1】《𠀀》簡訊每采用1條計分")
    (d,) = client.open("file:///office/wide.xinxi", bad)
    line = bad.split("\n")[d["range"]["start"]["line"]]
    chars = line.index("計分") + 1  # the 分 after 計, in characters
    assert d["range"]["start"]["character"] == chars + 1


def test_hover_on_a_clause_shows_its_sentence_and_label(client):
    uri = "file:///office/hover.xinxi"
    client.open(uri, D12)
    result = client.request("textDocument/hover", at(uri, line_of(D12, "D12-2b"), 3))
    assert result["contents"]["kind"] == "markdown"
    assert result["contents"]["value"] == (
        "**D12-2b**【三、2】 三、信息采用計分辦法\n\n"
        "2.《上報省辦信息》動態類每采用1條計2分，專題綜合類每采用1條計4分。")
    # a deduction: the appendix's own words (的，), not the file's
    result = client.request("textDocument/hover", at(uri, line_of(D12, "D12-5"), 0))
    assert result["contents"]["value"].endswith("5.約稿、批示反饋不報、遲報的，每次扣減任務分值3分。")
    # a group's header: its heading and units
    result = client.request("textDocument/hover", at(uri, line_of(D12, "單位組 縣市區"), 2))
    assert result["contents"]["value"].startswith("**单位组 縣市區**【一、縣、市、區目標分數】\n\n7个单位：通川區 180、")
    # a comment: nothing
    assert client.request("textDocument/hover", at(uri, 0, 2)) is None


def test_completion_offers_keywords_and_the_files_own_names(client):
    uri = "file:///office/complete.xinxi"
    client.open(uri, D12)
    result = client.request("textDocument/completion", at(uri, line_of(D12, "D12-6"), 0))
    items = {i["label"]: i for i in result["items"]}
    assert items["市發改委"]["detail"] == "单位 (unit)：市級部門"
    assert items["縣市區"]["detail"] == "单位组 (group)"
    assert items["《達州政務快訊》"]["detail"] == "刊物 (publication)"
    assert items["《上報省辦信息》"]["detail"] == "刊物 (publication)"
    assert items["專題綜合類"]["detail"] == "“類別”列的值 (value of column 类别)"
    assert items["欄目"]["detail"] == "列 (column)"
    assert items["每採用"]["detail"] == "关键字 (per-adopted)"  # the file is traditional
    assert items["計入所屬單位"]["detail"] == "关键字 (into-parent)"
    assert "每采用" in items  # 采 is the traditional file's word too
    assert "计入所属单位" not in items
    # the file's names come first
    order = sorted(result["items"], key=lambda i: i["sortText"])
    assert order[0]["label"] == "縣市區" and order[1]["label"] == "通川區"

    # a line being typed does not compile: the names of the last version that did
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": D12 + "D12-7【7】《\n"}]})
    assert client.diagnostics(uri, 2) != []
    result = client.request("textDocument/completion", at(uri, line_of(D12, "D12-6") + 1, 9))
    assert "《達州政務快訊》" in {i["label"] for i in result["items"]}


def test_go_to_definition_of_a_group_a_unit_and_a_clause(client):
    text = D12 + "\n".join([
        "D12-7【7】（市級部門）每月報送不少于1條的，計1分",
        "D12-8【8】《市辦專報》主條每采用1條按D12-1a的2倍計分",
        "D12-9【9】直報點（縣市區）得分按50%計入所屬單位",
    ]) + "\n"
    uri = "file:///office/define.xinxi"
    assert client.open(uri, text) == []
    lines = text.split("\n")
    group, ref, unit = (line_of(text, x) for x in ("D12-7", "D12-8", "D12-9"))

    # the group's name in a period clause's scope → the group's header line
    loc = client.request("textDocument/definition", at(uri, group, lines[group].index("級部")))
    assert loc["uri"] == uri and loc["range"]["start"] == {"line": line_of(text, "單位組 市級部門"), "character": 0}
    # 按D12-1a的2倍: to clause D12-1a, not D12-1 nor D12-1ab
    loc = client.request("textDocument/definition", at(uri, ref, lines[ref].index("D12-1a") + 4))
    assert loc["range"]["start"] == {"line": line_of(text, "D12-1a"), "character": 0}
    # the group a transfer names → its header line
    loc = client.request("textDocument/definition", at(uri, unit, lines[unit].index("市區")))
    assert loc["range"]["start"] == {"line": line_of(text, "單位組 縣市區"), "character": 0}
    # a plain word: nowhere
    assert client.request("textDocument/definition", at(uri, ref, lines[ref].index("專報"))) is None


def test_formatting_returns_the_canonical_layout(client):
    untidy = D12.replace("規程 D12", "規程    D12").replace(
        "D12-1a【1】《達州政務快訊》主條每采用1條計2分", "D12-1a【1】《達州政務快訊》 主條 每采用 1 條計 2 分。")
    uri = "file:///office/fmt.xinxi"
    client.open(uri, untidy)
    (edit,) = client.request("textDocument/formatting", {"textDocument": {"uri": uri},
                                                        "options": {"tabSize": 4, "insertSpaces": True}})
    assert edit["newText"] == D12
    lines = untidy.split("\n")
    assert edit["range"] == {"start": {"line": 0, "character": 0}, "end": {"line": len(lines) - 1, "character": 0}}

    # already canonical: no edit; not parsing: nothing (the diagnostics say why)
    client.open("file:///office/fmt2.xinxi", D12)
    assert client.request("textDocument/formatting", {"textDocument": {"uri": "file:///office/fmt2.xinxi"},
                                                      "options": {"tabSize": 4, "insertSpaces": True}}) == []
    client.open("file:///office/fmt3.xinxi", "規程 D12\n單位組 ：\n")
    assert client.request("textDocument/formatting", {"textDocument": {"uri": "file:///office/fmt3.xinxi"},
                                                      "options": {"tabSize": 4, "insertSpaces": True}}) is None


def test_ranges_of_spans_in_utf16():
    lines = ["ab𠀀計分", "x"]
    assert lsp.to_range(lsp.Span("f", 1, 4, 1, 6), lines).start.character == 4  # after a, b and 𠀀 (2 units)
    assert lsp.to_range(lsp.Span("f", 1, 4, 1, 6), lines).end.character == 6
    assert lsp.to_range(lsp.Span("f", 1, 0), lines).end.character == 6  # no column: the whole line
    assert lsp.to_range(None, lines).start.line == 0
    assert lsp.column_at(lines[0], 4) == 3  # 4 units: a, b, 𠀀 → the 4th character


def test_a_bug_of_the_compiler_is_a_diagnostic_not_a_dead_server(monkeypatch):
    def broken(source, file):
        raise KeyError("x")

    monkeypatch.setattr(lsp, "compile_text", broken)
    a = lsp.analyse("規程 X\n", "r.xinxi")
    assert a.reg is None
    assert [(d.key, d.message, d.span.line) for d in a.diagnostics] == [
        ("internal-error", "内部错误：KeyError: 'x'；请报告此问题 (internal error)", 1)]


def test_at_most_fifty_diagnostics_as_the_cli_prints():
    text = "規程 X\n單位組 甲：\n    市統計局 30\n" + "".join(f"X-{i}【{i}】（無組{i}）每月報送不少于1條的，計1分\n" for i in range(80))
    diags = lsp.lsp_diagnostics(lsp.analyse(text))
    assert len(diags) == 51
    assert diags[49].message == "没有名为“無組49”的单位组 (no such group)"
    assert (diags[50].message, diags[50].severity, diags[50].range.start.line) == (
        "……另有30个问题未列出 (more problems not shown)", lsp.T.DiagnosticSeverity.Information, 53)


def test_a_client_that_counts_code_points_gets_code_points():
    """An editor may ask for UTF-32 positions (general.positionEncodings):
    then 𠀀 is one unit, in diagnostics and in the positions it sends."""
    c = Client()
    init = c.request("initialize", {"processId": None, "rootUri": None,
                                    "capabilities": {"general": {"positionEncodings": ["utf-32", "utf-16"]}}})
    assert init["capabilities"]["positionEncoding"] == "utf-32"
    c.notify("initialized", {})
    text = D12 + "D12-7【7】（𠀀組）每月報送不少于1條的，計1分\n"
    uri = "file:///office/utf32.xinxi"
    (d,) = c.open(uri, text)
    assert d["code"] == "unknown-group"
    assert (d["range"]["start"]["character"], d["range"]["end"]["character"]) == (9, 11)  # 𠀀組: two code points
    text = D12 + "D12-7【𠀀】（市級部門）每月報送不少于1條的，計1分\n"
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]})
    assert c.diagnostics(uri, 2) == []
    # 市級部門 is code points 9 to 12 (UTF-16 units 10 to 13): 9 is on the name, 13 is past it
    loc = c.request("textDocument/definition", at(uri, line_of(text, "D12-7"), 9))
    assert loc["range"]["start"]["line"] == line_of(text, "單位組 市級部門")
    assert c.request("textDocument/definition", at(uri, line_of(text, "D12-7"), 14)) is None
    assert c.close() == 0


def test_definition_of_a_unit_named_on_a_line():
    reg = lsp.analyse(D12).reg
    span = lsp.definition(reg, "# 市發改委的信息", 3)
    assert D12_LINES[span.line - 1].strip().startswith("市發改委 30")
    # the longest name wins: 市級部門 over nothing, 通川區 is not 達 縣
    assert lsp.definition(reg, "通川區", 0).line == D12_LINES.index("    通川區 180、達 縣 180") + 1
    assert lsp.definition(reg, "市發改委", 4) is not None and lsp.definition(reg, "市發改委", 5) is None
