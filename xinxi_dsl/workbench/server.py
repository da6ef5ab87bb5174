"""``xinxi serve``: the workbench page for policy staff.

One local page (static/index.html, app.js, app.css — shipped in the package,
nothing from a CDN) over the same compiler API as the CLI: the regulation in
an editor; as the user types, the diagnostics under the offending
characters, the rendered appendix and, with a ledger, each unit's score and
its explanation.  A ledger may be uploaded (.csv in UTF-8, UTF-16 or
GB18030, or .xlsx); the regulation, the appendix (.docx) and the report
(.xlsx / .docx) for a month are downloaded.

Safety (issue 15 point 4):

- it listens on 127.0.0.1 unless ``--host`` says otherwise (the CLI warns);
- a request whose ``Host`` is not the loopback address it listens on is
  refused (a DNS-rebinding page cannot reach it), and so is a POST from
  another origin (``Origin`` / ``Sec-Fetch-Site``): 403;
- a request body over :data:`MAX_UPLOAD` is refused with 413;
- the only files it reads are the ones named on the command line and the
  regulation's alias table beside it (``/files/NAME`` serves just those);
  it writes none: an upload lives in memory, read through a private
  temporary directory that is removed at once; downloads are made in memory.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import tempfile
import threading
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import compile_text, read_source
from ..foundation.diagnostics import MAX_DIAGNOSTICS, Diagnostic, Span, XinxiError, render
from ..foundation.text import fold

#: the largest request body accepted (an uploaded ledger, the editor's text)
MAX_UPLOAD = 10 * 1024 * 1024
#: an over-large body is read and dropped up to this much, so that the client
#: gets the 413 answer instead of a broken connection; beyond it the
#: connection is closed
MAX_DRAIN = 200 * 1024 * 1024
STATIC = Path(__file__).resolve().parent / "static"
#: the regulation's name when the page starts empty: no file, so no alias table
NO_FILE = "<页面>"
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")


class TooLarge(Exception):
    pass


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def too_large_message() -> str:
    return f"上传的内容超过{_mb(MAX_UPLOAD)}的上限，未读取；台账请拆分或删去不需要的工作表后再上传 (upload over {_mb(MAX_UPLOAD)} refused)"


class Bench:
    """What the page works on: the regulation named on the command line (its
    text as first shown, its alias table), the ledger read (from the
    command line or uploaded), and where the server listens."""

    def __init__(self, regulation: Path | None, ledger: Path | None, host: str = "127.0.0.1", port: int = 0,
                 compare: Path | None = None):
        from .. import __version__, compile_file

        self.version = __version__
        self.regulation = regulation
        self.source = read_source(regulation) if regulation is not None else ""
        self.reg_file = str(regulation) if regulation is not None else NO_FILE
        self.host, self.port = host, port
        self.lock = threading.Lock()
        self.ledger = None
        self.ledger_name: str | None = None
        self.ledger_path = ledger
        if ledger is not None:
            from ..engine.ledger import read_ledger

            self.ledger = read_ledger(ledger)
            self.ledger_name = ledger.name
        # the older regulation of the 对比 panel (``--compare``): read and compiled once, here
        self.compare_path = compare
        self.old = None
        self.old_warnings: list[Diagnostic] = []
        if compare is not None:
            self.old, self.old_warnings = compile_file(compare)

    # -- the files on disk ----------------------------------------------------------

    def files(self) -> dict[str, Path]:
        """The files the page may read, by name: those named on the command
        line and the regulation's alias table (if it exists)."""
        out: dict[str, Path] = {}
        if self.regulation is not None:
            out[self.regulation.name] = self.regulation
            aliases = self.regulation.with_name(self.regulation.stem + ".aliases.csv")
            if aliases.is_file():
                out[aliases.name] = aliases
        if self.ledger_path is not None:
            out.setdefault(self.ledger_path.name, self.ledger_path)
        if self.compare_path is not None:
            out.setdefault(self.compare_path.name, self.compare_path)
        return out

    # -- the analysis as the user types -------------------------------------------

    def compile(self, source: str):
        return compile_text(source, self.reg_file)

    def analyse(self, source: str) -> dict:
        from ..documents import appendix
        from ..engine import outputs
        from ..engine.evaluate import evaluate_ledger

        out: dict = {"ok": False, "diagnostics": [], "appendix": None, "scores": None, "ledger": self.ledger_name,
                     "ledger_problems": [], "compare": None}
        try:
            reg, warnings = self.compile(source)
        except XinxiError as exc:
            out["diagnostics"] = self.diagnostics(exc.diagnostics, source)
            return out
        out["ok"] = True
        out["diagnostics"] = self.diagnostics(warnings, source)
        out["appendix"] = appendix.html(appendix.appendix(reg))
        out["summary"] = f"{len(reg.groups)}个单位组、{sum(1 for _ in reg.units())}个单位、{len(reg.rules)}条计分条款"
        with self.lock:
            ledger = self.ledger
        if self.old is not None:
            out["compare"] = self.compare(reg, ledger)
        if ledger is None:
            return out
        try:
            result = evaluate_ledger(reg, ledger)
        except XinxiError as exc:  # the alias table, a period the ledger cannot give
            out["diagnostics"] += self.diagnostics(exc.diagnostics, source)
            return out
        doc = outputs.to_json(result)
        order = {fold(g.name): i for i, g in enumerate(reg.groups)}  # the page lists groups as the notice does
        for u, shown in zip(result.units, doc["units"]):
            shown["lines"] = outputs.explain_lines(result, u)
            shown["group_index"] = order.get(fold(shown["group"] or ""), len(order))
            if shown["group_index"] < len(order):  # the group as the notice writes it (縣市區, not the key 县市区)
                shown["group_name"] = reg.groups[shown["group_index"]].name
        out["scores"] = doc
        out["ledger_problems"] = [render(d) for d in result.problems]
        return out

    def compare(self, reg, ledger) -> dict:
        """The 对比 panel: ``--compare``'s regulation → the one in the editor,
        as ``xinxi diff`` has it (the same model and wording), with the
        ledger scored under both; a ledger problem is shown in the panel."""
        from ..compiler.diff import diff
        from ..documents import diff as words

        d = diff(self.old, reg)
        ld, problems = None, []
        if ledger is not None:
            try:
                ld, _, _ = words.compare_ledger(self.old, reg, ledger)
                problems = list(ld.problems)  # as `xinxi diff` prints them: under which regulation
            except XinxiError as exc:  # the alias table of either, a period the ledger cannot give
                problems = list(exc.diagnostics)
        return {**words.view(d, ld), "file": self.compare_path.name, "problems": self.diagnostics(problems, "")}

    def diagnostics(self, diags, source: str) -> list[dict]:
        """Each as the CLI prints it (``text``), and where it stands in the
        editor (``line``/``column``…, when it is in the regulation)."""
        out = []
        for d in list(diags)[:MAX_DIAGNOSTICS]:
            in_editor = d.span is not None and d.span.file == self.reg_file and d.span.line > 0
            out.append({
                "key": d.key, "severity": d.severity, "message": d.message,
                "text": render(d, source if in_editor else None),
                **({"line": int(d.span.line), "column": d.span.column, "end_line": d.span.end_line,
                    "end_column": d.span.end_column} if in_editor else {}),
            })
        if len(diags) > MAX_DIAGNOSTICS:
            out.append({"key": "more", "severity": "note", "message": "", "text": f"……另有{len(diags) - MAX_DIAGNOSTICS}个问题未列出 (more problems not shown)"})
        return out

    # -- an uploaded ledger ----------------------------------------------------------

    def read_upload(self, name: str, data: bytes):
        """Read an uploaded ledger through a private temporary directory
        (removed before this returns); its messages name the upload."""
        from ..engine.ledger import read_ledger

        shown = _safe_name(name)
        tmp = tempfile.mkdtemp(prefix="xinxi-upload-")
        try:
            # the file's own name only in messages: on disk, a fixed one with its suffix
            suffix = Path(shown).suffix.lower()
            path = Path(tmp) / ("upload" + (suffix if suffix[1:].isascii() and suffix[1:].isalnum() and len(suffix) <= 8 else ""))
            path.write_bytes(data)
            try:
                ledger = read_ledger(path)
            except XinxiError as exc:
                raise XinxiError([_renamed(d, str(path), shown) for d in exc.diagnostics]) from None
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return replace(ledger, file=shown, problems=tuple(_renamed(d, str(path), shown) for d in ledger.problems))


