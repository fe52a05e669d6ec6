// Counselor dashboard: signs in with a token, shows the caseload with 30-day adherence calendars,
// the worklist, and records counseling sessions. Talks to the API only.
"use strict";

const $ = (id) => document.getElementById(id);
const iso = (d) => d.toISOString().slice(0, 10);
const addDays = (day, n) => { const d = new Date(day + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() + n); return iso(d); };

function claims(token) {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload));
  } catch { return null; }
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { "Authorization": `Bearer ${sessionStorage.getItem("token")}`, "Content-Type": "application/json", ...(options.headers || {}) },
  });
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new Error(body?.detail || body?.title || `HTTP ${response.status}`);
  return body;
}

function calendar(days) {
  const strip = document.createElement("div");
  strip.className = "calendar";
  for (const day of days) {
    const cell = document.createElement("span");
    cell.className = `day ${!day.treatment ? "none" : day.covered ? "covered" : "uncovered"}`;
    cell.title = `${day.date}: ${!day.treatment ? "no treatment" : day.covered ? "covered" : "not covered"}`;
    strip.append(cell);
  }
  return strip;
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text ?? "—";
  if (className) td.className = className;
  return td;
}

let latestLoad = 0;

// Fetches everything first, then renders at once; an older load that finishes late is dropped.
async function load(waitFor) {
  const ticket = ++latestLoad;
  // After a write, wait (briefly) for the read models to include it.
  const fresh = waitFor ? `&minVersion=${waitFor.version}&patientId=${waitFor.patientId}` : "";
  const me = claims(sessionStorage.getItem("token"));
  const asOf = $("as-of").value;
  $("who").textContent = `${me.role} · ${me.clinic}`;
  const [caseload, worklist] = await Promise.all([
    api(`/api/counselors/${me.sub}/caseload?asOf=${asOf}${fresh}`),
    api(`/api/worklist?asOf=${asOf}${fresh}`),
  ]);
  const calendars = await Promise.all(caseload.items.map(item =>
    api(`/api/patients/${item.patientId}/adherence?from=${addDays(asOf, -29)}&to=${asOf}`)));
  if (ticket !== latestLoad) return;

  const body = $("caseload").tBodies[0];
  body.replaceChildren();
  const select = $("session-patient");
  select.replaceChildren();
  caseload.items.forEach((item, i) => {
    const row = body.insertRow();
    row.dataset.patientId = item.patientId;
    cell(row, item.patientId.slice(-8), "id");
    cell(row, item.status);
    cell(row, item.form);
    cell(row, item.pdc30 === null ? null : `${Math.round(item.pdc30 * 100)}%`);
    cell(row, item.lastSessionOn);
    cell(row, item.coverageEndsOn);
    cell(row, item.combinedStatus);
    row.insertCell().append(calendar(calendars[i].days));
    select.add(new Option(item.patientId.slice(-8), item.patientId));
  });

  const list = $("worklist");
  list.replaceChildren();
  for (const alert of worklist.items) {
    const li = document.createElement("li");
    li.className = `alert-${alert.severity}`;
    li.textContent = `${alert.patientId.slice(-8)} · ${alert.kind}${alert.gapDays ? ` (${alert.gapDays} days)` : ""} since ${alert.since}`;
    list.append(li);
  }
}

function show(signedIn) {
  $("sign-in").hidden = signedIn;
  $("board").hidden = !signedIn;
  $("sign-out").hidden = !signedIn;
}

async function signIn() {
  const token = $("token").value.trim();
  const me = claims(token);
  if (!me?.sub) { $("sign-in-error").textContent = "That is not a valid token."; return; }
  sessionStorage.setItem("token", token);
  try {
    show(true);
    await load();
  } catch (e) {
    sessionStorage.removeItem("token");
    show(false);
    $("sign-in-error").textContent = `Sign-in failed: ${e.message}`;
  }
}

async function recordSession(event) {
  event.preventDefault();
  const me = claims(sessionStorage.getItem("token"));
  try {
    const patientId = $("session-patient").value;
    const written = await api(`/api/patients/${patientId}/counseling-sessions`, {
      method: "POST",
      body: JSON.stringify({
        counselorId: me.sub, heldOn: $("session-date").value, minutes: Number($("session-minutes").value),
        modality: $("session-modality").value, outcome: $("session-outcome").value,
      }),
    });
    await load({ version: written.version, patientId });
    $("session-message").textContent = "Session recorded.";
  } catch (e) {
    $("session-message").textContent = `Not recorded: ${e.message}`;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const today = iso(new Date());
  $("as-of").value = today;
  $("session-date").value = today;
  $("sign-in-button").addEventListener("click", signIn);
  $("sign-out").addEventListener("click", () => { sessionStorage.removeItem("token"); show(false); });
  $("as-of").addEventListener("change", () => load());
  $("session-form").addEventListener("submit", recordSession);
  if (sessionStorage.getItem("token")) { show(true); load().catch(() => show(false)); } else show(false);
});
