// Counselor workspace: the caseload by name, most urgent first, with filters; a patient page with
// trends and forms to record what happened; kept current by the caseload's server-sent events.
// Talks to the API only; everything shown is text set with textContent.
"use strict";

import { api, claims, token, Problem, addDays, daysBetween } from "./api.js";
import { follow } from "./live.js";
import { calendar, lineChart, dataTable } from "./charts.js";

const $ = (id) => document.getElementById(id);
const SEVERITY = { high: 3, medium: 2, low: 1 };
const KIND = {
  "medication-gap": "medication gap", "injection-due": "injection due", "implant-expiring": "implant expiring",
  "induction-pending": "induction pending", "counseling-overdue": "counseling overdue", "inactive-30-days": "inactive 30 days",
  "adverse-event": "adverse event",
};
const STATUS = { combined: "both adherent", "medication-only": "medication only", "counseling-only": "counseling only", neither: "neither" };

const state = { caseload: [], worklist: [], patientId: null, stopLive: null, loads: 0, patientLoads: 0, patientLoad: null };

const me = () => claims(token());
const counselorId = () => (me()?.role === "admin" && $("counselor-id").value.trim()) || me()?.sub;
const nameOf = (p) => p.firstName === null && p.lastName === null ? "erased" : `${p.lastName}, ${p.firstName}`;
const percent = (v) => v === null || v === undefined ? "—" : `${Math.round(v * 100)}%`;

// Most urgent first: the worst alert's severity, then how long coverage has been over, then name.
function urgency(a, b) {
  const worst = (p) => Math.max(0, ...p.alerts.map(x => SEVERITY[x.severity] || 0));
  const overFor = (p) => p.coverageEndsOn ? daysBetween(p.coverageEndsOn, $("as-of").value) : -Infinity;
  return worst(b) - worst(a) || overFor(b) - overFor(a) || nameOf(a).localeCompare(nameOf(b));
}

const SORTS = {
  urgency,
  name: (a, b) => nameOf(a).localeCompare(nameOf(b)),
  pdc: (a, b) => (a.pdc30 ?? -1) - (b.pdc30 ?? -1) || urgency(a, b),
  due: (a, b) => (a.nextDueOn || "9999").localeCompare(b.nextDueOn || "9999") || urgency(a, b),
};

function shown(p) {
  const alert = $("filter-alert").value, status = $("filter-status").value;
  if (alert === "any" && p.alerts.length === 0) return false;
  if (alert && alert !== "any" && !p.alerts.some(a => a.kind === alert)) return false;
  if (status.startsWith("status:") && p.status !== status.slice(7)) return false;
  if (status.startsWith("combined:") && p.combinedStatus !== status.slice(9)) return false;
  return true;
}

function badge(alert) {
  const span = document.createElement("span");
  span.className = `badge severity-${alert.severity}`;
  // The severity is in the words, not only the colour.
  span.textContent = `${KIND[alert.kind] || alert.kind}${alert.gapDays ? ` ${alert.gapDays} d` : ""} · ${alert.severity}`;
  return span;
}

function openButton(p) {
  const a = document.createElement("a");
  a.href = `#/patients/${p.patientId}`;
  a.className = "patient-link";
  a.textContent = nameOf(p);
  return a;
}

// Live updates re-render lists at any moment: a keyboard user's place in one, and what they typed
// there, move to the same patient's or event's new row; when that row is gone (an event resolved, a
// patient moved to another caseload), to the list's heading rather than the top of the page.
const CONTROLS = "a, button, input, select";
function keepingPlace(container, heading, render) {
  const active = document.activeElement;
  const row = container.contains(active) ? active.closest("[data-patient-id], [data-event-id]") : null;
  render();
  if (!row || row.isConnected) return;
  const key = row.dataset.eventId ? `[data-event-id="${row.dataset.eventId}"]` : `[data-patient-id="${row.dataset.patientId}"]`;
  const same = container.querySelector(key);
  if (!same) { heading.focus(); return; }
  const before = [...row.querySelectorAll(CONTROLS)], after = [...same.querySelectorAll(CONTROLS)];
  before.forEach((control, i) => { if (control.tagName === "INPUT" && after[i]?.tagName === "INPUT") after[i].value = control.value; });
  after[before.indexOf(active)]?.focus();
}

