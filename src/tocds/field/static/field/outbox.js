/* tocds field app: the local store, the outbox state machine and the sync protocol of
 * RELIABILITY.md. Runs in the page and in the service worker (no DOM here).
 *
 * IndexedDB database per user ("tocds-field-u<id>"), stores:
 *   meta    key/value: the AES-GCM key (non-extractable CryptoKey), lastSent, loadedAt
 *   ref     key/value: assignments, hamlets, services as the API gave them
 *   outbox  by uuid: records not yet acknowledged by the server. State machine:
 *           queued -> sending -> (acknowledged: removed from the outbox, kept in `visits`)
 *                             -> quarantined (invalid: kept with its errors until edited)
 *           sending -> queued  (network error, 5xx, 401/403, or recovery after a crash)
 *           Nothing else removes an entry: no screen deletes unsent records.
 *   visits  by uuid: the server's view of the user's own visits (acknowledged records).
 * The head of household's name and phone are stored only encrypted (`secret`), and only with
 * consent; the rest of a record is what the server needs and nothing more.
 */
(function (root) {
  "use strict";
  const MAX_BATCH = 100;
  const SYNC_TAG = "tocds-outbox";
  const LOCK = "tocds-field-outbox";
  const SESSION_DB = "tocds-field";

  function request(req) {
    return new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  function open(name) {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore("meta");
      db.createObjectStore("ref");
      db.createObjectStore("outbox", { keyPath: "uuid" });
      db.createObjectStore("visits", { keyPath: "uuid" });
    };
    return request(req);
  }

  /* Run `body(stores)` in one transaction; resolves with its result once committed. `body` must
   * only queue requests (no awaiting other promises), or the transaction would close early. */
  function transact(db, names, mode, body) {
    return new Promise((resolve, reject) => {
      const tx = db.transaction(names, mode);
      const stores = {};
      for (const name of [].concat(names)) stores[name] = tx.objectStore(name);
      let result;
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error("aborted"));
      result = body(stores, tx);
    });
  }

  async function getValue(db, store, key) {
    let value;
    await transact(db, store, "readonly", (s) => {
      s[store].get(key).onsuccess = (e) => { value = e.target.result; };
    });
    return value;
  }

  async function getAll(db, store) {
    let value = [];
    await transact(db, store, "readonly", (s) => {
      s[store].getAll().onsuccess = (e) => { value = e.target.result; };
    });
    return value;
  }

  function putValue(db, store, key, value) {
    return transact(db, store, "readwrite", (s) => { s[store].put(value, key); });
  }

  /* The encryption key: made once, non-extractable, kept in IndexedDB. Two contexts racing
   * to make it keep whichever was stored first. */
  async function cryptoKey(db) {
    const existing = await getValue(db, "meta", "key");
    if (existing) return existing;
    const made = await crypto.subtle.generateKey(
      { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
    let kept = made;
    await transact(db, "meta", "readwrite", (s) => {
      s.meta.get("key").onsuccess = (e) => {
        if (e.target.result) kept = e.target.result;
        else s.meta.put(made, "key");
      };
    });
    return kept;
  }

  async function encrypt(db, value) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt(
      { name: "AES-GCM", iv }, await cryptoKey(db), new TextEncoder().encode(JSON.stringify(value)));
    return { iv, data };
  }

  async function decrypt(db, secret) {
    if (!secret) return null;
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: secret.iv }, await cryptoKey(db), secret.data);
    return JSON.parse(new TextDecoder().decode(plain));
  }

  /* The head of household's name and phone, encrypted; nothing without consent. */
  async function sealHead(db, consent, head) {
    if (!consent || !head || !(head.name || head.phone)) return null;
    return encrypt(db, { name: head.name || "", phone: head.phone || "" });
  }

  function now() { return new Date().toISOString(); }

  /* Save a visit from the form. A new visit gets a UUID for life; editing an entry still in
   * the outbox replaces its content; editing an acknowledged visit queues an edit based on the
   * server's version. Returns the uuid. */
  async function saveVisit(db, { uuid, body, head }) {
    const secret = await sealHead(db, body.consent, head);
    const id = uuid || crypto.randomUUID();
    await transact(db, ["outbox", "visits"], "readwrite", (s) => {
      s.outbox.get(id).onsuccess = (e) => {
        const entry = e.target.result;
        if (entry) {
          entry.body = body;
          entry.secret = secret;
          entry.errors = {};
          entry.rev += 1;
          entry.changedAt = now();
          // An entry being sent stays `sending`: its answer sees the new revision and queues it.
          if (entry.state !== "sending") entry.state = "queued";
          s.outbox.put(entry);
          return;
        }
        s.visits.get(id).onsuccess = (e2) => {
          const visit = e2.target.result;
          s.outbox.put({
            uuid: id,
            state: "queued",
            rev: 1,
            base_version: visit ? visit.version : null,
            body,
            secret,
            errors: {},
            createdAt: now(),
            changedAt: now(),
          });
        };
      };
    });
    return id;
  }

  /* After a crash or reload mid-send, nothing is left `sending`. Call under the lock. */
  function recover(db) {
    return transact(db, "outbox", "readwrite", (s) => {
      s.outbox.openCursor().onsuccess = (e) => {
        const cursor = e.target.result;
        if (!cursor) return;
        if (cursor.value.state === "sending") {
          cursor.update(Object.assign(cursor.value, { state: "queued" }));
        }
        cursor.continue();
      };
    });
  }

  function withLock(fn) {
    const locks = root.navigator && root.navigator.locks;
    if (locks) return locks.request(LOCK, fn);
    if (root.__tocdsBusy) return Promise.resolve({ status: "busy" });
    root.__tocdsBusy = true;
    return fn().finally(() => { root.__tocdsBusy = false; });
  }

  async function takeBatch(db, size) {
    const batch = [];
    await transact(db, "outbox", "readwrite", (s) => {
      s.outbox.getAll().onsuccess = (e) => {
        const queued = e.target.result
          .filter((entry) => entry.state === "queued")
          .sort((a, b) => (a.changedAt < b.changedAt ? -1 : 1))
          .slice(0, size);
        for (const entry of queued) {
          entry.state = "sending";
          entry.sentRev = entry.rev;
          s.outbox.put(entry);
          batch.push(entry);
        }
      };
    });
    return batch;
  }

  function requeue(db, batch, state, errors) {
    return transact(db, "outbox", "readwrite", (s) => {
      for (const sent of batch) {
        s.outbox.get(sent.uuid).onsuccess = (e) => {
          const entry = e.target.result;
          if (!entry) return;
          entry.state = entry.rev !== sent.sentRev ? "queued" : state;
          if (errors && entry.state === "quarantined") entry.errors = errors;
          s.outbox.put(entry);
        };
      }
    });
  }

  async function payload(db, entry) {
    const record = Object.assign({ uuid: entry.uuid }, entry.body);
    if (entry.base_version) record.base_version = entry.base_version;
    const head = await decrypt(db, entry.secret);
    if (record.consent && head) {
      record.head_name = head.name;
      record.head_phone = head.phone;
    }
    return record;
  }

  async function post(options, records) {
    const body = JSON.stringify({ device_clock: now(), visits: records });
    const send = (csrf) => fetch(options.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf || "" },
      body,
    });
    let response = await send(options.csrf);
    if (response.status === 403 || response.status === 401) {
      // A stale CSRF token (the page came from the cache) or an expired session: ask again.
      const fresh = await refreshSession(options);
      if (fresh) response = await send(fresh);
    }
    return response;
  }

  async function refreshSession(options) {
    try {
      const response = await fetch(options.sessionUrl, { credentials: "same-origin" });
      if (!response.ok) return null;
      const data = await response.json();
      options.csrf = data.csrf;
      await rememberSession(options.dbName, data.csrf);
      return data.csrf;
    } catch (error) {
      return null;
    }
  }

  /* Apply the server's answers. Server copies (conflicts) are encrypted before the
   * transaction, since a transaction cannot wait for WebCrypto. */
  async function acknowledge(db, batch, results) {
    const byUuid = {};
    for (const result of results) if (result.uuid) byUuid[result.uuid] = result;
    const sealed = {};
    for (const sent of batch) {
      const result = byUuid[sent.uuid];
      if (result && result.status === "conflict" && result.server) {
        sealed[sent.uuid] = await sealHead(db, result.server.consent,
          { name: result.server.head_name, phone: result.server.head_phone });
      }
    }
    const counts = { acknowledged: 0, conflict: 0, invalid: 0, missing: 0 };
    await transact(db, ["outbox", "visits"], "readwrite", (s) => {
      for (const sent of batch) {
        const result = byUuid[sent.uuid];
        s.outbox.get(sent.uuid).onsuccess = (e) => {
          const entry = e.target.result;
          if (!entry) return;
          const changed = entry.rev !== sent.sentRev;
          if (!result) {  // no answer for it: send it again later
            counts.missing += 1;
            entry.state = "queued";
            s.outbox.put(entry);
            return;
          }
          if (result.status === "invalid") {
            counts.invalid += 1;
            entry.state = changed ? "queued" : "quarantined";
            entry.errors = changed ? {} : (result.errors || {});
            s.outbox.put(entry);
            return;
          }
          if (result.status === "conflict") {
            counts.conflict += 1;
            const server = result.server || {};
            s.visits.put({
              uuid: sent.uuid,
              id: result.id,
              version: result.version,
              body: {
                campaign_id: server.campaign_id,
                team_id: server.team_id,
                hamlet_code: server.hamlet_code,
                household: server.household,
                consent: !!server.consent,
                people_guided: server.people_guided,
                recorded_at: server.recorded_at,
                services: server.services || [],
              },
              secret: sealed[sent.uuid] || null,
              excluded: !!server.excluded,
              conflict: true,
            });
          } else {  // created, updated, duplicate: the server holds what was sent
            counts.acknowledged += 1;
            s.visits.put({
              uuid: sent.uuid,
              id: result.id,
              version: result.version,
              body: sent.body,
              secret: sent.secret,
              excluded: false,
              conflict: false,
            });
          }
          if (changed) {
            // Edited while on its way: send the newer content as an edit of this version.
            entry.state = "queued";
            entry.base_version = result.version;
            s.outbox.put(entry);
          } else {
            s.outbox.delete(sent.uuid);  // acknowledged: the only way out of the outbox
          }
        };
      }
    });
    return counts;
  }

  /* Send everything queued, in batches of at most 100. Resolves with
   * {status: ok|offline|server|signin|busy, sent, conflicts, invalid}. */
  function sync(options) {
    return withLock(async () => {
      const db = await open(options.dbName);
      const totals = { status: "ok", sent: 0, conflicts: 0, invalid: 0 };
      try {
        await recover(db);
        let size = MAX_BATCH;
        for (;;) {
          const batch = await takeBatch(db, size);
          if (!batch.length) break;
          let response;
          try {
            response = await post(options, await Promise.all(batch.map((e) => payload(db, e))));
          } catch (error) {
            await requeue(db, batch, "queued");
            totals.status = "offline";
            break;
          }
          if (response.status === 401 || response.status === 403) {
            await requeue(db, batch, "queued");
            totals.status = "signin";
            break;
          }
          if (response.status >= 500) {
            await requeue(db, batch, "queued");
            totals.status = "server";
            break;
          }
          if (!response.ok) {
            // The whole request was refused (e.g. a character the server never takes): find
            // the record at fault by sending one at a time, and quarantine only that one.
            if (batch.length > 1) {
              await requeue(db, batch, "queued");
              size = 1;
              continue;
            }
            let detail = String(response.status);
            try { detail = (await response.json()).detail || detail; } catch (error) { /* */ }
            await requeue(db, batch, "quarantined", { record: detail });
            totals.invalid += 1;
            continue;
          }
          const answer = await response.json();
          const counts = await acknowledge(db, batch, answer.results || []);
          totals.sent += counts.acknowledged;
          totals.conflicts += counts.conflict;
          totals.invalid += counts.invalid;
          await putValue(db, "meta", "lastSent", now());
          if (counts.missing) break;
        }
      } finally {
        db.close();
      }
      return totals;
    });
  }

  /* Where the service worker finds the signed-in user's database and a CSRF token. */
  async function rememberSession(dbName, csrf) {
    const db = await openSessionDb();
    try {
      await transact(db, "kv", "readwrite", (s) => { s.kv.put({ db: dbName, csrf }, "session"); });
    } finally {
      db.close();
    }
  }

  async function forgetSession() {
    const db = await openSessionDb();
    try {
      await transact(db, "kv", "readwrite", (s) => { s.kv.delete("session"); });
    } finally {
      db.close();
    }
  }

  async function currentSession() {
    const db = await openSessionDb();
    try {
      return await getValue(db, "kv", "session");
    } finally {
      db.close();
    }
  }

  function openSessionDb() {
    const req = indexedDB.open(SESSION_DB, 1);
    req.onupgradeneeded = () => { req.result.createObjectStore("kv"); };
    return request(req);
  }

  root.TocdsOutbox = {
    MAX_BATCH, SYNC_TAG, open, transact, getValue, getAll, putValue, saveVisit, recover,
    sync, decrypt, encrypt, sealHead, rememberSession, forgetSession, currentSession, withLock,
  };
})(self);
