// The alert detail: what it is, whether and by whom it was retracted, how it changed (the toll's
// history report by report, merges with reasons), what the parties said (denials), where it
// comes from, and the evidence: the report text with the extracted spans highlighted.
import { el, link, toll, when } from "./util.js";

const TOLL_KINDS = { first: "first figure", rises: "rises", reported: "repeated",
  revised: "revised", refuted: "refuted" };

function value(v) {
  if (v === null || v === undefined) return "—";
  if (typeof v === "object") {
    if ("total" in v) return toll(v) || "—";
    return JSON.stringify(v);
  }
  return String(v);
}

// Text with non-overlapping spans marked; a span overlapping an earlier one is left out
// (its field is still listed under the text).
function highlighted(text, spans, offset = 0) {
  const out = [];
  let at = 0;
  for (const s of spans) {
    const start = s.start - offset, end = s.end - offset;
    if (start < at || end > text.length || start < 0) continue;
    out.push(text.slice(at, start));
    out.push(el("mark", { "data-field": s.field, title: `${s.field} (${s.rule_ids.join(", ")})` },
      text.slice(start, end), el("sup", { text: s.field })));
    at = end;
  }
  out.push(text.slice(at));
  return out;
}

function evidence(ev) {
  const head = el("p", {}, "Report ", link(ev.report_url, ev.report_title || ev.report_id));
  if (ev.text === null && ev.spans.length === 0) {
    return el("div", { class: "evidence" }, head, el("p", { class: "muted",
      text: "No evidence spans for this incident." }));
  }
  if (ev.text !== null) {
    return el("div", { class: "evidence" }, head,
      el("div", { class: "report-text", "data-report-id": ev.report_id },
        highlighted(ev.text, ev.spans)));
  }
  // Without the report text, each sentence with the spans found inside it.
  const bySentence = new Map();
  for (const s of ev.spans) {
    if (!bySentence.has(s.sentence)) bySentence.set(s.sentence, []);
    bySentence.get(s.sentence).push(s);
  }
  const items = [...bySentence].map(([sentence, spans]) => {
    let from = 0;
    const local = [];
    for (const s of spans) {
      const i = sentence.indexOf(s.text, from);
      if (i >= 0) { local.push({ ...s, start: i, end: i + s.text.length }); }
    }
    local.sort((a, b) => a.start - b.start);
    return el("li", {}, highlighted(sentence, local));
  });
  return el("div", { class: "evidence" }, head,
    el("ul", { class: "report-text", "data-report-id": ev.report_id }, items));
}

function retraction(r) {
  if (!r) return null;
  return el("section", { id: "retraction" },
    el("h3", { text: "Retracted" }),
    el("p", {}, r.by ? `By ${r.by}, in ` : "In ",
      link(r.url, r.source || r.report_id, { class: "refuter", "data-report-id": r.report_id }),
      r.source ? ` (report ${r.report_id})` : ""),
    el("blockquote", { text: r.reason }));
}

// Every report's figure, oldest first: which one set the toll, which only repeated it.
function tollHistory(entries) {
  if (!entries.length) return null;
  return [el("h3", { text: "Toll history" }), el("table", { id: "toll-history" },
    el("thead", {}, el("tr", {}, ["Killed", "Kind", "Source", "Time"].map((t) =>
      el("th", { text: t })))),
    el("tbody", {}, entries.map((t) => el("tr", { "data-kind": t.kind,
      "data-report-id": t.report_id },
    el("td", { class: "value", text: t.value === null ? "—" : String(t.value) }),
    el("td", { class: "kind", text: TOLL_KINDS[t.kind] || t.kind }),
    el("td", { text: t.source ? `${t.source} (${t.report_id})` : t.report_id }),
    el("td", { text: when(t.at) })))))];
}

function statements(list) {
  if (!list.length) return null;
  return [el("h3", { text: "Statements" }), el("ul", { id: "statements" }, list.map((s) =>
    el("li", { "data-kind": s.kind, "data-report-id": s.report_id },
      el("strong", { text: s.kind === "denied_by_accused" ? "Denied by the accused party"
        : s.kind }), s.source ? ` (${s.source})` : "", ": ", el("q", { text: s.text }))))];
}

export function renderDetail(data) {
  const a = data.alert;
  const loc = a.location;
  const facts = el("dl", {},
    el("dt", { text: "Severity" }), el("dd", {}, el("span", { class: "badge",
      style: { "--sev": `var(--${a.severity})` }, text: a.severity })),
    el("dt", { text: "Status" }), el("dd", { text: `${a.status} (update #${a.sequence})` }),
    el("dt", { text: "Rules" }), el("dd", { text: a.rule_ids.join(", ") }),
    el("dt", { text: "Event" }), el("dd", { text: `${a.sub_event_type} (${a.event_type})` }),
    el("dt", { text: "Date" }), el("dd", { text: a.event_date || "unknown" }),
    el("dt", { text: "Toll" }), el("dd", { text: toll(a.fatalities) || "not reported" }),
    el("dt", { text: "Where" }), el("dd", { text: loc
      ? `${loc.name}${loc.admin1 ? ", " + loc.admin1 : ""}, ${loc.country} (${loc.precision}, ±${loc.radius_km} km)`
      : "unknown" }),
    el("dt", { text: "Zone" }), el("dd", { text: a.zone
      ? `${a.zone.name} (${a.zone.kind}, ${a.zone.certainty})` : "none" }),
    el("dt", { text: "First seen" }), el("dd", { text: when(a.first_seen) }),
    el("dt", { text: "Updated" }), el("dd", { text: when(a.updated_at) }),
  );
  const history = el("ol", { id: "history" }, data.history.map((h) => el("li", {
    "data-sequence": h.sequence },
    el("strong", { text: `#${h.sequence} ${h.status}` }), ` — ${when(h.updated_at)}`,
    h.changes.length ? el("ul", {}, h.changes.map((c) => el("li", {
      class: "change", text: `${c.field}: ${value(c.before)} → ${value(c.after)}`
        + (c.reason ? ` (${c.reason})` : "") }))) : null,
    h.merges.length ? el("ul", {}, h.merges.map((m) => el("li", { class: "merge" },
      `merged report ${m.report_id}: `, el("em", { text: m.reason })))) : null,
  )));
  const sources = el("ul", { id: "sources" }, a.sources.map((s) => el("li", {},
    link(s.url, s.title || s.report_id),
    s.source ? ` — ${s.source}` : "")));
  return el("article", { "data-alert-id": a.alert_id, class: a.retraction ? "retracted" : null },
    el("h2", {}, a.retraction ? el("s", { text: a.title }) : a.title),
    el("p", { text: a.summary }), retraction(a.retraction), facts,
    tollHistory(a.toll_history || []), statements(a.statements || []),
    el("h3", { text: "History" }), history,
    a.merges.length ? el("h3", { text: "Merged reports" }) : null,
    a.merges.length ? el("ul", { id: "merges" }, a.merges.map((m) => el("li", {},
      `${m.report_id}: `, el("em", { text: m.reason })))) : null,
    el("h3", { text: "Sources" }), sources,
    el("h3", { text: "Evidence" }), data.evidence.map(evidence));
}