function renderCaseload() {
  const rows = state.caseload.filter(shown).sort(SORTS[$("sort").value]);
  const body = $("caseload").tBodies[0];
  keepingPlace(body, $("caseload-title"), () => body.replaceChildren(...rows.map(p => {
    const tr = document.createElement("tr");
    tr.dataset.patientId = p.patientId;
    const th = document.createElement("th");
    th.scope = "row";
    th.append(openButton(p));
    tr.append(th);
    // The alerts next to the name: on a tablet the later columns scroll.
    const alerts = tr.insertCell();
    alerts.className = "alerts";
    alerts.append(...p.alerts.map(badge));
    for (const text of [percent(p.pdc30), p.nextDueOn ?? "—", STATUS[p.combinedStatus] || p.combinedStatus, p.lastSessionOn ?? "—",
      p.status, p.form ?? "—", p.program, p.daysInTreatment]) {
      const td = tr.insertCell();
      td.textContent = text;
      if (/^\d{4}-/.test(text)) td.className = "date";
    }
    return tr;
  })));
  $("caseload-count").textContent = `${rows.length} of ${state.caseload.length} patients shown.`;
}

function renderWorklist() {
  keepingPlace($("worklist"), $("worklist-title"), () => $("worklist").replaceChildren(...state.worklist.map(item => {
    const li = document.createElement("li");
    li.dataset.patientId = item.patientId;
    li.append(badge(item), " ", openButton(item), ` since ${item.since}`);
    return li;
  })));
}

// Fetches first, renders at once; a load overtaken by a newer one is dropped.
async function loadCaseload() {
  const ticket = ++state.loads;
  performance.mark("caseload-start");
  // Without a day chosen the API answers for today in the clinic's time zone, and the page shows that day.
  const chosen = $("as-of").value;
  const query = chosen ? `?asOf=${chosen}` : "";
  const [caseload, worklist] = await Promise.all([
    api(`/api/counselors/${counselorId()}/caseload${query}`),
    api(`/api/worklist${query}`),
  ]);
  if (ticket !== state.loads) return;
  const asOf = caseload.asOf;
  if (!chosen) $("as-of").value = asOf;
  state.caseload = caseload.items;
  state.worklist = worklist.items;
  renderCaseload();
  renderWorklist();
  performance.measure("caseload-render", "caseload-start");
  // What is on screen, for tests and measurements: the day shown and how many loads so far.
  document.body.dataset.caseloadAsOf = asOf;
  document.body.dataset.caseloadLoads = String(Number(document.body.dataset.caseloadLoads || 0) + 1);
}

function fact(term, value) {
  const pair = document.createElement("div"), dt = document.createElement("dt"), dd = document.createElement("dd");
  dt.textContent = term;
  dd.textContent = value ?? "—";
  pair.append(dt, dd);
  return pair;
}

function planText(plan) {
  if (!plan) return "none yet";
  const parts = [plan.form, plan.doseMg ? `${plan.doseMg} mg` : null, plan.schedule, plan.product, `from ${plan.startOn}`];
  return parts.filter(Boolean).join(", ");
}

// PDC of each 30-day window of the episode's treatment days, from its first day on.
function pdcWindows(days) {
  const start = days.findIndex(d => d.treatment);
  if (start < 0) return [];
  const windows = [];
  for (let i = start; i < days.length; i += 30) {
    const slice = days.slice(i, i + 30).filter(d => d.treatment);
    windows.push({ from: days[i].date, to: days[Math.min(i + 29, days.length - 1)].date, value: slice.length ? slice.filter(d => d.covered).length / slice.length : null });
  }
  return windows;
}

