// Shared helpers: DOM building (text only, never innerHTML with data), links, colours, filters.
// Styles are set through the CSSOM (`style: {prop: value}`), never as a style attribute: the
// page's Content-Security-Policy allows no inline style.
export const SEVERITIES = ["info", "low", "medium", "high", "critical"];
const RULE_PALETTE = ["#22d3ee", "#a3e635", "#f472b6", "#facc15", "#c084fc", "#2dd4bf",
  "#fb923c", "#e879f9"];

export function el(tag, attrs = {}, ...children) {
  const svg = ["svg", "g", "path", "circle", "text", "title"].includes(tag);
  const node = svg ? document.createElementNS("http://www.w3.org/2000/svg", tag)
    : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "style") {
      for (const [prop, v] of Object.entries(value)) node.style.setProperty(prop, v);
    }
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

// Only http(s) URLs become links (the server already drops others; this is the second lock).
export function safeHref(url) {
  if (typeof url !== "string") return null;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

// A link opening in a new tab, or the text alone when the URL is missing or not http(s).
export function link(url, text, attrs = {}) {
  const href = safeHref(url);
  if (!href) return el("span", { ...attrs, text });
  return el("a", { ...attrs, href, target: "_blank", rel: "noopener noreferrer", text });
}

export function severityColour(severity) {
  return getComputedStyle(document.documentElement).getPropertyValue(`--${severity}`).trim()
    || "#6b7280";
}

export function ruleColour(rule) {
  let h = 0;
  for (const c of rule) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return RULE_PALETTE[h % RULE_PALETTE.length];
}

export function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export function toll(f) {
  if (!f || f.total === null || f.total === undefined) return "";
  const q = { at_least: "≥", more_than: ">", approximate: "~" }[f.qualifier] || "";
  return `${q}${f.total} killed`;
}

// The same filters as services/dashboard/filters.py, applied to alerts arriving live.
export function matches(alert, filters, now = Date.now()) {
  const list = (v) => (v || "").split(",").map((s) => s.trim()).filter(Boolean);
  const rules = list(filters.get("rule"));
  if (rules.length && !alert.rule_ids.some((r) => rules.includes(r))) return false;
  const sev = list(filters.get("severity"));
  if (sev.length && !sev.includes(alert.severity)) return false;
  const min = filters.get("min_severity");
  if (min && SEVERITIES.indexOf(alert.severity) < SEVERITIES.indexOf(min)) return false;
  const loc = alert.location;
  const countries = list(filters.get("country")).map((c) => c.toUpperCase());
  if (countries.length && !(loc && countries.includes(loc.country))) return false;
  const areas = list(filters.get("admin1")).map((a) => a.toLowerCase());
  if (areas.length && !(loc && areas.includes((loc.admin1 || "").toLowerCase()))) return false;
  const zones = list(filters.get("zone"));
  if (zones.length && !(alert.zone && zones.includes(alert.zone.id))) return false;
  const updated = Date.parse(alert.updated_at);
  const hours = parseFloat(filters.get("hours"));
  if (hours > 0 && updated < now - hours * 3600e3) return false;
  const since = filters.get("since"), until = filters.get("until");
  if (since && updated < Date.parse(since)) return false;
  if (until && updated > Date.parse(until)) return false;
  return true;
}
