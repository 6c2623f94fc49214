// The page: filters from the query string (a filtered view is a URL), the recent alerts from
// /api/alerts, then each new alert version from the server-sent event feed, applied in place.
import { initMap, renderLegend, renderMarkers } from "./map.js";
import { renderDetail } from "./detail.js";
import { el, link, matches, toll, when } from "./util.js";

const FILTERS = ["rule", "severity", "min_severity", "country", "admin1", "zone", "hours",
  "since", "until"];
const state = { alerts: new Map(), selected: null, rules: new Set(), fresh: new Set(),
  loading: 0, buffered: [] };
const $ = (id) => document.getElementById(id);

function params() { return new URLSearchParams(location.search); }

function filterQuery() {
  const p = params(), q = new URLSearchParams();
  for (const k of FILTERS) if (p.get(k)) q.set(k, p.get(k));
  return q;
}

async function getJSON(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
}

function sorted() {
  return [...state.alerts.values()].sort((a, b) =>
    b.updated_at.localeCompare(a.updated_at) || a.alert_id.localeCompare(b.alert_id));
}

// Who withdrew a retracted alert, one click from the list: the refuting report's page when its
// URL is http(s), else its source or report id as text.
function refuter(r) {
  const name = r.source || r.report_id;
  const target = link(r.url, name, { class: "refuter", "data-report-id": r.report_id,
    title: r.reason });
  if (target.tagName === "A") target.addEventListener("click", (e) => e.stopPropagation());
  return el("div", { class: "retraction" }, r.by ? `retracted by ${r.by}: ` : "retracted: ",
    target);
}

function row(a) {
  const li = el("li", { "data-alert-id": a.alert_id, "data-sequence": a.sequence,
    "data-status": a.status, style: { "--sev": `var(--${a.severity})` },
    class: [a.alert_id === state.selected ? "selected" : "",
      state.fresh.has(a.alert_id) ? "fresh" : "",
      a.retraction ? "retracted" : ""].join(" ").trim() || null,
    onclick: () => select(a.alert_id) },
  el(a.retraction ? "s" : "div", { class: "title", text: a.title }),
  a.retraction ? refuter(a.retraction) : null,
  el("div", { class: "meta" },
    el("span", { class: "badge", text: a.severity }), " ",
    el("span", { class: "status", text: `${a.status} #${a.sequence}` }), " ",
    [a.location ? `${a.location.name}${a.location.admin1 ? ", " + a.location.admin1 : ""}` : "",
      toll(a.fatalities), a.zone ? `in ${a.zone.name}` : "", a.rule_ids.join(", "),
      when(a.updated_at)].filter(Boolean).join(" · ")));
  return li;
}

function render() {
  const list = sorted();
  $("feed").replaceChildren(...list.map(row));
  $("empty").hidden = list.length > 0;
  $("count").textContent = `${list.length} alert${list.length === 1 ? "" : "s"}`;
  renderMarkers(list, state.selected, select);
  for (const a of list) a.rule_ids.forEach((r) => state.rules.add(r));
  renderLegend([...state.rules].sort());
  const ruleSelect = $("filters").elements.rule;
  const have = new Set([...ruleSelect.options].map((o) => o.value));
  for (const r of [...state.rules].sort()) {
    if (!have.has(r)) ruleSelect.append(el("option", { value: r, text: r }));
  }
  state.fresh.clear();
}

async function loadAlerts() {
  const q = filterQuery();
  q.set("limit", "500");
  state.loading += 1; // live events arriving meanwhile are applied after the list
  try {
    const data = await getJSON(`/api/alerts?${q}`);
    state.alerts = new Map(data.items.map((a) => [a.alert_id, a]));
  } finally {
    state.loading -= 1;
  }
  render();
  if (!state.loading) state.buffered.splice(0).forEach(onAlert);
}

async function select(alertId, push = true) {
  state.selected = alertId;
  if (push) {
    const p = params();
    if (alertId) p.set("alert", alertId); else p.delete("alert");
    history.replaceState(null, "", `?${p}`);
  }
  render();
  if (!alertId) { $("detail").hidden = true; return; }
  try {
    const data = await getJSON(`/api/alerts/${encodeURIComponent(alertId)}`);
    $("detail-body").replaceChildren(renderDetail(data));
    $("detail").dataset.alertId = alertId;
    $("detail").dataset.sequence = data.alert.sequence;
    $("detail").hidden = false;
  } catch (err) {
    $("detail-body").replaceChildren(el("p", { text: `Cannot load ${alertId}: ${err.message}` }));
    $("detail").hidden = false;
  }
}

function onAlert(alert) {
  if (state.loading) { state.buffered.push(alert); return; }
  const known = state.alerts.get(alert.alert_id);
  if (known && known.sequence > alert.sequence) return;
  if (!matches(alert, params())) { state.alerts.delete(alert.alert_id); render(); return; }
  state.alerts.set(alert.alert_id, alert);
  state.fresh.add(alert.alert_id);
  render();
  if (state.selected === alert.alert_id) select(alert.alert_id, false);
}

function connect() {
  const source = new EventSource("/api/stream");
  let opened = false;
  source.addEventListener("hello", () => {
    $("status").dataset.state = "live";
    $("status").textContent = "live";
    if (opened) loadAlerts(); // reconnected: catch up on what the stream missed
    opened = true;
  });
  source.addEventListener("alert", (e) => onAlert(JSON.parse(e.data)));
  source.onerror = () => {
    $("status").dataset.state = "reconnecting";
    $("status").textContent = "reconnecting…";
  };
}

function initFilters(zones, base) {
  const form = $("filters");
  for (const f of zones.features) {
    form.elements.zone.append(el("option", { value: f.properties.id, text: f.properties.name }));
  }
  for (const name of base.features.map((f) => f.properties.name).sort()) {
    form.elements.admin1.append(el("option", { value: name, text: name }));
  }
  const p = params();
  // On a phone the filters fold away unless the URL sets some.
  if (matchMedia("(max-width: 760px)").matches && !FILTERS.some((k) => p.get(k))) {
    $("filter-box").open = false;
  }
  for (const k of FILTERS) {
    const input = form.elements[k];
    if (!input || !p.get(k)) continue;
    if (input.tagName === "SELECT" && ![...input.options].some((o) => o.value === p.get(k))) {
      input.append(el("option", { value: p.get(k), text: p.get(k) }));
    }
    input.value = p.get(k);
  }
  form.addEventListener("change", () => {
    const q = params();
    for (const k of FILTERS) {
      const input = form.elements[k];
      if (!input) continue;
      if (input.value) q.set(k, input.value.trim()); else q.delete(k);
    }
    history.replaceState(null, "", `?${q}`);
    loadAlerts();
  });
  $("clear").addEventListener("click", () => {
    form.reset();
    const q = params();
    FILTERS.forEach((k) => q.delete(k));
    history.replaceState(null, "", `?${q}`);
    loadAlerts();
  });
}

async function main() {
  const [zones, base, world] = await Promise.all([getJSON("/api/zones"),
    getJSON("/api/boundaries"), getJSON("/api/world")]);
  initMap(base, zones, world);
  initFilters(zones, base);
  $("close-detail").addEventListener("click", () => select(null));
  connect();
  await loadAlerts();
  const chosen = params().get("alert");
  if (chosen) select(chosen, false);
  document.body.dataset.ready = "true";
}

main();