// A load overtaken by a newer one is not drawn, so a live update fetched before a write cannot hide
// it; its caller waits for the newer one instead, so "recorded" shows with the entry on screen.
function loadPatient(id) {
  const ticket = ++state.patientLoads;
  const load = fetchPatient(id).then(([patient, adherence, chart, asOf]) => {
    if (state.patientId !== id) return undefined;
    if (ticket !== state.patientLoads) return state.patientLoad;
    renderPatient(patient, adherence, chart, asOf);
    return undefined;
  });
  state.patientLoad = load;
  return load;
}

async function fetchPatient(id) {
  const asOf = $("as-of").value;
  const patient = await api(`/api/patients/${id}`);
  // The whole episode for the PDC line (at most the API's longest period) and at least 90 days for the calendar.
  const ninety = addDays(asOf, -89), longest = addDays(asOf, -(3 * 366 - 1));
  const wanted = patient.enrolledOn < ninety ? patient.enrolledOn : ninety;
  const from = wanted < longest ? longest : wanted;
  const [adherence, chart] = await Promise.all([
    api(`/api/patients/${id}/adherence?from=${from}&to=${asOf}`),
    api(`/api/patients/${id}/chart`),
  ]);
  return [patient, adherence, chart, asOf];
}

function renderPatient(patient, adherence, chart, asOf) {
  $("patient-name").textContent = nameOf(patient);
  $("patient-facts").replaceChildren(
    fact("Program", patient.program), fact("Status", patient.status), fact("Episode", patient.episode),
    fact("Enrolled", patient.enrolledOn), fact("Day in treatment", daysBetween(patient.enrolledOn, asOf) + 1),
    fact("Medication plan", planText(patient.medicationPlan)), fact("Coverage ends", patient.coverageEndsOn ?? "no supply yet"),
    fact("Counseling", patient.counselingFrequency));

  const last90 = adherence.days.slice(-90);
  $("calendar").replaceChildren(calendar(last90));

  const episodeDays = adherence.days.filter(d => d.date >= chart.enrolledOn);
  const windows = pdcWindows(episodeDays);
  $("pdc-chart").replaceChildren(...(windows.length === 0 ? [text("No treatment days yet.")] : [
    lineChart({
      from: windows[0].from, to: windows.at(-1).to, min: 0, max: 1, format: percent,
      label: `PDC per 30-day window: ${windows.map(w => `${w.from} ${percent(w.value)}`).join(", ")}`,
      series: [{ name: "PDC", marker: "circle", points: windows.map(w => ({ date: w.from, value: w.value })) }],
    }),
    dataTable("PDC per window", ["From", "To", "PDC"], windows.map(w => [w.from, w.to, percent(w.value)])),
  ]));

  const substances = ["opioids", "alcohol"].filter(s => chart.cravings.some(c => c.substance === s));
  $("craving-chart").replaceChildren(...(chart.cravings.length === 0 ? [text("No craving assessments yet.")] : [
    lineChart({
      from: chart.enrolledOn, to: asOf > chart.cravings.at(-1).assessedOn ? asOf : chart.cravings.at(-1).assessedOn, min: 0, max: 10, format: (v) => String(Math.round(v)),
      label: `Craving scores: ${chart.cravings.map(c => `${c.substance} ${c.assessedOn} ${c.score}`).join(", ")}`,
      series: substances.map((s, n) => ({
        name: s, marker: n === 0 ? "circle" : "square", dash: n > 0,
        points: chart.cravings.filter(c => c.substance === s).map(c => ({ date: c.assessedOn, value: c.score })),
      })),
    }),
    legend(substances),
    dataTable("Craving scores", ["Date", "Substance", "Score"], chart.cravings.map(c => [c.assessedOn, c.substance, c.score])),
  ]));

  $("checks").replaceChildren(...(chart.checks.length === 0 ? [item("No checks yet.")] : chart.checks.map(c => {
    const li = item(`${c.checkedOn} · ${c.substance} · ${c.method.replace(/-/g, " ")} · `);
    const result = document.createElement("strong");
    result.className = `result-${c.result}`;
    result.textContent = c.result === "negative" ? "○ negative" : "▲ positive";
    li.append(result);
    return li;
  })));

  $("sessions").tBodies[0].replaceChildren(...chart.sessions.map(s => {
    const tr = document.createElement("tr");
    for (const v of [s.heldOn, s.minutes, s.modality, s.outcome]) tr.insertCell().textContent = v;
    return tr;
  }));
  if (chart.sessions.length === 0) $("sessions").tBodies[0].insertRow().insertCell().textContent = "No sessions yet.";

  const open = chart.adverseEvents.filter(a => a.resolvedOn === null);
  keepingPlace($("adverse-events"), $("adverse-title"), () =>
    $("adverse-events").replaceChildren(...(open.length === 0 ? [item("None open.")] : open.map(a => resolveForm(a, asOf)))));
}

