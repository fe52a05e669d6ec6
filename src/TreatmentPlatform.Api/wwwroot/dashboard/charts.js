// Plain SVG charts (no library, nothing fetched): each draws shapes as well as colour and comes with
// a text equivalent (an accessible name and a data table), so no reader depends on colour alone.
"use strict";

import { daysBetween } from "./api.js";

const NS = "http://www.w3.org/2000/svg";

function el(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

const title = (text) => el("title", {}, text);

/** Days as a week grid (a column a week, Monday on top): covered a filled square, not covered a crossed square, no treatment a small ring. */
export function calendar(days) {
  const cell = 16, top = 14;
  const firstWeekday = (new Date(days[0].date + "T00:00:00Z").getUTCDay() + 6) % 7;
  const weeks = Math.ceil((firstWeekday + days.length) / 7);
  const counts = { covered: 0, uncovered: 0, none: 0 };
  const svg = el("svg", { viewBox: `0 0 ${weeks * cell + 2} ${7 * cell + top}`, width: (weeks * cell + 2) * 1.5, class: "calendar", role: "img" });
  days.forEach((day, i) => {
    const at = firstWeekday + i, x = Math.floor(at / 7) * cell + 1, y = (at % 7) * cell + top;
    const state = !day.treatment ? "none" : day.covered ? "covered" : "uncovered";
    counts[state]++;
    const label = `${day.date}: ${state === "none" ? "no treatment" : state === "covered" ? "covered" : "not covered"}`;
    const g = el("g", { class: `day ${state}` }, title(label));
    if (state === "covered") g.append(el("rect", { class: "cell-covered", x: x + 1, y: y + 1, width: cell - 3, height: cell - 3, rx: 2 }));
    else if (state === "uncovered") g.append(
      el("rect", { class: "cell-uncovered", x: x + 1.5, y: y + 1.5, width: cell - 4, height: cell - 4, rx: 2 }),
      el("path", { class: "cell-cross", d: `M${x + 4} ${y + 4} L${x + cell - 5} ${y + cell - 5} M${x + cell - 5} ${y + 4} L${x + 4} ${y + cell - 5}` }));
    else g.append(el("circle", { class: "cell-none", cx: x + cell / 2 - 0.5, cy: y + cell / 2 - 0.5, r: 3 }));
    svg.append(g);
    if (day.date.endsWith("-01") || (i === 0 && Number(day.date.slice(8)) < 25))
      svg.append(el("text", { x, y: 10, class: "axis" }, day.date.slice(5)));
  });
  svg.setAttribute("aria-label",
    `${days.length} days from ${days[0].date} to ${days.at(-1).date}: ${counts.covered} covered, ${counts.uncovered} not covered, ${counts.none} without treatment`);
  return svg;
}

/**
 * A line chart over dates. series: [{ name, marker: "circle"|"square"|"triangle", dash, points: [{ date, value }] }];
 * a null value breaks the line.
 */
export function lineChart({ from, to, min, max, format, series, label }) {
  const width = 560, height = 200, left = 40, right = 12, topPad = 12, bottom = 28;
  const span = Math.max(1, daysBetween(from, to));
  const x = (date) => left + (daysBetween(from, date) / span) * (width - left - right);
  const y = (v) => topPad + (1 - (v - min) / (max - min)) * (height - topPad - bottom);
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-label": label });
  for (const tick of [min, (min + max) / 2, max]) {
    svg.append(el("line", { class: "grid", x1: left, x2: width - right, y1: y(tick), y2: y(tick) }),
      el("text", { class: "axis", x: left - 6, y: y(tick) + 4, "text-anchor": "end" }, format(tick)));
  }
  svg.append(el("text", { class: "axis", x: left, y: height - 8 }, from), el("text", { class: "axis", x: width - right, y: height - 8, "text-anchor": "end" }, to));
  series.forEach((s, n) => {
    let path = "", pen = "M";
    for (const p of s.points) {
      if (p.value === null) { pen = "M"; continue; }
      path += `${pen}${x(p.date).toFixed(1)} ${y(p.value).toFixed(1)} `;
      pen = "L";
    }
    const g = el("g", { class: `series series-${n}` }, el("path", { class: "line", d: path, ...(s.dash ? { "stroke-dasharray": "6 4" } : {}) }));
    for (const p of s.points.filter(p => p.value !== null)) g.append(marker(s.marker, x(p.date), y(p.value), `${s.name} ${p.date}: ${format(p.value)}`));
    svg.append(g);
  });
  return svg;
}

function marker(shape, cx, cy, text) {
  const shapeEl = shape === "square" ? el("rect", { x: cx - 4, y: cy - 4, width: 8, height: 8 })
    : shape === "triangle" ? el("path", { d: `M${cx} ${cy - 5} L${cx + 5} ${cy + 4} L${cx - 5} ${cy + 4} Z` })
      : el("circle", { cx, cy, r: 4 });
  return el("g", { class: "marker" }, title(text), shapeEl);
}

/** The chart's numbers as a table, under a disclosure: for screen readers and anyone who wants them exact. */
export function dataTable(caption, headers, rows) {
  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = `${caption}: the numbers`;
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const h of headers) { const th = document.createElement("th"); th.scope = "col"; th.textContent = h; head.append(th); }
  const body = table.createTBody();
  for (const row of rows) { const tr = body.insertRow(); for (const v of row) tr.insertCell().textContent = v; }
  details.append(summary, table);
  return details;
}
