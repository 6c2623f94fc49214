// The map: plain SVG, an equirectangular projection scaled by cos(latitude) around the data's
// centre (accurate enough at country scale), the admin1 base layer and the zones from the
// service's own API: no tile server, no network beyond this origin.
import { el, ruleColour, severityColour } from "./util.js";

const SCALE = 100; // SVG units per degree of longitude
let proj = { lon0: 38, lat0: 35, k: Math.cos((35 * Math.PI) / 180) };
let base = null, zones = null, home = null, view = null, fitted = false;

function project([lon, lat]) {
  return [(lon - proj.lon0) * SCALE * proj.k, -(lat - proj.lat0) * SCALE];
}

function ringsOf(geometry) {
  if (geometry.type === "Polygon") return geometry.coordinates;
  if (geometry.type === "MultiPolygon") return geometry.coordinates.flat();
  return [];
}

function pathOf(geometry) {
  return ringsOf(geometry).map((ring) => "M" + ring.map((p) => project(p).map(
    (v) => v.toFixed(1)).join(",")).join("L") + "Z").join("");
}

function bbox(features) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features) for (const ring of ringsOf(f.geometry)) for (const [x, y] of ring) {
    b[0] = Math.min(b[0], x); b[1] = Math.min(b[1], y);
    b[2] = Math.max(b[2], x); b[3] = Math.max(b[3], y);
  }
  return b;
}

function setView(v) {
  view = v;
  document.getElementById("map").setAttribute("viewBox", v.map((n) => n.toFixed(1)).join(" "));
}

export function initMap(baseLayer, zoneLayer, worldLayer = { features: [] }) {
  base = baseLayer; zones = zoneLayer;
  const b = bbox([...base.features, ...zones.features]);
  proj = { lon0: (b[0] + b[2]) / 2, lat0: (b[1] + b[3]) / 2,
    k: Math.cos((((b[1] + b[3]) / 2) * Math.PI) / 180) };
  const [x0, y1] = project([b[0], b[1]]), [x1, y0] = project([b[2], b[3]]);
  const pad = 20;
  home = [x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad];
  setView(home);
  const gWorld = document.getElementById("layer-world");
  for (const f of worldLayer.features) {
    gWorld.append(el("path", { d: pathOf(f.geometry), "data-country": f.properties.name },
      el("title", { text: f.properties.name })));
  }
  const gBase = document.getElementById("layer-base");
  for (const f of base.features) {
    gBase.append(el("path", { d: pathOf(f.geometry), "data-name": f.properties.name },
      el("title", { text: f.properties.name })));
  }
  for (const f of base.features) {
    const fb = bbox([f]);
    if (fb[2] - fb[0] < 0.35 || f.properties.name.length > 24) continue; // too small to label
    const [cx, cy] = project([(fb[0] + fb[2]) / 2, (fb[1] + fb[3]) / 2]);
    gBase.append(el("text", { x: cx.toFixed(1), y: cy.toFixed(1), text: f.properties.name }));
  }
  const gZones = document.getElementById("layer-zones");
  for (const f of zones.features) {
    gZones.append(el("path", { d: pathOf(f.geometry), class: f.properties.kind,
      "data-zone-id": f.properties.id }, el("title", { text: f.properties.name })));
  }
  document.getElementById("map-tools").addEventListener("click", (e) => {
    const action = e.target.dataset.zoom;
    if (!action) return;
    if (action === "reset") return setView(home);
    const f = action === "in" ? 0.6 : 1 / 0.6;
    const [x, y, w, h] = view;
    setView([x + (w * (1 - f)) / 2, y + (h * (1 - f)) / 2, w * f, h * f]);
  });
}

// One marker per located incident: fill = severity, ring = first rule; the selected alert's
// markers are drawn last (on top), larger, with a pulsing halo.
export function renderMarkers(alerts, selectedId, onSelect) {
  const g = document.getElementById("layer-markers");
  g.replaceChildren();
  const points = alerts.flatMap((a) => a.incidents.map((p) => ({ ...p, alert: a })));
  fitTo(points);
  points.sort((p, q) => (p.alert_id === selectedId) - (q.alert_id === selectedId));
  for (const p of points) {
    const [x, y] = project([p.location.lon, p.location.lat]);
    const selected = p.alert_id === selectedId;
    if (selected) g.append(el("circle", { class: "halo", cx: x, cy: y, r: 16 }));
    g.append(el("circle", {
      cx: x, cy: y, r: selected ? 10 : 7,
      class: [selected ? "selected" : "", p.alert.retraction ? "retracted" : ""].join(" ").trim()
        || null,
      fill: severityColour(p.severity), stroke: ruleColour(p.rule_ids[0] || ""),
      "data-alert-id": p.alert_id, "data-severity": p.severity,
      onclick: () => onSelect(p.alert_id),
    }, el("title", { text: `${p.title} (${p.severity}; ${p.rule_ids.join(", ")})` })));
  }
}

// Zoom to where the alerts are: Syria's view, widened to take in every located incident;
// the reset button returns to it.
function fitTo(points) {
  if (!points.length || !home) return;
  let [x0, y0, x1, y1] = [home[0], home[1], home[0] + home[2], home[1] + home[3]];
  for (const p of points) {
    const [x, y] = project([p.location.lon, p.location.lat]);
    x0 = Math.min(x0, x - 40); y0 = Math.min(y0, y - 40);
    x1 = Math.max(x1, x + 40); y1 = Math.max(y1, y + 40);
  }
  const wide = [x0, y0, x1 - x0, y1 - y0];
  if (fitted && wide.every((v, i) => v === home[i])) return;
  home = wide; fitted = true;
  setView(home);
}

export function renderLegend(rules) {
  const legend = document.getElementById("legend");
  legend.replaceChildren(
    ...["critical", "high", "medium", "low", "info"].map((s) => el("span", {},
      el("i", { class: "dot", style: { background: severityColour(s) } }), s)),
    ...rules.map((r) => el("span", {}, el("i", { class: "ring",
      style: { "border-color": ruleColour(r) } }), r)),
  );
}