const text = (t) => { const p = document.createElement("p"); p.textContent = t; return p; };
const item = (t) => { const li = document.createElement("li"); li.textContent = t; return li; };

function legend(substances) {
  const ul = document.createElement("ul");
  ul.className = "legend";
  substances.forEach((s, n) => { const li = item(`${n === 0 ? "● solid line" : "■ dashed line"}: ${s}`); li.className = `series-${n}`; ul.append(li); });
  return ul;
}

function resolveForm(event, asOf) {
  const li = document.createElement("li");
  li.dataset.eventId = event.id;
  const form = document.createElement("form");
  form.className = "resolve";
  form.noValidate = true;
  const what = document.createElement("span");
  what.textContent = `${event.kind.replace(/-/g, " ")}, ${event.severity}, since ${event.onsetOn}`;
  const label = document.createElement("label");
  label.textContent = "Resolved on ";
  const date = document.createElement("input");
  date.type = "date";
  date.name = "resolvedOn";
  date.value = asOf;
  label.append(date);
  const button = document.createElement("button");
  button.type = "submit";
  button.textContent = "Resolve";
  button.setAttribute("aria-label", `Resolve ${event.kind.replace(/-/g, " ")} since ${event.onsetOn}`);
  form.append(what, " ", label, " ", button);
  form.addEventListener("submit", (e) => submit(e, `/api/patients/${state.patientId}/adverse-events/${event.id}/resolution`, "Adverse event resolved."));
  li.append(form);
  return li;
}

// Sends a form; the API's problem details come back beside the fields they name.
async function submit(event, path, done, extra = {}) {
  event.preventDefault();
  const form = event.target;
  for (const old of form.querySelectorAll(".field-error")) old.remove();
  for (const input of form.querySelectorAll("[aria-invalid]")) { input.removeAttribute("aria-invalid"); input.removeAttribute("aria-describedby"); }
  const body = { ...extra };
  for (const input of form.querySelectorAll("input, select")) body[input.name] = input.type === "number" && input.value !== "" ? Number(input.value) : input.value || null;
  try {
    await api(path, { method: "POST", body: JSON.stringify(body) });
    // The patient's reads fold the stream, so the entry is there at once; the caseload follows by its stream.
    await loadPatient(state.patientId);
    $("record-message").textContent = done;
  } catch (e) {
    if (!(e instanceof Problem)) throw e;
    let first = null;
    for (const [field, messages] of Object.entries(e.errors)) {
      const input = form.querySelector(`[name="${CSS.escape(field)}"]`);
      if (!input) continue;
      const note = document.createElement("span");
      note.className = "field-error";
      note.id = `${form.id || "resolve"}-${field}-error-${Math.random().toString(36).slice(2, 8)}`;
      note.textContent = messages.join(" ");
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", note.id);
      input.closest("label").after(note);
      first ??= input;
    }
    $("record-message").textContent = `Not recorded: ${e.message}`;
    (first || form.querySelector("button")).focus();
  }
}

