// The admin page's script: sends the forms (with the page's CSRF token),
// polls /api/state while a job runs, and draws what the state says. Text
// from the server is only ever set as textContent, never parsed as HTML.
"use strict";

const csrfToken = document.querySelector('meta[name="csrf-token"]').content;
let pollTimer = null;
let formsFilled = false;

function $(id) { return document.getElementById(id); }

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function replaceChildren(node, children) {
  while (node.firstChild) node.removeChild(node.firstChild);
  for (const child of children) node.appendChild(child);
}

function showError(message) {
  const box = $("page-error");
  box.textContent = message || "";
  box.hidden = !message;
}

async function send(path, form, submitter) {
  const data = new URLSearchParams(new FormData(form, submitter));
  data.set("csrf_token", csrfToken);
  const response = await fetch(path, {
    method: "POST", body: data, credentials: "same-origin",
    headers: {"Content-Type": "application/x-www-form-urlencoded"}
  });
  const body = await response.json().catch(() => ({error: "the server answered " + response.status}));
  if (!response.ok) throw new Error(body.error || ("the server answered " + response.status));
  return body;
}

async function refresh() {
  const response = await fetch("/api/state", {credentials: "same-origin"});
  if (!response.ok) {
    showError("The page lost its session: reload it.");
    return;
  }
  render(await response.json());
}

function schedulePoll(running) {
  if (pollTimer) clearTimeout(pollTimer);
  pollTimer = running ? setTimeout(() => refresh().catch(e => showError(e.message)), 400) : null;
}

// ---- drawing ----

function renderIntegration(state) {
  const plugin = state.plugin || {};
  $("plugin-version").textContent = plugin.error ? plugin.id + " (" + plugin.error + ")"
                                                 : plugin.display_name + " " + plugin.version;
  const integration = state.integration || {};
  const select = $("integration_type");
  if (!formsFilled) {
    replaceChildren(select, (integration.types || []).map(t => {
      const option = el("option", t.value + " - " + t.description);
      option.value = t.value;
      return option;
    }));
    $("school_domain").value = integration.school_domain || "";
    $("client_id").value = integration.client_id || "";
    if (integration.integration_type) select.value = integration.integration_type;
  }
  // Whether a secret is stored, never the secret (nor its length).
  $("client_secret").placeholder = integration.client_secret_stored ? "stored: leave empty to keep it" : "";
  $("secret-hint").textContent = integration.client_secret_stored
    ? "A Client Secret is stored on the server. It is never shown again."
    : "Paste the Client Secret; Veracross shows it in full only once.";
}

function renderConnect(connect) {
  $("connect-result").hidden = !connect;
  if (!connect) return;
  const ok = connect.ok === true;
  $("connect-status").textContent = ok
    ? "Connected: everything this integration type needs works."
    : "Not connected" + (connect.message ? ": " + connect.message : ": fix what is marked ✗, then Connect again.");
  $("connect-status").className = ok ? "ok" : "error";
  replaceChildren($("connect-checks"), (connect.checks || []).map(c => {
    const item = el("li", (c.ok ? "✓ " : "✗ ") + c.message, c.ok ? "ok" : "bad");
    item.dataset.check = c.name;
    return item;
  }));
  const missing = connect.missing_scopes || [];
  $("missing-scopes-box").hidden = missing.length === 0;
  replaceChildren($("missing-scopes"), missing.map(s => el("li", s)));
  const urls = connect.redirect_urls_to_add || [];
  $("redirect-urls-box").hidden = urls.length === 0;
  replaceChildren($("redirect-urls"), urls.map(u => el("li", u)));
  replaceChildren($("connect-warnings"), (connect.warnings || []).map(w => el("li", "! " + w)));
  replaceChildren($("scopes").tBodies[0], (connect.scopes || []).map(s => {
    const row = el("tr");
    const mark = s.granted === undefined ? "·" : (s.granted ? "✓" : "✗");
    row.appendChild(el("td", mark));
    row.appendChild(el("td", s.scope + (s.required === false ? " (optional)" : "")));
    row.appendChild(el("td", s.purpose));
    return row;
  }));
}