def report_warnings(reg, ledger, when) -> list[Diagnostic]:
    """As ``xinxi report`` warns: a month outside the regulation's 考核期, or
    one that holds no ledger row (the report would be all zeros)."""
    from ..engine import periods

    return periods.period_warnings(reg, ledger, when.start, when.end)


def last_month(ledger) -> str | None:
    """The month of the ledger's last row (the report's month to offer)."""
    dates = [r.date for r in ledger.records] if ledger is not None else []
    return max(dates).strftime("%Y-%m") if dates else None


def _safe_name(name: str) -> str:
    """The upload's own file name, without any folder, for messages (and the
    suffix that says .csv or .xlsx)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().lstrip(".")
    base = "".join(c for c in base if c.isprintable() and c not in '<>:"|?*')
    if len(base) > 120:  # keep the suffix: it says .csv or .xlsx
        stem, dot, suffix = base.rpartition(".")
        base = f"{stem[:100]}.{suffix[:10]}" if dot and stem else base[:120]
    return base or "上传的台账.csv"


def _renamed(d: Diagnostic, path: str, shown: str) -> Diagnostic:
    msg = d.message.replace(path, shown)
    if d.span is not None and d.span.file == path:
        return replace(d, message=msg, span=replace(d.span, file=shown))
    return replace(d, message=msg)


# -- the HTTP side ----------------------------------------------------------------------

def _refuse(status: int, message: str) -> JSONResponse:
    return JSONResponse({"ok": False, "refused": True, "message": message}, status_code=status)


class Guard:
    """Refuse requests from another origin or for another host, before any
    endpoint runs; add the page's security headers to every answer."""

    HEADERS = [
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
        (b"content-security-policy",
         b"default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src 'self' about:; "
         b"frame-ancestors 'none'; form-action 'none'; base-uri 'none'"),
    ]

    def __init__(self, app, bench: Bench):
        self.app, self.bench = app, bench

    def why_refused(self, scope) -> str | None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if is_loopback(self.bench.host) and host not in {f"{h}:{self.bench.port}" for h in ("127.0.0.1", "localhost", "[::1]")} | {self.bench.host + f":{self.bench.port}"}:
            return f"请求的主机名“{host}”不是本机工作台的地址，已拒绝 (wrong Host header: only http://127.0.0.1:{self.bench.port}/)"
        origin = headers.get("origin")
        site = headers.get("sec-fetch-site")
        navigate = scope["method"] in ("GET", "HEAD") and headers.get("sec-fetch-mode") == "navigate" and scope["path"] == "/"
        if scope["method"] not in ("GET", "HEAD") and origin is not None and origin != f"http://{host}":
            return f"来自其他网站（{origin}）的请求，已拒绝 (request from another origin refused)"
        if site is not None and site not in ("same-origin", "none") and not navigate:
            return f"来自其他网站的请求（Sec-Fetch-Site: {site}），已拒绝 (request from another origin refused)"
        return None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        why = self.why_refused(scope)

        async def send_secured(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.HEADERS]}
            await send(message)

        if why is not None:
            return await _refuse(403, why)(scope, receive, send_secured)
        return await self.app(scope, receive, send_secured)


