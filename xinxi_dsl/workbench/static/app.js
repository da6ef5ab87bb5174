// xinxi 工作台: the editor, the live diagnostics, scores and appendix, uploads
// and downloads.  No library: this file is all the page runs.
"use strict";

const $ = (id) => document.getElementById(id);
let maxUpload = 10 * 1024 * 1024;
let tooLarge = "";
let sequence = 0;          // the latest update asked for; older answers are dropped
let timer = null;
let lastDiagnostics = [];
let ledgerProblems = [];
let saved = "";           // the text as last downloaded (or as the file was)  // the ledger's warnings: kept under any newer message
const openUnits = new Set();
let comparing = false;    // started with --compare: the 对比 panel follows the editor

function esc(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

function status(text, bad) {
  const s = $("status");
  s.textContent = text;
  s.style.color = bad ? "#ffd0d0" : "";
}

// -- the editor and the marks under the offending characters --------------------

function drawBackdrop() {
  const lines = $("source").value.split("\n").map((l) => Array.from(l));
  const marks = lines.map(() => []);
  for (const d of lastDiagnostics) {
    if (!d.line || d.line > lines.length) continue;
    const chars = lines[d.line - 1];
    let start = Math.max((d.column || 1) - 1, 0);
    let end;
    if (d.end_line === d.line && d.end_column > d.column) end = d.end_column - 1;
    else if (d.end_line > d.line) end = chars.length;
    else end = start + 1;
    start = Math.min(start, chars.length);
    end = Math.min(Math.max(end, start + 1), chars.length + 1);
    marks[d.line - 1].push([start, end, d.severity === "error" ? "error" : "warning", d.message]);
  }
  const html = lines.map((chars, i) => {
    const ms = marks[i].sort((a, b) => a[0] - b[0]);
    let out = "", at = 0;
    for (const [s, e, cls, title] of ms) {
      if (s < at) continue;
      out += esc(chars.slice(at, s).join(""));
      const inside = chars.slice(s, e).join("") || " ";
      out += `<mark class="${cls}" data-line="${i + 1}" title="${esc(title)}">${esc(inside)}</mark>`;
      at = Math.max(e, s);
    }
    return out + esc(chars.slice(at).join(""));
  }).join("\n");
  $("backdrop").innerHTML = html + "\n\n";
  syncScroll();
}

function syncScroll() {
  $("backdrop").scrollTop = $("source").scrollTop;
  $("backdrop").scrollLeft = $("source").scrollLeft;
}

function goTo(line, column) {
  const ta = $("source");
  const lines = ta.value.split("\n");
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
  // columns count characters; the textarea counts UTF-16 units
  const chars = Array.from(lines[line - 1] || "").slice(0, Math.max(column - 1, 0)).join("");
  offset += chars.length;
  ta.focus();
  ta.setSelectionRange(offset, offset + 1);
}

// -- updates as the user types ----------------------------------------------------

function scheduleUpdate() {
  lastDiagnostics = lastDiagnostics.filter(() => false);
  drawBackdrop();
  clearTimeout(timer);
  timer = setTimeout(update, 300);
}

async function post(url, body, headers) {
  return fetch(url, { method: "POST", body, headers: headers || { "content-type": "application/json" } });
}

async function update() {
  const mine = ++sequence;
  status("正在检查……");
  let answer;
  try {
    const r = await post("/api/update", JSON.stringify({ source: $("source").value }));
    answer = await r.json();
  } catch (e) {
    if (mine === sequence) status("无法连接工作台（服务是否已停止？） (server not reachable)", true);
    return;
  }
  if (mine !== sequence) return;   // the user typed on: a newer answer is coming
  show(answer);
}

function show(a) {
  if (a.refused) { status(a.message, true); showMessages([a.message]); return; }
  lastDiagnostics = a.diagnostics || [];
  drawBackdrop();
  const errors = lastDiagnostics.filter((d) => d.severity === "error").length;
  $("diagnostic-count").textContent = lastDiagnostics.length ? `（${lastDiagnostics.length}）` : "";
  $("diagnostics").innerHTML = lastDiagnostics.length
    ? lastDiagnostics.map((d, i) => `<pre class="diag diag-${esc(d.severity)}" data-i="${i}">${esc(d.text)}</pre>`).join("")
    : `<p class="ok">无错误 (ok)${a.summary ? "：" + esc(a.summary) : ""}</p>`;
  for (const el of document.querySelectorAll("#diagnostics pre.diag")) {
    const d = lastDiagnostics[+el.dataset.i];
    if (d.line) el.addEventListener("click", () => goTo(d.line, d.column));
  }
  if (a.appendix !== null && a.appendix !== undefined) $("appendix").srcdoc = a.appendix;
  if (a.ok) status(errors ? `${errors}个错误` : "无错误");
  else status(`${errors}个错误：附件${comparing ? "、得分和对比" : "和得分"}是上次无错误时的结果`, true);
  if (a.scores) showScores(a.scores);
  if (a.compare) showCompare(a.compare);
  if (a.ok) ledgerProblems = a.ledger_problems || [];   // else: those of the last good regulation stay
  showMessages([]);
}

function showMessages(texts, severity) {
  $("messages").innerHTML = texts.map((t) => `<pre class="diag diag-${severity || "error"}">${esc(t)}</pre>`).join("") +
    ledgerProblems.map((t) => `<pre class="diag diag-warning">${esc(t)}</pre>`).join("");
}

// the month to report: the ledger's last, offered with the other months of its year
function setMonth(last) {
  $("month").value = last;
  const year = last.slice(0, 4);
  $("months").innerHTML = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, "0")}`)
    .map((m) => `<option value="${m}">${Number(m.slice(0, 4))}年${Number(m.slice(5))}月</option>`).join("");
}

function showScores(doc) {
  const rows = [];
  // ranked within each unit group, as the report and `xinxi score` rank (issue 14);
  // units without a target last, unranked
  const at = (u) => (u.target === null ? 1e9 : u.group_index);  // the notice's order of groups
  const units = doc.units.map((u, i) => [u, i]).sort((a, b) => at(a[0]) - at(b[0]) || a[1] - b[1]).map((x) => x[0]);
  for (const u of units) {
    const pct = u.completion === null ? "—" : (Number(u.completion) * 100).toFixed(2) + "%";
    const rank = u.target === null ? "" : (u.group_rank ?? "");
    rows.push(`<tr class="unit" data-unit="${esc(u.unit)}"><td class="num">${esc(rank)}</td><td>${esc(u.name)}</td><td>${esc(u.group_name ?? u.group ?? "（无目标）")}</td>` +
      `<td class="num score">${esc(u.score)}</td><td class="num">${esc(u.target ?? "—")}</td><td class="num">${pct}</td></tr>`);
    if (openUnits.has(u.unit)) {
      const lines = u.lines.map((l) => `<tr><td class="num">${esc(l.row ?? "")}</td><td>${esc(l.date)}</td><td>${esc(l.title)}</td>` +
        `<td>${esc(l.clause ?? l.rule ?? "")}</td><td class="num">${esc(l.points)}</td><td>${esc(l.note)}</td></tr>`).join("");
      rows.push(`<tr class="lines"><td colspan="6"><table><tr><th>行</th><th>日期</th><th>标题</th><th>条款</th><th>得分</th><th>说明</th></tr>` +
        (lines || `<tr><td colspan="6">没有计分的行</td></tr>`) + `</table></td></tr>`);
    }
  }
  const unmatched = doc.unmatched.length
    ? `<h3>未计分的行（${doc.unmatched.length}）</h3><table><tr><th>行</th><th>单位</th><th>原因</th></tr>` +
      doc.unmatched.map((m) => `<tr><td class="num">${esc(m.row)}</td><td>${esc(m.unit)}</td><td>${esc(m.reason_zh)}</td></tr>`).join("") + `</table>`
    : "";
  $("scores").innerHTML = `<table id="score-table"><tr><th>组内排名</th><th>单位</th><th>单位组</th><th>得分</th><th>目标</th><th>完成率</th></tr>${rows.join("")}</table>${unmatched}`;
  $("score-note").textContent = `台账 ${$("ledger-name").textContent}，${doc.rows}行；点击单位查看明细`;
  for (const tr of document.querySelectorAll("tr.unit")) {
    tr.addEventListener("click", () => {
      const k = tr.dataset.unit;
      openUnits.has(k) ? openUnits.delete(k) : openUnits.add(k);
      showScores(doc);
    });
  }
}

// -- the 对比 panel: --compare's regulation → the one in the editor, worded as `xinxi diff` ---

function table(head, rows, numeric) {
  return `<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr>` +
    rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric && numeric.includes(i) ? ' class="num"' : ""}>${esc(c)}</td>`).join("")}</tr>`).join("") +
    `</table>`;
}

function showCompare(c) {
  const out = [`<p class="compare-summary">${esc(c.summary)}</p>`];
  if (c.same) out.push(`<p class="ok">两个规程在含义上没有差别（编号、措辞、注释不计） (no difference in meaning)</p>`);
  if (c.renumbered) out.push(`<p>${esc(c.renumbered)}</p>`);
  if (c.header.length) out.push(`<h3>总则</h3>` + table(["项目", c.old, c.new], c.header.map((h) => [h.name, h.old, h.new])));
  if (c.groups.length) out.push(`<h3>单位和目标</h3><ul>${c.groups.map((g) => `<li>${esc(g)}</li>`).join("")}</ul>`);
  if (c.clauses.length) {
    out.push(`<h3>条款</h3><table id="compare-clauses"><tr><th>变化</th><th>${esc(c.old)}</th><th>${esc(c.new)}</th><th>内容</th><th>说明</th></tr>` +
      c.clauses.map((l) => `<tr class="clause-${esc(l.change)}"><td>${esc(l.change_zh)}</td><td>${esc(l.old)}</td><td>${esc(l.new)}</td>` +
        `<td>${esc(l.words)}</td><td>${esc(l.details)}</td></tr>`).join("") + `</table>`);
  }
  const ld = c.ledger;
  if (ld) {
    out.push(...ld.shifts.map((t) => `<p class="hint">${esc(t)}</p>`));
    out.push(`<h3>${esc(ld.title)}</h3><div id="compare-units">` +
      table(["单位", `${c.old}得分`, `${c.new}得分`, "变化", `${c.old}目标`, `${c.new}目标`],
        ld.units.map((u) => [u.unit, u.old, u.new, u.change, u.old_target, u.new_target]), [1, 2, 3, 4, 5]) + `</div>`);
    out.push(`<h3>${esc(ld.rows_title)}</h3>`);
    if (ld.rows.length) {
      out.push(`<div id="compare-rows">` + table(["行", "日期", "单位", "标题", c.old, c.new],
        ld.rows.map((r) => [r.row, r.date, r.unit, r.title, r.old, r.new]), [0]) + `</div>`);
    }
  }
  if (c.problems.length) out.push(`<h3>台账问题（按两个规程计分）</h3>`);
  out.push(...c.problems.map((d) => `<pre class="diag diag-${esc(d.severity)}">${esc(d.text)}</pre>`));
  $("compare").innerHTML = out.join("");
  $("compare-note").textContent = `${c.file} → 编辑中的规程`;
}

// -- the ledger ------------------------------------------------------------------------

async function upload(file) {
  if (file.size > maxUpload) {
    const m = `${file.name}: ${tooLarge}`;   // not sent: the server would refuse it (413)
    status(m, true); showMessages([m]); return;
  }
  status(`正在读取台账 ${file.name}……`);
  let r, a;
  try {
    r = await post("/api/ledger?name=" + encodeURIComponent(file.name), await file.arrayBuffer(), { "content-type": "application/octet-stream" });
    a = await r.json();
  } catch (e) {
    status("上传失败：无法连接工作台 (upload failed)", true); return;
  }
  if (!r.ok) {
    const texts = a.diagnostics ? a.diagnostics.map((d) => d.text) : [a.message];
    status(`台账 ${file.name} 无法读取${$("ledger-name").dataset.set ? "，仍使用之前的台账" : ""}`, true);
    showMessages(texts);
    return;
  }
  $("ledger-name").textContent = a.ledger;
  $("ledger-name").dataset.set = "1";
  if (a.last_month) setMonth(a.last_month);
  status(`已读取台账 ${a.ledger}：${a.rows}行`);
  await update();
}

// -- downloads ---------------------------------------------------------------------------

async function download(kind, extra) {
  const text = $("source").value;
  status("正在生成……");
  let r;
  try {
    r = await post("/api/download/" + kind, JSON.stringify({ source: text, ...extra }));
  } catch (e) {
    status("下载失败：无法连接工作台 (download failed)", true); return;
  }
  if (!r.ok) {
    const a = await r.json();
    const texts = a.diagnostics ? a.diagnostics.map((d) => d.text) : [a.message];
    status("无法生成：" + texts[0].split("\n")[0], true);
    showMessages(texts);
    return;
  }
  const cd = r.headers.get("content-disposition") || "";
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  const name = m ? decodeURIComponent(m[1]) : kind;
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement("a");
  a.href = url; a.download = name;
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  if (kind === "regulation") saved = text;
  const warned = r.headers.get("x-xinxi-warnings");
  if (warned) {
    const texts = JSON.parse(decodeURIComponent(warned));
    showMessages(texts, "warning");   // shown above the ledger's own
    status(`已下载 ${name}，但有${texts.length}个警告`, true);
    return;
  }
  status(`已下载 ${name}`);
}

// -- start -----------------------------------------------------------------------------

async function start() {
  const s = await (await fetch("/api/state")).json();
  maxUpload = s.max_upload;
  comparing = !!s.compare;
  tooLarge = s.too_large;
  $("file-name").textContent = s.regulation ? `规程 ${s.regulation}` : "新规程";
  if (s.ledger) { $("ledger-name").textContent = s.ledger; $("ledger-name").dataset.set = "1"; }
  if (s.last_month) setMonth(s.last_month);
  $("source").value = s.source;
  const ta = $("source");
  ta.addEventListener("input", scheduleUpdate);
  ta.addEventListener("keydown", (e) => {   // Tab indents (a unit group's lines) instead of leaving the editor
    if (e.key === "Tab" && !e.shiftKey && !e.ctrlKey && !e.altKey) {
      e.preventDefault();
      document.execCommand("insertText", false, "    ");
    }
  });
  saved = s.source;
  // the page writes no file: edits not downloaded are lost on leaving, so ask
  window.addEventListener("beforeunload", (e) => { if ($("source").value !== saved) { e.preventDefault(); e.returnValue = ""; } });
  ta.addEventListener("scroll", syncScroll);
  $("ledger-file").addEventListener("change", (e) => { if (e.target.files[0]) upload(e.target.files[0]); e.target.value = ""; });
  $("download-regulation").addEventListener("click", () => download("regulation", {}));
  $("download-appendix").addEventListener("click", () => download("appendix", {}));
  for (const fmt of ["xlsx", "docx"]) {
    $("download-report-" + fmt).addEventListener("click", () => {
      if (!$("month").value) { status("请先选择通报月份", true); $("month").focus(); return; }
      download("report", { format: fmt, month: $("month").value });
    });
  }
  await update();
}

document.addEventListener("DOMContentLoaded", start);