function renderEvent(state) {
  const event = state.event || {};
  const chosen = new Set((event.grading_periods || []).map(String));
  const school = state.school || {};
  const known = school.grading_periods || [];
  const box = $("grading-periods");
  const current = new Set(Array.from(box.querySelectorAll("input:checked")).map(i => i.value));
  const selected = formsFilled ? current : chosen;
  replaceChildren(box, known.map(name => {
    const label = el("label", null, "inline");
    const input = el("input");
    input.type = "checkbox";
    input.name = "grading_period";
    input.value = name;
    input.checked = selected.has(name);
    label.appendChild(input);
    label.appendChild(document.createTextNode(" " + name));
    return label;
  }));
  $("grading-periods-note").textContent = known.length
    ? "The school's grading periods, as the plugin read them from Veracross."
    : (school.note || "Connect first: the school's grading periods are read from Veracross.");
  if (!formsFilled) {
    $("event_name").value = event.name || "";
    $("other_grading_periods").value = (event.grading_periods || []).filter(p => !known.includes(String(p))).join(", ");
    $("school_levels").value = (event.school_levels || []).join(", ");
    $("school_year").value = event.school_year === undefined || event.school_year === null ? "" : String(event.school_year);
    $("grade_levels").value = (event.grade_levels || []).join(", ");
    const options = event.options || {include_non_custodial: true};
    for (const name of ["include_non_custodial", "include_without_portal_access", "include_advisors"])
      $(name).checked = options[name] === true;
    $("split_households").checked = options.split_households !== false; // on unless turned off
  } else if (known.length) {
    // periods typed before the list came: tick them instead
    const typed = $("other_grading_periods").value.split(",").map(s => s.trim()).filter(Boolean);
    const rest = typed.filter(t => !known.includes(t));
    for (const input of box.querySelectorAll("input")) if (typed.includes(input.value)) input.checked = true;
    $("other_grading_periods").value = rest.join(", ");
  }
  const summary = state.summary;
  const seen = summary ? [].concat(summary.school_levels || [], summary.grade_levels || []) : [];
  $("levels-seen").textContent = seen.length ? "In the last import: " + seen.join(", ") : "";
}

function renderJob(job) {
  const section = $("progress");
  section.hidden = !job || !job.kind;
  if (!job || !job.kind) return;
  const names = {connect: "Connect", test_import: "Test import", import: "Import"};
  const what = names[job.kind] || job.kind;
  let status;
  if (job.running) status = what + " running" + (job.stage ? ": " + job.stage + " " + job.done + (job.total ? "/" + job.total : "") : "...");
  else if (job.error) status = what + " failed: " + job.error;
  else status = what + " finished in " + Number(job.seconds).toFixed(1) + " s";
  $("job-status").textContent = status;
  $("job-status").className = job.error ? "error" : (job.running ? "" : "ok");
  const bar = $("job-bar");
  if (job.running && job.total) { bar.max = job.total; bar.value = job.done; }
  else if (job.running) bar.removeAttribute("value");
  else { bar.max = 1; bar.value = 1; }
  $("cancel").disabled = !job.running;
  $("job-log").textContent = (job.log || []).join("\n");
  section.dataset.running = job.running ? "yes" : "no";
  section.dataset.kind = job.kind;
}