function route() {
  const match = location.hash.match(/^#\/patients\/([0-9a-f-]{36})$/i);
  state.patientId = match ? match[1] : null;
  $("caseload-view").hidden = !!match;
  $("patient-view").hidden = !match;
  if (match) {
    $("record-message").textContent = "";
    for (const form of document.querySelectorAll(".entry")) for (const input of form.querySelectorAll("input[type=date]")) input.value = $("as-of").value;
    loadPatient(match[1]).then(() => $("patient-name").focus(), (e) => { $("patient-name").textContent = `Cannot show this patient: ${e.message}`; $("patient-name").focus(); });
  }
}

function live() {
  state.stopLive?.();
  state.stopLive = follow(`/api/counselors/${counselorId()}/stream`, () => {
    loadCaseload().catch(() => { });
    if (state.patientId) loadPatient(state.patientId).catch(() => { });
  }, (s) => {
    $("live").textContent = s === "live" ? "● Live" : s === "refused" ? "Live updates refused" : "○ Reconnecting…";
    $("live").className = s;
  });
}

function show(signedIn) {
  $("sign-in").hidden = signedIn;
  $("sign-out").hidden = !signedIn;
  if (!signedIn) { $("caseload-view").hidden = true; $("patient-view").hidden = true; }
}

async function start() {
  const who = me();
  $("who").textContent = `${who.role} · ${who.clinic}`;
  $("counselor-field").hidden = who.role !== "admin";
  show(true);
  route();
  await loadCaseload();
  live();
}

async function signIn() {
  const raw = $("token").value.trim();
  if (!claims(raw)?.sub) { $("sign-in-error").textContent = "That is not a valid token."; return; }
  sessionStorage.setItem("token", raw);
  try {
    await start();
  } catch (e) {
    sessionStorage.removeItem("token");
    show(false);
    $("sign-in-error").textContent = `Sign-in failed: ${e.message}`;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("sign-in-button").addEventListener("click", signIn);
  $("sign-out").addEventListener("click", () => {
    state.stopLive?.();
    sessionStorage.removeItem("token");
    // Nothing of the caseload stays in the page for the next person at this screen.
    state.caseload = [];
    state.worklist = [];
    state.patientId = null;
    $("live").textContent = "";
    $("caseload").tBodies[0].replaceChildren();
    $("worklist").replaceChildren();
    $("patient-view").querySelectorAll("#patient-name, #patient-facts, #calendar, #pdc-chart, #craving-chart, #checks, #adverse-events, #sessions tbody")
      .forEach(node => node.replaceChildren());
    history.replaceState(null, "", "#/");
    show(false);
  });
  $("caseload-controls").addEventListener("submit", (e) => e.preventDefault());
  $("as-of").addEventListener("change", () => { loadCaseload().catch(() => { }); if (state.patientId) loadPatient(state.patientId).catch(() => { }); });
  $("counselor-id").addEventListener("change", () => { loadCaseload().catch(() => { }); live(); });
  for (const id of ["sort", "filter-alert", "filter-status"]) $(id).addEventListener("change", renderCaseload);
  window.addEventListener("hashchange", route);
  $("session-form").addEventListener("submit", (e) => submit(e, `/api/patients/${state.patientId}/counseling-sessions`, "Session recorded.", { counselorId: counselorId() }));
  $("craving-form").addEventListener("submit", (e) => submit(e, `/api/patients/${state.patientId}/craving-assessments`, "Craving assessment recorded."));
  $("check-form").addEventListener("submit", (e) => submit(e, `/api/patients/${state.patientId}/substance-use-checks`, "Substance-use check recorded."));
  if (token() && claims(token())?.sub) start().catch(() => show(false)); else show(false);
});
