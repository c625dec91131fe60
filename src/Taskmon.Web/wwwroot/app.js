// Taskmon dashboard: plain JavaScript, no dependencies, served by the monitored app itself.
"use strict";
(() => {
  const PAGE = 100;
  const token = new URLSearchParams(location.search).get("token");
  const $ = id => document.getElementById(id);
  const state = { tab: "live", filter: "", persistent: false, all: false, offset: 0, sort: { live: ["id", false], terminated: ["ended", true] }, total: 0 };
  const history = [];

  const site = s => s ? `${s.file}:${s.line}` : "";
  // Type.Method in the table; the full name is in the cell's tooltip and the trace view.
  const shortMethod = m => { const p = (m || "").split("."); return p.length > 2 ? p.slice(-2).join(".") : m; };
  const columns = {
    live: [
      { key: "id", title: "ID", sort: "id", num: true, get: t => t.id },
      { key: "state", title: "State", sort: "state", get: t => lower(t.state) },
      { key: "name", title: "Name", sort: "name", get: t => t.name },
      { key: "method", title: "Method", get: t => shortMethod(t.method), full: t => t.method },
      { key: "created", title: "Created at", get: t => site(t.site) },
      { key: "age", title: "Since", sort: "age", num: true, get: t => duration(ms(t.age)) },
      { key: "busy", title: "Busy", sort: "busy", num: true, get: t => duration(ms(t.busyTime)) + (t.isBlocking ? " ⚠" : "") },
      { key: "runs", title: "Runs", num: true, get: t => t.resumptions },
    ],
    terminated: [
      { key: "traceId", title: "Trace", get: t => t.traceId },
      { key: "name", title: "Name", sort: "name", get: t => t.name },
      { key: "method", title: "Method", get: t => shortMethod(t.method), full: t => t.method },
      { key: "outcome", title: "Outcome", sort: "outcome", get: t => lower(t.outcome), cls: t => "outcome-" + lower(t.outcome) },
      { key: "started", title: "Started", sort: "started", get: t => time(t.startedAt) },
      { key: "ended", title: "Terminated", sort: "ended", get: t => time(t.terminatedAt) },
    ],
  };

  // ---- HTTP ----
  // Paths are relative ("api/tasks"): the dashboard works wherever it is served, at / on its own port
  // or under a prefix (MapTaskmon("/ops/taskmon"), a reverse proxy's path base).
  function url(path, params) {
    const q = new URLSearchParams(params || {});
    if (token) q.set("token", token);
    const s = q.toString();
    return s ? path + "?" + s : path;
  }
  async function api(path, params, method) {
    const res = await fetch(url(path, params), { method: method || "GET", headers: { Accept: "application/json" } });
    const body = await res.json().catch(() => ({ error: res.statusText }));
    if (!res.ok) throw Object.assign(new Error(body.error || res.statusText), { status: res.status });
    return body;
  }

  // ---- formatting ----
  function duration(ms) {
    if (ms == null) return "";
    if (ms < 1000) return Math.round(ms) + " ms";
    if (ms < 60000) return (ms / 1000).toFixed(1) + " s";
    if (ms < 3600000) return Math.floor(ms / 60000) + " m " + Math.floor(ms % 60000 / 1000) + " s";
    return Math.floor(ms / 3600000) + " h " + Math.floor(ms % 3600000 / 60000) + " m";
  }
  // Durations arrive as .NET TimeSpan strings: [-][d.]hh:mm:ss[.fffffff].
  function ms(span) {
    if (span == null) return null;
    const m = /^(-)?(?:(\d+)\.)?(\d+):(\d+):(\d+)(?:\.(\d+))?$/.exec(span);
    if (!m) return null;
    const v = (((+(m[2] || 0) * 24 + +m[3]) * 60 + +m[4]) * 60 + +m[5]) * 1000 + (m[6] ? +("0." + m[6]) * 1000 : 0);
    return m[1] ? -v : v;
  }
  const lower = s => (s || "").toLowerCase();
  function time(iso) { return iso ? new Date(iso).toLocaleTimeString() : ""; }
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else if (v != null) e.setAttribute(k, v);
    }
    for (const c of children) if (c != null) e.append(c.nodeType ? c : String(c));
    return e;
  }
  function toast(text, error) {
    const t = el("div", { class: "toast" + (error ? " error" : ""), role: "status" }, text);
    $("toasts").append(t);
    setTimeout(() => t.remove(), 5000);
  }

  // ---- task list ----
  function renderHead() {
    const [sortKey, desc] = state.sort[state.tab] || [];
    const row = el("tr");
    for (const c of columns[state.tab]) {
      const th = el("th", { "data-col": c.key, class: c.sort ? (c.sort === sortKey ? "sorted" + (desc ? " desc" : "") : "") : "nosort" }, c.title);
      if (c.sort) th.addEventListener("click", () => {
        const cur = state.sort[state.tab];
        state.sort[state.tab] = cur[0] === c.sort ? [c.sort, !cur[1]] : [c.sort, false];
        state.offset = 0; renderHead(); refresh();
      });
      row.append(th);
    }
    row.append(el("th", { class: "nosort" }, ""));
    $("task-head").replaceChildren(row);
  }
  // One list request in flight at a time: with 100,000 tasks a query costs real server time, so
  // live refreshes must not pile up behind a slow one. A change made meanwhile reruns it once.
  let listSeq = 0, inFlight = false, again = false;
  async function refresh() {
    if (state.tab === "top") { renderTop(); return; }
    if (inFlight) { again = true; return; }
    inFlight = true;
    try { await load(); } finally {
      inFlight = false;
      if (again) { again = false; refresh(); }
    }
  }
  async function load() {
    const seq = ++listSeq;
    const params = { offset: state.offset, limit: PAGE };
    [params.sort, params.desc] = state.sort[state.tab];
    if (state.filter) params.filter = state.filter;
    if (state.persistent) params.persistent = "true";
    if (state.all) params.all = "true";
    let page;
    try {
      page = await api(state.tab === "live" ? "api/tasks" : "api/terminated", params);
    } catch (e) { toast("Could not load tasks: " + e.message, true); return; }
    if (seq !== listSeq) return; // a newer request superseded this one
    if (page.items.length === 0 && page.offset > 0 && page.totalMatching > 0) {
      // Tasks ended under our feet and this page is now past the end: show the last page instead.
      state.offset = Math.floor((page.totalMatching - 1) / PAGE) * PAGE;
      again = true;
      return;
    }
    state.total = page.totalMatching;
    const rows = page.items.map(i => renderRow(state.tab === "live" ? i.task : i));
    $("task-body").replaceChildren(...rows);
    $("empty").classList.toggle("hidden", rows.length > 0);
    const first = page.totalMatching === 0 ? 0 : page.offset + 1;
    $("page-info").textContent = `${first}–${page.offset + page.items.length} of ${page.totalMatching}`;
    $("prev").disabled = page.offset === 0;
    $("next").disabled = page.offset + page.items.length >= page.totalMatching;
  }
  function renderRow(t) {
    const tr = el("tr", { "data-id": state.tab === "live" ? t.id : t.traceId, class: t.isBlocking ? "blocking" : null });
    for (const c of columns[state.tab]) {
      const v = c.get(t);
      tr.append(el("td", { class: [c.num ? "num" : "", c.cls ? c.cls(t) : ""].join(" ").trim() || null, title: String((c.full ? c.full(t) : v) ?? "") }, v ?? ""));
    }
    const actions = el("td");
    const traceTarget = state.tab === "live" ? `api/tasks/${t.id}/trace` : `api/terminated/${encodeURIComponent(t.traceId)}/trace`;
    actions.append(el("button", { class: "small trace", onclick: () => openTrace(traceTarget, t.name) }, "Trace"));
    if (state.tab === "live" && t.cancellable)
      actions.append(" ", el("button", { class: "small danger cancel", onclick: () => confirmCancel(t) }, "Cancel"));
    tr.append(actions);
    return tr;
  }

  // ---- trace view ----
  const where = f => f.file ? `${f.file}:${f.line}` : (f.awaitIndex >= 0 ? `await #${f.awaitIndex}` : (f.awaitIndex === -1 ? "running" : ""));
  function frames(list) {
    if (!list || list.length === 0) return el("p", { class: "muted" }, "(none)");
    // Frames the server collapsed (Just My Code) are one muted line, "… N framework frames"; see "full stacks".
    return el("ol", { class: "frames" }, ...list.map(f => el("li", { class: f.hidden > 0 ? "collapsed" : (f.user === false ? "framework" : null) },
      el("span", { class: "method" }, f.method),
      where(f) ? el("span", { class: "loc" }, "  " + where(f)) : null,
      f.awaiting ? el("span", { class: "loc" }, "  awaiting " + f.awaiting) : null)));
  }
  function chain(links) {
    const out = [];
    for (const link of links || [])
      out.push(el("p", { class: "kv" }, el("b", null, `#${link.id} ${link.name}`), " ", link.method,
        link.site ? ` — created in ${link.site.member} at ${site(link.site)}` : "", link.terminated ? " (ended)" : ""), frames(link.creationStack));
    return out;
  }
  function canceller(c) {
    const kind = lower(c.kind);
    const who = kind === "task" ? `cancelled by task #${c.cancellerTaskId} ${c.cancellerTaskName ?? ""}` :
      kind === "operator" ? "cancelled by an operator" : kind === "timeout" ? "cancelled by a timeout (CancelAfter)" :
      kind === "cancelasync" ? "cancelled through CancelAsync (canceller not recorded)" : kind === "code" ? "cancelled by code outside any monitored task" : "cancelled";
    return [el("p", { class: "kv" }, el("b", null, who), " at " + time(c.requestedAt)), frames(c.stack)];
  }
  let openedTrace = null;
  async function openTrace(path, name) {
    openedTrace = [path, name];
    let tr;
    try { tr = await api(path, $("trace-full").checked ? { full: "true" } : null); } catch (e) { toast(e.status === 404 ? "That task is gone." : "Trace failed: " + e.message, true); refresh(); return; }
    $("trace-title").textContent = `Trace of #${tr.task.id} ${name || tr.task.name}`;
    const body = [el("p", { class: "kv" }, el("b", null, "Method: "), tr.task.method)];
    if (tr.asyncStack !== undefined) {
      if (tr.runTimes && tr.runTimes.some(b => b.count > 0)) body.push(el("h3", null, "Run times"), histogram(tr.runTimes));
      body.push(el("h3", null, "Async stack (innermost first)"), frames(tr.asyncStack));
      if (tr.stackNote) body.push(el("p", { class: "muted" }, tr.stackNote));
      body.push(el("h3", null, "Creation chain"), ...chain(tr.creationChain));
    } else {
      body.push(el("p", { class: "kv" }, el("b", null, "Outcome: "), el("span", { class: "outcome-" + lower(tr.task.outcome) }, lower(tr.task.outcome)),
        tr.task.exceptionSummary ? " — " + tr.task.exceptionSummary : ""));
      body.push(el("h3", null, "Cancellation chain"));
      if (!tr.cancellationChain || tr.cancellationChain.length === 0) body.push(el("p", { class: "muted" }, "(not cancelled)"));
      for (const c of tr.cancellationChain || []) body.push(...canceller(c));
      body.push(el("h3", null, "Termination stack"));
      if (tr.exceptionText) body.push(el("pre", { class: "exception" }, tr.exceptionText));
      else body.push(tr.terminationStack && tr.terminationStack.length ? frames(tr.terminationStack) : el("p", { class: "muted" }, "ran to completion"));
      body.push(el("h3", null, "Creation chain"), ...chain(tr.creationChain));
    }
    $("trace-body").replaceChildren(...body);
    $("trace").classList.remove("hidden");
  }

  // ---- cancel ----
  let pendingCancel = null;
  function confirmCancel(t) {
    pendingCancel = t;
    $("confirm-text").textContent = `Cancel task #${t.id} "${t.name}"?`;
    $("confirm").classList.remove("hidden");
    $("confirm-yes").focus();
  }
  async function doCancel() {
    const t = pendingCancel; pendingCancel = null;
    $("confirm").classList.add("hidden");
    if (!t) return;
    try {
      const r = await api(`api/tasks/${t.id}/cancel`, null, "POST");
      toast(r.message);
    } catch (e) { toast(e.message, true); }
    refreshCounts(); refresh();
  }

  // ---- counts, thread pool, live refresh ----
  function showSummary(s) {
    $("badge-live").textContent = s.counts.live + (state.all ? s.counts.liveMonitor : 0);
    $("badge-terminated").textContent = s.counts.history + s.counts.persistentHistory;
    const tp = s.threadPool;
    $("pool-stats").replaceChildren(...[["Threads", tp.threadCount], ["Queue length", tp.pendingWorkItems], ["Completed items", tp.completedWorkItems],
      ["Min / max workers", `${tp.minWorkerThreads} / ${tp.maxWorkerThreads}`], ["Blocking tasks", tp.blockingTasks]].flatMap(([k, v]) => [el("dt", null, k), el("dd", null, v)]));
    $("pool-hint").textContent = tp.blockingTasks > 0 ? `${tp.blockingTasks} task(s) blocking a pool thread right now (sort by Busy).` : "";
    $("pool-hint").classList.toggle("hidden", !(tp.blockingTasks > 0));
    history.push([tp.pendingWorkItems, tp.threadCount]);
    if (history.length > 60) history.shift();
    drawChart();
    if (s.tracking) {
      const level = $("tracking-level");
      if (document.activeElement !== level) level.value = String(s.tracking.level).toLowerCase();
      level.title = s.tracking.levelNote || "";
    }
  }
  function drawChart() {
    const c = $("pool-chart"), g = c.getContext("2d");
    c.dataset.samples = history.length;
    const w = c.width, h = c.height;
    g.clearRect(0, 0, w, h);
    const max = Math.max(4, ...history.flat());
    for (const [i, color] of [[0, "#dc2626"], [1, "#2563eb"]]) {
      g.strokeStyle = color; g.lineWidth = 2; g.beginPath();
      history.forEach((p, x) => {
        const px = (x / Math.max(history.length - 1, 1)) * (w - 4) + 2, py = h - 4 - (p[i] / max) * (h - 8);
        x === 0 ? g.moveTo(px, py) : g.lineTo(px, py);
      });
      g.stroke();
    }
    g.fillStyle = "#6b7280"; g.font = "10px sans-serif"; g.fillText("max " + max, w - 44, 12);
  }
  async function refreshCounts() {
    try { showSummary(await api("api/summary")); } catch { /* shown by the live pill */ }
  }
  let source = null, lastListRefresh = 0;
  function connect() {
    if (source) return;
    source = new EventSource(url("api/events"));
    source.addEventListener("summary", ev => {
      showSummary(JSON.parse(ev.data));
      $("live-state").textContent = "live"; $("live-state").className = "pill on";
      const now = Date.now();
      if (now - lastListRefresh > 900) { lastListRefresh = now; refresh(); }
    });
    source.onerror = () => { $("live-state").textContent = "reconnecting…"; $("live-state").className = "pill"; };
  }
  function disconnect() {
    if (source) { source.close(); source = null; }
    $("live-state").textContent = "paused"; $("live-state").className = "pill paused";
  }
  document.addEventListener("visibilitychange", () => document.hidden ? (disconnect(), disconnectTop()) : (connect(), state.tab === "top" ? connectTop() : refresh()));

  // ---- top: the live view over api/top (one watcher of the monitor per open tab) ----
  const top = { rows: new Map(), spark: new Map(), sort: ["busyPercent", true], source: null, time: Date.now(), warnings: [] };
  const SPARK = 30, TOP_ROWS = 200;
  const topColumns = [
    { key: "id", title: "ID", num: true, val: r => r.id, get: r => r.id },
    { key: "state", title: "State", val: r => r.state, get: r => lower(r.state) + (r.isBlocking && r.state === "Running" ? " ⚠" : "") },
    { key: "name", title: "Name", val: r => r.name, get: r => r.name },
    { key: "method", title: "Method", val: r => r.method, get: r => shortMethod(r.method), full: r => r.method },
    { key: "age", title: "Age", num: true, val: r => -Date.parse(r.startedAt), get: r => duration(top.time - Date.parse(r.startedAt)) },
    { key: "busy", title: "Busy", num: true, val: r => ms(r.busyTime), get: r => duration(ms(r.busyTime)) + (r.isBlocking ? " ⚠" : "") },
    { key: "busyPercent", title: "Busy %", num: true, val: r => r.busyPercent, get: r => r.busyPercent.toFixed(1) },
    { key: "spark", title: "Busy % over time", render: r => sparkline(top.spark.get(r.id) || []) },
    { key: "runs", title: "Runs", num: true, val: r => r.resumptions, get: r => r.resumptions },
    { key: "longest", title: "Longest run", num: true, val: r => ms(r.longestRun), get: r => duration(ms(r.longestRun)) },
  ];
  const warningKinds = { Blocking: "blocking", Lost: "lost task", Starvation: "starvation", LongPending: "pending too long", PendingGrowth: "growing", UnobservedFault: "unobserved fault" };
  function sparkline(points) {
    const ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "64"); svg.setAttribute("height", "16"); svg.setAttribute("class", "spark");
    const line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", points.map((p, i) => `${(i * 63 / (SPARK - 1)).toFixed(1)},${(15 - p * 0.14).toFixed(1)}`).join(" "));
    svg.append(line);
    svg.dataset.points = points.length;
    return svg;
  }
  function histogram(buckets) {
    const max = Math.max(1, ...buckets.map(b => b.count));
    const label = b => b.upperBound ? "< " + duration(ms(b.upperBound)) : "≥ " + duration(ms(b.lowerBound));
    // Widths through the CSSOM: the page's policy (style-src 'self') refuses style attributes.
    const bar = b => { const s = el("span", { class: "hbar" }); s.style.width = Math.round(120 * b.count / max) + "px"; return s; };
    return el("table", { class: "histogram" }, ...buckets.map(b => el("tr", null, el("td", null, label(b)), el("td", { class: "num" }, b.count), el("td", null, bar(b)))));
  }
  function applyTop(f) {
    if (f.full) { top.rows.clear(); }
    for (const r of f.added) top.rows.set(r.id, r);
    for (const r of f.changed) top.rows.set(r.id, r);
    for (const id of f.ended) top.rows.delete(id);
    for (const id of top.spark.keys()) if (!top.rows.has(id)) top.spark.delete(id);
    for (const r of top.rows.values()) {
      const s = top.spark.get(r.id) || [];
      s.push(r.busyPercent); if (s.length > SPARK) s.shift();
      top.spark.set(r.id, s);
    }
    top.time = Date.parse(f.time);
    top.warnings = f.warnings;
    $("badge-warnings").textContent = f.warnings.length;
    showSummary({ counts: f.counts, threadPool: f.threadPool });
    renderTop();
  }
  function renderTopHead() {
    const [key, desc] = top.sort;
    const row = el("tr");
    for (const c of topColumns) {
      const th = el("th", { "data-col": c.key, class: c.val ? (c.key === key ? "sorted" + (desc ? " desc" : "") : "") : "nosort" }, c.title);
      if (c.val) th.addEventListener("click", () => { top.sort = top.sort[0] === c.key ? [c.key, !top.sort[1]] : [c.key, !!c.num]; renderTopHead(); renderTop(); });
      row.append(th);
    }
    row.append(el("th", { class: "nosort" }, ""));
    $("top-head").replaceChildren(row);
  }
  function renderTop() {
    if (state.tab !== "top") return;
    const [key, desc] = top.sort, col = topColumns.find(c => c.key === key);
    const f = state.filter.toLowerCase();
    const rows = [...top.rows.values()].filter(r => (!state.persistent || r.persistent) &&
      (!f || r.name.toLowerCase().includes(f) || r.method.toLowerCase().includes(f) || String(r.id) === f));
    rows.sort((a, b) => { const x = col.val(a), y = col.val(b); const c = x < y ? -1 : x > y ? 1 : a.id - b.id; return desc ? -c : c; });
    $("top-body").replaceChildren(...rows.slice(0, TOP_ROWS).map(r => {
      const tr = el("tr", { "data-id": r.id, class: r.isBlocking ? "blocking" : null });
      for (const c of topColumns) {
        if (c.render) { tr.append(el("td", null, c.render(r))); continue; }
        const v = c.get(r);
        tr.append(el("td", { class: c.num ? "num" : null, title: String((c.full ? c.full(r) : v) ?? "") }, v ?? ""));
      }
      tr.append(el("td", null, el("button", { class: "small trace", onclick: () => openTrace(`api/tasks/${r.id}/trace`, r.name) }, "Detail")));
      return tr;
    }));
    $("top-info").textContent = rows.length > TOP_ROWS ? `busiest ${TOP_ROWS} of ${rows.length}` : `${rows.length} tasks`;
    $("top-warnings").replaceChildren(...(top.warnings.length === 0 ? [el("li", { class: "muted" }, "No warnings.")] :
      top.warnings.map(w => el("li", { class: "warning kind-" + lower(w.kind) + (w.ongoing ? " ongoing" : "") },
        el("b", null, warningKinds[w.kind] || lower(w.kind)), " ", w.message, " ",
        ...w.taskIds.map(id => el("button", { class: "small task-link", onclick: () => openTrace(`api/tasks/${id}/trace`, "") }, "#" + id)),
        el("span", { class: "muted" }, " since " + time(w.since))))));
  }
  function connectTop() {
    if (top.source) return;
    top.source = new EventSource(url("api/top"));
    top.source.addEventListener("top", ev => applyTop(JSON.parse(ev.data)));
  }
  function disconnectTop() { if (top.source) { top.source.close(); top.source = null; } }
  function showTopView(on) {
    $("top-view").classList.toggle("hidden", !on);
    $("list-wrap").classList.toggle("hidden", on);
    $("top-info").classList.toggle("hidden", !on);
    for (const id of ["page-info", "prev", "next", "empty"]) $(id).classList.toggle("hidden", on || (id === "empty" && $("task-body").children.length > 0));
    if (on) { renderTopHead(); connectTop(); renderTop(); } else disconnectTop();
  }

  // ---- wiring ----
  for (const b of document.querySelectorAll(".tab")) b.addEventListener("click", () => {
    state.tab = b.dataset.tab; state.offset = 0;
    for (const o of document.querySelectorAll(".tab")) { o.classList.toggle("active", o === b); o.setAttribute("aria-selected", o === b); }
    showTopView(state.tab === "top");
    if (state.tab === "top") return;
    renderHead(); refresh();
  });
  let debounce = 0;
  $("filter").addEventListener("input", e => {
    clearTimeout(debounce);
    debounce = setTimeout(() => { state.filter = e.target.value.trim(); state.offset = 0; refresh(); }, 250);
  });
  $("persistent").addEventListener("change", e => { state.persistent = e.target.checked; state.offset = 0; refresh(); });
  $("show-all").addEventListener("change", e => { state.all = e.target.checked; state.offset = 0; refresh(); refreshCounts(); });
  $("trace-full").addEventListener("change", () => { if (openedTrace) openTrace(...openedTrace); });
  $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); refresh(); });
  $("next").addEventListener("click", () => { if (state.offset + PAGE < state.total) { state.offset += PAGE; refresh(); } });
  $("trace-close").addEventListener("click", () => $("trace").classList.add("hidden"));
  $("confirm-no").addEventListener("click", () => { pendingCancel = null; $("confirm").classList.add("hidden"); });
  $("confirm-yes").addEventListener("click", doCancel);
  document.addEventListener("keydown", e => { if (e.key === "Escape") { $("trace").classList.add("hidden"); $("confirm").classList.add("hidden"); pendingCancel = null; } });
  $("tracking-level").addEventListener("change", async e => {
    const asked = e.target.value;
    try {
      const r = await api("api/tracking", { level: asked }, "POST");
      const running = String(r.level).toLowerCase();
      e.target.value = running;
      toast(running === asked ? "Discovery " + running : `Discovery ${asked} is unavailable: running ${running}. ${r.levelNote || ""}`, running !== asked);
    } catch (err) { toast(err.message, true); }
  });

  api("api/version").then(v => { $("app-info").textContent = `${v.processName} (pid ${v.processId}) · Taskmon ${v.version} · ${v.runtime}`; }).catch(() => {});
  renderHead(); refresh(); refreshCounts(); connect();
})();