async def read_body(request: Request, limit: int = MAX_UPLOAD) -> bytes:
    """The body, or TooLarge past ``limit`` (the declared length is checked
    first; the rest is read and dropped up to MAX_DRAIN)."""
    declared = request.headers.get("content-length")
    chunks, size = [], 0
    over = declared is not None and declared.isdigit() and int(declared) > limit
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            over = True
        if over:
            if size > MAX_DRAIN:
                break
            continue
        chunks.append(chunk)
    if over:
        raise TooLarge()
    return b"".join(chunks)


def _attachment(data: bytes, name: str, media: str) -> Response:
    return Response(data, media_type=media, headers={
        "content-disposition": f"attachment; filename=\"{quote(name.encode('ascii', 'replace'))}\"; filename*=UTF-8''{quote(name)}"})


_SURROGATE = re.compile("[\ud800-\udfff]")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def make_app(bench: Bench):
    async def run(fn, *args):
        return await asyncio.get_running_loop().run_in_executor(None, fn, *args)

    async def json_body(request: Request) -> dict:
        data = await read_body(request)
        try:
            doc = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: [[[[… nested past Python's limit
            raise XinxiError(Diagnostic("bad-request", "请求内容不是JSON (request body is not JSON)", None)) from None
        if not isinstance(doc, dict) or not isinstance(doc.get("source", ""), str):
            raise XinxiError(Diagnostic("bad-request", "请求缺少规程文本 (request without source)", None))
        bad = _SURROGATE.search(doc.get("source", ""))
        if bad is not None:  # "\ud800" in JSON: no character, and no UTF-8 for it
            raise XinxiError(Diagnostic("bad-request", f"规程文本的第{bad.start() + 1}个字符是无效的Unicode字符U+{ord(bad[0]):04X}（单独的代理项），请删除 (lone surrogate in source)", None))
        return doc

    def guarded(endpoint):
        async def inner(request: Request):
            try:
                return await endpoint(request)
            except TooLarge:
                return _refuse(413, too_large_message())
            except XinxiError as exc:
                return JSONResponse({"ok": False, "diagnostics": bench.diagnostics(exc.diagnostics, "")}, status_code=422)
            except Exception as exc:  # a bug of ours: say so, keep serving
                return JSONResponse({"ok": False, "diagnostics": [{
                    "key": "internal", "severity": "error", "message": "",
                    "text": f"内部错误 (internal error): {type(exc).__name__}: {exc}；请报告此问题"}]}, status_code=500)
        return inner

    async def index(request: Request):
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    async def state(request: Request):
        return JSONResponse({"version": bench.version, "regulation": bench.regulation.name if bench.regulation else None,
                             "source": bench.source, "ledger": bench.ledger_name,
                             "compare": bench.compare_path.name if bench.compare_path is not None else None, "last_month": last_month(bench.ledger),
                             "files": sorted(bench.files()), "max_upload": MAX_UPLOAD,
                             "too_large": too_large_message()})

    async def update(request: Request):
        doc = await json_body(request)
        return JSONResponse(await run(bench.analyse, doc.get("source", "")))

    async def upload(request: Request):
        name = request.query_params.get("name", "")
        data = await read_body(request)
        if not data:
            raise XinxiError(Diagnostic("empty-upload", "上传的文件是空的 (empty upload)", Span(_safe_name(name), 0, 0)))
        ledger = await run(bench.read_upload, name, data)
        with bench.lock:
            bench.ledger, bench.ledger_name = ledger, ledger.file
        return JSONResponse({"ok": True, "ledger": ledger.file, "rows": len(ledger.records), "last_month": last_month(ledger),
                             "problems": [render(d) for d in ledger.problems]})

    def _reg(source: str):
        reg, _ = bench.compile(source)
        return reg

    def _stem() -> str:
        return bench.regulation.stem if bench.regulation is not None else "规程"

    async def download(request: Request):
        kind = request.path_params["kind"]
        doc = await json_body(request)
        source = doc.get("source", "")
        if kind == "regulation":
            return _attachment(source.encode("utf-8"), f"{_stem()}.xinxi", "text/plain; charset=utf-8")
        if kind == "appendix":
            def make():
                from ..documents import appendix
                from ..documents.docx_writer import appendix_docx

                return appendix_docx(appendix.appendix(_reg(source)))
            return _attachment(await run(make), f"{_stem()}-附件.docx", DOCX)
        if kind == "report":
            fmt, month = doc.get("format"), doc.get("month")
            if fmt not in ("xlsx", "docx"):
                raise XinxiError(Diagnostic("bad-format", "通报格式应为xlsx或docx (format: xlsx or docx)", None))
            if not isinstance(month, str) or not month:
                raise XinxiError(Diagnostic("no-month", "请先选择通报月份 (choose the month)", None))
            with bench.lock:
                ledger = bench.ledger
            if ledger is None:
                raise XinxiError(Diagnostic("no-ledger", "还没有台账：请先上传台账 (upload a ledger first)", None))

            def make():
                from ..documents import bulletin
                from ..engine import periods

                reg = _reg(source)
                when = periods.period(reg, month)
                book = bulletin.build(reg, ledger, when)
                warnings = report_warnings(reg, ledger, when)
                if fmt == "xlsx":
                    from ..documents.xlsx_writer import report_xlsx

                    return report_xlsx(book, warnings), warnings
                from ..documents.docx_writer import report_docx

                return report_docx(book), warnings
            data, warnings = await run(make)
            answer = _attachment(data, f"{_stem()}-通报-{month}.{fmt}", XLSX if fmt == "xlsx" else DOCX)
            if warnings:  # what `xinxi report` would print on stderr: the page shows it
                answer.headers["x-xinxi-warnings"] = quote(json.dumps([render(d) for d in warnings], ensure_ascii=False))
            return answer
        return _refuse(404, f"没有这种下载“{kind}” (no such download)")

    async def named_file(request: Request):
        name = request.path_params["name"]
        path = bench.files().get(name)
        if path is None:
            return _refuse(403, f"“{name}”不是命令行指定的文件，工作台只读取命令行指定的文件 (only the files named on the command line)")
        return FileResponse(path, filename=path.name)

    routes = [
        Route("/", index),
        Route("/api/state", guarded(state)),
        Route("/api/update", guarded(update), methods=["POST"]),
        Route("/api/ledger", guarded(upload), methods=["POST"]),
        Route("/api/download/{kind}", guarded(download), methods=["POST"]),
        Route("/files/{name:path}", named_file),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    return Guard(Starlette(routes=routes), bench)


def bind(host: str, port: int):
    """A listening socket (so a port in use is a clear message, and port 0
    gives a free one)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except socket.gaierror:
        sock.close()
        raise XinxiError(Diagnostic("unknown-host", f"找不到主机“{host}”，--host 应为本机的一个地址，如127.0.0.1 (unknown host)", None)) from None
    except OSError as exc:
        sock.close()
        import errno

        why = {errno.EADDRINUSE: "端口已被占用，请用 --port 换一个",
               errno.EADDRNOTAVAIL: "这不是本机的地址，--host 应为本机的一个地址，如127.0.0.1",
               errno.EACCES: "没有权限使用这个端口（1024以下的端口需要管理员权限），请用 --port 换一个"}.get(exc.errno, exc.strerror or str(exc))
        raise XinxiError(Diagnostic("cannot-listen", f"无法在{host}:{port}上启动工作台：{why} (cannot listen)", None)) from None
    sock.listen(128)
    return sock


def serve(bench: Bench, sock, say=print) -> None:
    import uvicorn

    bench.port = sock.getsockname()[1]
    shown = f"[{bench.host}]" if ":" in bench.host else bench.host
    say(f"工作台已启动：http://{shown}:{bench.port}/ （按Ctrl+C停止） (serving)")
    config = uvicorn.Config(make_app(bench), log_level="warning", lifespan="off", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