function renderSummary(summary) {
  $("summary").hidden = !summary;
  if (!summary) return;
  $("summary-title").textContent = summary.title;
  const periods = (summary.grading_periods || []).map(p => {
    const of = [p.school_year, p.school_level].filter(Boolean).join(", ");
    return p.name + " (" + (of ? of + ": " : "") + p.start + " .. " + p.end + ")";
  }).join(", ");
  $("summary-event").textContent = "\"" + summary.event_name + "\" from " + summary.sis + " (" + summary.school_route + ")"
    + (periods ? ", grading periods: " + periods : "");
  const labels = {teachers: "teachers", students: "students", parents: "parents", bookable_parents: "parents who may book",
                  households: "households", students_split_by_household: "students booked once per household (split households)", classes: "classes", enrollments: "enrollments", bookings: "bookable parent-teacher pairs"};
  const counts = summary.counts || {};
  replaceChildren($("counts").tBodies[0], Object.keys(labels).filter(k => k in counts).map(k => {
    const row = el("tr");
    row.appendChild(el("th", labels[k]));
    const cell = el("td", counts[k]);
    cell.dataset.count = k;
    row.appendChild(cell);
    return row;
  }));
  const diff = summary.diff;
  $("diff-none").hidden = !!diff;
  $("diff").hidden = !diff;
  replaceChildren($("diff").tBodies[0], diff ? Object.keys(diff).map(section => {
    const row = el("tr");
    row.appendChild(el("th", section));
    for (const kind of ["added", "changed", "removed"]) {
      const part = diff[section][kind];
      const cell = el("td", part.count);
      if (part.ids.length) cell.title = part.ids.join(", ") + (part.count > part.ids.length ? ", ..." : "");
      row.appendChild(cell);
    }
    return row;
  }) : []);
  const warnings = summary.warnings || [];
  replaceChildren($("warnings"), warnings.length ? warnings.map(w => {
    const item = el("li", w.code + ": " + w.message + (w.count ? " (" + w.count + ": " + w.ids.join(", ")
                          + (w.count > w.ids.length ? ", ..." : "") + ")" : ""));
    item.dataset.code = w.code;
    return item;
  }) : [el("li", "No warnings.")]);
  replaceChildren($("notes"), (summary.notes || []).map(n => el("li", "Note: " + n)));
}

// A list of {count, rows} from the summary as "N: first rows, ...".
function rowsText(part, show) {
  if (!part || !part.count) return "none";
  return part.count + ": " + part.rows.map(show).join("; ") + (part.count > part.rows.length ? "; ..." : "");
}

function atRiskItems(part) {
  return part ? part.rows.map(b => {
    const item = el("li", "parent " + b.parent_id + ", teacher " + b.teacher_id + ", student " + b.student_id + ": " + b.message);
    item.dataset.reason = b.reason;
    return item;
  }) : [];
}

// The safeguards (docs/conference-rules.md): a held import, bookings at risk, readiness.
function renderSafeguards(state) {
  const held = state.held;
  $("held").hidden = !held;
  if (held) {
    $("held-text").textContent = held.text;
    replaceChildren($("held-at-risk"), atRiskItems(held.bookings_at_risk));
  }
  const summary = state.summary;
  if (!summary) return;
  const atRisk = summary.bookings_at_risk;
  $("at-risk-none").hidden = !!atRisk;
  replaceChildren($("bookings-at-risk"), atRisk && !atRisk.count ? [el("li", "None: every booking still stands.")] : atRiskItems(atRisk));
  const r = summary.readiness;
  const lines = [];
  if (r) {
    lines.push(["students_without_reachable_parent", "Students no parent can be reached for: "
      + rowsText(r.students_without_reachable_parent, s => s.display_name + " " + s.student_id + " (" + s.why + ")")]);
    lines.push(["teachers_without_email", "Teachers without email: "
      + rowsText(r.teachers_without_email, t => t.display_name + " " + t.teacher_id)]);
    lines.push(["shared_emails", "Emails shared between records: "
      + rowsText(r.shared_emails, e => e.email + " (" + e.between + ": " + e.ids.join(", ") + ")")]);
    const sso = r.sso_match;
    if (sso) {
      lines.push(["sso_match", "SSO (by " + sso.match_by + ") recognises " + sso.teachers.recognised + " of " + sso.teachers.total
        + " teachers and " + sso.parents.recognised + " of " + sso.parents.total + " parents; not recognised: "
        + rowsText(sso.not_recognised, p => p.kind + " " + p.id + " (" + p.reason + ")")]);
      lines.push(["sso_collisions", "Emails several people log in with: "
        + rowsText(sso.collisions, c => c.email + " (" + c.ids.join(", ") + ")")]);
    }
  }
  replaceChildren($("readiness"), lines.map(([code, text]) => {
    const item = el("li", text);
    item.dataset.code = code;
    return item;
  }));
}

