// The alert detail: what it is, how it changed (toll revisions, merges with reasons), where it
// comes from, and the evidence: the report text with the extracted spans highlighted.
import { el, toll, when } from "./util.js";

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
  const head = el("p", {}, "Report ", ev.report_url
    ? el("a", { href: ev.report_url, target: "_blank", rel: "noopener noreferrer",
      text: ev.report_title || ev.report_id })
    : (ev.report_title || ev.report_id));
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

export function renderDetail(data) {
  const a = data.alert;
  const loc = a.location;
  const facts = el("dl", {},
    el("dt", { text: "Severity" }), el("dd", {}, el("span", { class: "badge",
      style: `--sev: var(--${a.severity})`, text: a.severity })),
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
      class: "change", text: `${c.field}: ${value(c.before)} → ${value(c.after)}` }))) : null,
    h.merges.length ? el("ul", {}, h.merges.map((m) => el("li", { class: "merge" },
      `merged report ${m.report_id}: `, el("em", { text: m.reason })))) : null,
  )));
  const sources = el("ul", { id: "sources" }, a.sources.map((s) => el("li", {},
    s.url ? el("a", { href: s.url, target: "_blank", rel: "noopener noreferrer",
      text: s.title || s.report_id }) : (s.title || s.report_id),
    s.source ? ` — ${s.source}` : "")));
  return el("article", { "data-alert-id": a.alert_id },
    el("h2", { text: a.title }), el("p", { text: a.summary }), facts,
    el("h3", { text: "History" }), history,
    a.merges.length ? el("h3", { text: "Merged reports" }) : null,
    a.merges.length ? el("ul", { id: "merges" }, a.merges.map((m) => el("li", {},
      `${m.report_id}: `, el("em", { text: m.reason })))) : null,
    el("h3", { text: "Sources" }), sources,
    el("h3", { text: "Evidence" }), data.evidence.map(evidence));
}
