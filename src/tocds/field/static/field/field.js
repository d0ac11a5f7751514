/* tocds field app: the page. Data from the API is kept in IndexedDB (outbox.js) so that the app
 * opens and records visits with no connection; texts come translated from the shell page. */
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("field-config").textContent);
  const T = JSON.parse(document.getElementById("field-text").textContent);
  const O = self.TocdsOutbox;
  const dbName = "tocds-field-u" + config.user;
  const syncOptions = {
    dbName, csrf: config.csrf, syncUrl: config.urls.sync, sessionUrl: config.urls.session,
  };
  const lang = document.documentElement.lang || "vi";
  const $ = (id) => document.getElementById(id);
  let db;
  let ref = { assignments: [], hamlets: [], services: [], loadedAt: null };
  let editing = null;  // uuid of the visit in the editor, null for a new one
  let syncing = null;
  let failures = 0;
  let retryTimer = null;

  function fmt(text, values) {
    return text.replace(/%\((\w+)\)s/g, (m, key) => (key in values ? values[key] : m));
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") node.textContent = value;
      else if (key === "hidden") node.hidden = value;
      else node.setAttribute(key, value);
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  }

  function when(iso) {
    return new Intl.DateTimeFormat(lang, {
      day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit",
    }).format(new Date(iso));
  }

  function day(iso) {
    return new Intl.DateTimeFormat(lang, { day: "2-digit", month: "2-digit" })
      .format(new Date(iso + "T00:00:00"));
  }

  function today() {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }

  function clean(text) {
    // No control characters: the server refuses a request that carries a NUL.
    return text.replace(/[\u0000-\u001f\u007f]/g, " ").replace(/\s+/g, " ").trim();
  }

  function notice(text, extra) {
    const box = $("notice");
    box.replaceChildren();
    if (text) box.append(text);
    if (extra) box.append(" ", extra);
    box.hidden = !text;
  }

  /* ---- data ---- */

  async function fetchJson(url) {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  async function loadRef() {
    for (const key of ["assignments", "hamlets", "services", "loadedAt"]) {
      const value = await O.getValue(db, "ref", key);
      if (value !== undefined) ref[key] = value;
    }
  }

  async function refresh() {
    try {
      const [assignments, hamlets, services] = await Promise.all([
        fetchJson(config.urls.assignments),
        fetchJson(config.urls.hamlets),
        fetchJson(config.urls.services),
      ]);
      const visits = [];
      for (let offset = 0; offset < 1000; offset += 100) {
        const page = await fetchJson(`${config.urls.visits}?limit=100&offset=${offset}`);
        visits.push(...page.items);
        if (page.items.length < 100) break;
      }
      const loadedAt = new Date().toISOString();
      // The server returns the head's name and phone of one's own consented visits, so a visit
      // recorded on another phone (or before a reset) can be edited without erasing them.
      const sealed = {};
      for (const item of visits) {
        if (item.consent) {
          sealed[item.uuid] = await O.sealHead(db, true,
            { name: item.head_name, phone: item.head_phone });
        }
      }
      await O.transact(db, ["ref", "visits"], "readwrite", (s) => {
        s.ref.put(assignments, "assignments");
        s.ref.put(hamlets, "hamlets");
        s.ref.put(services, "services");
        s.ref.put(loadedAt, "loadedAt");
        for (const item of visits) {
          s.visits.get(item.uuid).onsuccess = (e) => {
            const local = e.target.result;
            s.visits.put({
              uuid: item.uuid,
              id: item.id,
              version: item.version,
              body: {
                campaign_id: item.campaign_id,
                team_id: item.team_id,
                hamlet_code: item.hamlet_code,
                household: item.household,
                consent: local ? local.body.consent : !!item.consent,
                people_guided: item.people_guided,
                recorded_at: item.recorded_at,
                services: item.services,
              },
              secret: local ? local.secret : sealed[item.uuid] || null,
              personalUnknown: false,
              excluded: item.excluded,
              conflict: !!(local && local.conflict && local.version === item.version),
            });
          };
        }
      });
      ref = { assignments, hamlets, services, loadedAt };
    } catch (error) {
      /* Offline or signed out: keep what the phone has. */
    }
  }

  async function localVisits() {
    const [visits, outbox] = await Promise.all([O.getAll(db, "visits"), O.getAll(db, "outbox")]);
    const byUuid = {};
    for (const visit of visits) byUuid[visit.uuid] = Object.assign({ state: "sent" }, visit);
    for (const entry of outbox) {
      byUuid[entry.uuid] = Object.assign({}, byUuid[entry.uuid] || {}, entry, { conflict: false });
    }
    const all = Object.values(byUuid);
    all.sort((a, b) => (a.body.recorded_at < b.body.recorded_at ? 1 : -1));
    return { all, unsent: outbox.length };
  }

  /* ---- rendering ---- */

  // A visit with nobody guided and no service is "nobody at home / come back later": the form
  // records it so only when chosen or confirmed (docs/field.md).
  function isNobodyHome(body) {
    return body.people_guided === 0 && !(body.services || []).length;
  }

  function hamletName(code) {
    const hamlet = ref.hamlets.find((h) => h.code === code);
    return hamlet ? hamlet.name : code;
  }

  function isToday(a) {
    const t = today();
    return a.starts_on <= t && t <= a.ends_on;
  }

  function sortedAssignments() {
    const t = today();
    const rank = (a) => (isToday(a) ? 0 : a.starts_on > t ? 1 : 2);
    return ref.assignments.slice().sort((a, b) => rank(a) - rank(b)
      || (a.starts_on < b.starts_on ? -1 : a.starts_on > b.starts_on ? 1 : 0));
  }

  async function render() {
    const { all, unsent } = await localVisits();
    const lastSent = await O.getValue(db, "meta", "lastSent");
    $("badge").textContent = fmt(T.badge, { count: unsent, when: lastSent ? when(lastSent) : T.never });
    $("badge").classList.toggle("pending", unsent > 0);

    const list = $("assignments");
    list.replaceChildren();
    for (const a of sortedAssignments()) {
      list.append(el("li", { class: isToday(a) ? "today" : "" }, [
        isToday(a) ? el("span", { class: "tag", text: T.today }) : null,
        el("strong", { text: a.hamlet_name }),
        el("span", { class: "small", text: ` · ${a.campaign_name} · ${day(a.starts_on)}–${day(a.ends_on)}` }),
      ]));
    }
    if (!ref.assignments.length) {
      list.append(el("li", { class: "small", text: ref.loadedAt ? T.no_assignment : T.no_data }));
    }

    const visits = $("visits");
    visits.replaceChildren();
    for (const v of all) {
      const errors = Object.entries(v.errors || {}).map(([key, message]) =>
        el("li", { text: `${T["field_" + key.split(".")[0]] || key}: ${message}` }));
      const guided = isNobodyHome(v.body) ? T.nobody_home : fmt(T.people, { count: v.body.people_guided });
      visits.append(el("li", { class: `visit ${v.state}`, "data-uuid": v.uuid }, [
        el("div", {}, [
          el("strong", { text: v.body.household }),
          el("span", { class: "small", text: ` · ${hamletName(v.body.hamlet_code)} · ${guided} · ` }),
          el("span", { class: "small time", text: when(v.body.recorded_at) }),
        ]),
        el("span", { class: "state", text: T["state_" + v.state] || v.state }),
        v.conflict ? el("p", { class: "small warn", text: T.conflict_note }) : null,
        errors.length ? el("ul", { class: "errors" }, errors) : null,
        el("button", { type: "button", class: "secondary edit", "data-uuid": v.uuid, text: T.edit }),
      ]));
    }
    if (!all.length) visits.append(el("li", { class: "small", text: T.no_visits }));
    $("net").textContent = ref.loadedAt ? fmt(T.data_from, { when: when(ref.loadedAt) }) : T.no_data;
  }

  /* ---- sending ---- */

  function scheduleRetry() {
    clearTimeout(retryTimer);
    failures += 1;
    const delay = Math.min(300000, 5000 * 2 ** (failures - 1)) * (0.75 + Math.random() / 2);
    retryTimer = setTimeout(sendNow, delay);
  }

  async function sendNow(asked) {
    if (syncing) return syncing;
    syncing = (async () => {
      const { unsent } = await localVisits();
      if (!unsent) {
        if (asked) notice(T.nothing_to_send);
        return;
      }
      notice(T.sending);
      const outcome = await O.sync(syncOptions);
      if (outcome.status === "offline") {
        notice(T.offline);
        scheduleRetry();
      } else if (outcome.status === "server") {
        notice(T.server_error);
        scheduleRetry();
      } else if (outcome.status === "signin") {
        notice(T.sign_in, el("a", { href: config.urls.login, text: "→" }));
      } else {
        failures = 0;
        const parts = [];
        if (outcome.sent) parts.push(fmt(T.sent, { count: outcome.sent }));
        if (outcome.conflicts) parts.push(fmt(T.conflicts, { count: outcome.conflicts }));
        if (outcome.invalid) parts.push(fmt(T.quarantined, { count: outcome.invalid }));
        notice(parts.join(" "));
      }
    })().catch((error) => {
      notice(T.server_error);
      scheduleRetry();
    }).finally(async () => {
      syncing = null;
      await render();
    });
    return syncing;
  }

  function askBackgroundSync() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready
      .then((reg) => (reg.sync ? reg.sync.register(O.SYNC_TAG) : null))
      .catch(() => {});
  }

  /* ---- the editor ---- */

  function pairs() {
    const seen = {};
    for (const a of sortedAssignments()) {
      const key = `${a.campaign_id}:${a.team_id}`;
      if (!seen[key]) seen[key] = a;
    }
    return Object.entries(seen);
  }

  function communeOf(code) {
    const hamlet = ref.hamlets.find((h) => h.code === code);
    return hamlet ? hamlet.commune_code : null;
  }

  function fillHamlets(pairKey, chosen) {
    const [campaignId, teamId] = pairKey.split(":").map(Number);
    const mine = ref.assignments.filter((a) => a.campaign_id === campaignId && a.team_id === teamId);
    const communes = new Set(mine.map((a) => communeOf(a.hamlet_code)));
    const select = $("f-hamlet");
    select.replaceChildren();
    const todays = mine.find(isToday) || mine[0];
    const pick = chosen || (todays && todays.hamlet_code);
    for (const h of ref.hamlets.filter((h) => communes.has(h.commune_code))) {
      select.append(el("option", { value: h.code, text: h.name }));
    }
    if (pick && !select.querySelector(`option[value="${CSS.escape(pick)}"]`)) {
      select.append(el("option", { value: pick, text: hamletName(pick) }));
    }
    if (pick) select.value = pick;
  }

  function countTicked(group) {
    const n = group.querySelectorAll("input[type=checkbox]:checked").length;
    group.querySelector(".count").textContent = n ? fmt(T.ticked, { count: n }) : "";
  }

  function fillServices(chosen) {
    // One folded group per skill, so that the form is short and "Save" near: a group opens
    // with a tap, and opens by itself when it holds a service of the visit.
    const box = $("f-services");
    box.querySelectorAll(".skill").forEach((node) => node.remove());
    const picked = {};
    for (const s of chosen || []) picked[s.code] = s;
    const groups = {};
    for (const service of ref.services) {
      if (!groups[service.skill]) {
        groups[service.skill] = el("details", { class: "skill", "data-skill": service.skill }, [
          el("summary", {}, [
            el("span", { text: T["skill_" + service.skill] || service.skill }),
            el("span", { class: "count" }),
          ]),
        ]);
        box.append(groups[service.skill]);
      }
      const group = groups[service.skill];
      const p = picked[service.code];
      const id = `svc-${service.code}`;
      const tick = el("input", { type: "checkbox", id, "data-code": service.code });
      tick.checked = !!p;
      const people = el("input", { type: "number", min: "1", max: "99", inputmode: "numeric", id: `${id}-people`, class: "people" });
      people.value = p ? p.people : 1;
      const outcome = el("select", { id: `${id}-outcome`, class: "outcome" }, [
        el("option", { value: "done", text: T.done }),
        el("option", { value: "follow_up", text: T.follow_up }),
      ]);
      outcome.value = p ? p.outcome : "done";
      const detail = el("div", { class: "svc-detail", hidden: !p }, [
        el("label", { for: `${id}-people`, text: T.service_people }), people,
        el("label", { for: `${id}-outcome`, text: T.outcome }), outcome,
      ]);
      tick.addEventListener("change", () => {
        detail.hidden = !tick.checked;
        if (tick.checked) people.value = Math.max(1, Number($("f-people").value) || 1);
        countTicked(group);
      });
      group.append(el("div", { class: "svc" }, [
        el("label", { class: "check", for: id }, [tick, " " + service.name]), detail,
      ]));
      if (p) group.open = true;
    }
    for (const group of Object.values(groups)) countTicked(group);
  }

  function nobodyHome() {
    return $("f-nobody").checked;
  }

  function showOutcome() {
    $("f-met-only").hidden = nobodyHome();
    $("f-confirm-empty").hidden = true;
  }

  async function openEditor(uuid) {
    editing = uuid;
    notice("");
    const { all } = await localVisits();
    const visit = uuid ? all.find((v) => v.uuid === uuid) : null;
    const options = pairs();
    if (!visit && !options.length) {
      notice(T.no_assignment);
      return;
    }
    const select = $("f-assignment");
    select.replaceChildren();
    for (const [key, a] of options) {
      select.append(el("option", { value: key, text: `${a.campaign_name} · ${a.hamlet_name}` }));
    }
    const key = visit ? `${visit.body.campaign_id}:${visit.body.team_id}` : options[0][0];
    if (!select.querySelector(`option[value="${key}"]`)) {
      select.append(el("option", { value: key, text: key }));
    }
    select.value = key;
    $("row-assignment").hidden = select.options.length < 2;
    fillHamlets(key, visit && visit.body.hamlet_code);
    $("f-household").value = visit ? visit.body.household : "";
    $("f-people").value = visit ? visit.body.people_guided : 1;
    const head = visit ? await O.decrypt(db, visit.secret) : null;
    // Consent is never pre-ticked: only a record whose head already consented shows it.
    $("f-consent").checked = !!(visit && visit.body.consent);
    $("f-head").hidden = !$("f-consent").checked;
    $("f-head-name").value = head ? head.name : "";
    $("f-head-phone").value = head ? head.phone : "";
    $("f-personal-note").textContent = T.unknown_personal;
    $("f-personal-note").hidden = !(visit && visit.personalUnknown);
    fillServices(visit ? visit.body.services : []);
    $(visit && isNobodyHome(visit.body) ? "f-nobody" : "f-met").checked = true;
    showOutcome();
    $("f-errors").replaceChildren(...Object.entries((visit && visit.errors) || {}).map(
      ([k, m]) => el("li", { text: `${T["field_" + k.split(".")[0]] || k}: ${m}` })));
    const title = $("editor-title");
    title.textContent = visit ? title.dataset.edit : title.dataset.new;
    show("editor");
    $("f-household").focus();
  }

  function show(section) {
    $("home").hidden = section !== "home";
    $("editor").hidden = section !== "editor";
    window.scrollTo(0, 0);
  }

  async function save(event) {
    event.preventDefault();
    const errors = [];
    const nobody = nobodyHome();
    const [campaignId, teamId] = $("f-assignment").value.split(":").map(Number);
    const household = clean($("f-household").value).slice(0, 60);
    const people = nobody ? 0 : Number($("f-people").value);
    const hamlet = $("f-hamlet").value;
    if (!hamlet) errors.push(T.need_hamlet);
    if (!household) errors.push(T.need_household);
    if (!Number.isInteger(people) || people < 0 || people > 99) errors.push(T.bad_people);
    const services = [];
    const ticked = nobody ? [] : $("f-services").querySelectorAll("input[type=checkbox]:checked");
    for (const tick of ticked) {
      const n = Number($(`${tick.id}-people`).value);
      if (!Number.isInteger(n) || n < 1 || n > 99) {
        errors.push(T.bad_service_people);
        break;
      }
      services.push({ code: tick.dataset.code, people: n, outcome: $(`${tick.id}-outcome`).value });
    }
    $("f-errors").replaceChildren(...errors.map((text) => el("li", { text })));
    if (errors.length) return;
    if (!nobody && people === 0 && !services.length) {
      // Nothing guided: never saved without a word. Ask whether nobody was at home.
      $("f-confirm-empty").hidden = false;
      $("f-confirm-empty").scrollIntoView({ block: "center" });
      return;
    }
    const consent = !nobody && $("f-consent").checked;
    const { all } = await localVisits();
    const previous = editing ? all.find((v) => v.uuid === editing) : null;
    const body = {
      campaign_id: campaignId,
      team_id: teamId,
      hamlet_code: hamlet,
      household,
      consent,
      people_guided: people,
      recorded_at: previous ? previous.body.recorded_at : new Date().toISOString(),
      services,
    };
    const head = consent
      ? { name: clean($("f-head-name").value), phone: clean($("f-head-phone").value) }
      : null;
    await O.saveVisit(db, { uuid: editing, body, head });
    editing = null;
    $("visit-form").reset();
    show("home");
    notice(T.saved);
    await render();
    askBackgroundSync();
    if (navigator.onLine) sendNow();
  }

  /* ---- signing out ---- */

  async function logout(event) {
    event.preventDefault();
    const { unsent } = await localVisits();
    if (unsent) {
      notice(fmt(T.logout_refused, { count: unsent }));
      return;
    }
    // Nothing unsent: leave no copy of the shell or of the data on a shared phone.
    try {
      for (const name of await caches.keys()) {
        if (name.startsWith("tocds-field-")) await (await caches.open(name)).delete(config.urls.scope);
      }
      await O.forgetSession();
      db.close();
      indexedDB.deleteDatabase(dbName);
    } catch (error) { /* sign out all the same */ }
    event.target.submit();
  }

  /* ---- start ---- */

  async function persistStorage() {
    const line = $("storage");
    if (!(navigator.storage && navigator.storage.persist)) {
      line.textContent = T.persist_unknown;
      return;
    }
    let kept = await navigator.storage.persisted();
    if (!kept) kept = await navigator.storage.persist();
    line.textContent = kept ? T.persist_yes : T.persist_no;
  }

  function bind() {
    $("send-now").addEventListener("click", () => { failures = 0; sendNow(true); });
    $("new-visit").addEventListener("click", () => openEditor(null));
    $("visits").addEventListener("click", (event) => {
      const button = event.target.closest("button.edit");
      if (button) openEditor(button.dataset.uuid);
    });
    $("f-assignment").addEventListener("change", () => fillHamlets($("f-assignment").value));
    $("f-consent").addEventListener("change", () => {
      $("f-head").hidden = !$("f-consent").checked;
      if (!$("f-consent").checked) {
        $("f-head-name").value = "";
        $("f-head-phone").value = "";
      }
    });
    $("visit-form").addEventListener("submit", save);
    for (const id of ["f-met", "f-nobody"]) $(id).addEventListener("change", showOutcome);
    $("f-confirm-nobody").addEventListener("click", () => {
      $("f-nobody").checked = true;
      showOutcome();
      $("visit-form").requestSubmit();
    });
    $("f-confirm-back").addEventListener("click", () => {
      $("f-confirm-empty").hidden = true;
      $("f-people").focus();
    });
    $("f-cancel").addEventListener("click", () => { editing = null; show("home"); });
    $("logout").addEventListener("submit", logout);
    window.addEventListener("online", async () => {
      failures = 0;
      await refresh();
      await render();
      sendNow();
    });
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.addEventListener("message", (event) => {
        if (event.data && event.data.type === "synced") render();
      });
    }
  }

  async function start() {
    db = await O.open(dbName);
    bind();
    await O.withLock(() => O.recover(db));
    await O.rememberSession(dbName, config.csrf);
    await loadRef();
    await render();
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register(config.urls.sw, { scope: config.urls.scope }).catch(() => {});
    }
    persistStorage().catch(() => { $("storage").textContent = T.persist_unknown; });
    if (navigator.onLine) {
      await refresh();
      await render();
      await sendNow();
    }
    document.body.dataset.ready = "1";
  }

  start();
})();