function renderSso(state) {
  $("redirect-url").textContent = state.sso_redirect_url || "(no redirect URL)";
  const login = state.sso;
  $("sso-result").hidden = !login;
  if (!login) return;
  $("sso-error").hidden = !login.error;
  $("sso-error").textContent = login.error || "";
  $("sso-who").hidden = !!login.error;
  if (login.error) return;
  const who = login.identity;
  $("sso-name").textContent = who.display_name;
  $("sso-email").textContent = who.email ? "<" + who.email + ">" : "(no email)";
  $("sso-roles").textContent = (who.roles || []).join(", ") || "none";
  const person = login.person;
  const teachers = person && person.may_book ? person.teachers : [];
  const candidates = login.candidates || [];
  replaceChildren($("sso-candidates"), candidates.map(c => {
    const item = el("li", c.display_name + " (" + c.kind + " " + c.id + (c.may_book ? ", may book" : "")
      + (c.may_be_booked ? ", may be booked" : "") + ")");
    item.dataset.person = c.id;
    return item;
  }));
  if (candidates.length) {
    // A shared (family) email: the plugin does not guess; pickAtime would ask the user.
    $("sso-person").textContent = "In \"" + login.roster_event + "\": " + candidates.length
      + " people share this login (matched by " + login.matched_by + "); pickAtime would ask which one they are:";
  } else if (!person) {
    $("sso-person").textContent = login.roster_event
      ? "Not found in the last import (\"" + login.roster_event + "\"): pickAtime would not let this account book."
      : "No import yet: run one to see whom this account may book.";
  } else {
    $("sso-person").textContent = "In \"" + login.roster_event + "\": " + person.kind + " " + person.display_name
      + " (matched by " + person.matched_by + ")"
      + (person.may_be_booked ? "; may be booked (teaches in the event)" : "")
      + (person.may_book ? "; may book " + teachers.length + " teacher(s):" : (person.may_be_booked ? "" : "; may not book"));
  }
  replaceChildren($("sso-teachers"), teachers.map(t => {
    const item = el("li", (t.display_name || t.teacher_id) + " (" + t["for"].length + " class" + (t["for"].length === 1 ? "" : "es") + ")");
    item.dataset.teacher = t.teacher_id;
    return item;
  }));
}

function render(state) {
  renderIntegration(state);
  renderConnect(state.connect);
  renderEvent(state);
  renderJob(state.job);
  renderSummary(state.summary);
  renderSafeguards(state);
  renderSso(state);
  $("server-log").textContent = (state.server_log || []).join("\n");
  const running = !!(state.job && state.job.running);
  for (const id of ["connect", "test-import", "run-import", "save-integration", "accept-large-change"]) $(id).disabled = running;
  formsFilled = true;
  document.body.dataset.ready = "yes";
  schedulePoll(running);
}

// ---- forms ----

function submitWith(form, path, after) {
  form.addEventListener("submit", async event => {
    event.preventDefault();
    showError("");
    try {
      const state = await send(path, form, event.submitter);
      if (after) after(form);
      render(state);
    } catch (error) {
      showError(error.message);
    }
  });
}

function start() {
  for (const input of document.querySelectorAll("input.csrf")) input.value = csrfToken;
  submitWith($("integration-form"), "/api/integration", form => { form.client_secret.value = ""; });
  submitWith($("event-form"), "/api/event");
  submitWith($("cancel-form"), "/api/cancel");
  submitWith($("sso-paste-form"), "/api/sso/complete", form => { form.callback_url.value = ""; });
  refresh().catch(error => showError(error.message));
}

start();
