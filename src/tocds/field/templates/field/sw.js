{% autoescape off %}/* tocds field app: service worker. Served by tocds.field.views.service_worker. */
"use strict";
const VERSION = {{ version_json }};
const PRECACHE = {{ precache_json }};
const SHELL = {{ shell_json }};
const SESSION_URL = {{ session_json }};
const SYNC_URL = {{ sync_json }};
const REFERENCE = {{ reference_json }};
const CACHE = "tocds-field-" + VERSION;
importScripts({{ outbox_json }});

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(PRECACHE.filter((url) => url !== SHELL));
    // The shell only as the signed-in page, never a sign-in page reached by a redirect.
    const response = await fetch(SHELL, { credentials: "same-origin", cache: "no-store" });
    if (response.ok && !response.redirected) await cache.put(SHELL, response);
    await loadReference().catch(() => {});
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("tocds-field-") && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// Installed from another page of the site (static/field/register.js), the app may never have
// been opened online: load what it needs to record visits (assignments, hamlets, services)
// into the user's database, as the page does, unless the page has done it already.
async function loadReference() {
  const session = await fetch(SESSION_URL, { credentials: "same-origin", cache: "no-store" });
  if (!session.ok) return;
  const { user } = await session.json();
  const db = await TocdsOutbox.open("tocds-field-u" + user);
  try {
    if (await TocdsOutbox.getValue(db, "ref", "loadedAt")) return;
    const keys = Object.keys(REFERENCE);
    const values = await Promise.all(keys.map(async (key) => {
      const response = await fetch(REFERENCE[key], { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }));
    await TocdsOutbox.transact(db, ["ref"], "readwrite", (s) => {
      keys.forEach((key, i) => s.ref.put(values[i], key));
      s.ref.put(new Date().toISOString(), "loadedAt");
    });
  } finally {
    db.close();
  }
}

function timeout(ms) {
  return new Promise((resolve, reject) => setTimeout(() => reject(new Error("timeout")), ms));
}

async function shellResponse(request) {
  const cache = await caches.open(CACHE);
  try {
    // The network first (a fresh page and CSRF token), but not for long on a weak signal.
    const response = await Promise.race([fetch(request), timeout(4000)]);
    if (response.ok && !response.redirected) {
      await cache.put(SHELL, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await cache.match(SHELL);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === SHELL) {
    event.respondWith(shellResponse(request));
    return;
  }
  if (PRECACHE.includes(url.pathname)) {
    event.respondWith(
      caches.open(CACHE)
        .then((cache) => cache.match(url.pathname))
        .then((cached) => cached || fetch(request))
    );
  }
});

// Background Sync, where the browser has it: send the outbox with no page open.
self.addEventListener("sync", (event) => {
  if (event.tag !== TocdsOutbox.SYNC_TAG) return;
  event.waitUntil((async () => {
    const session = await TocdsOutbox.currentSession();
    if (!session) return;
    const outcome = await TocdsOutbox.sync({
      dbName: session.db, csrf: session.csrf, syncUrl: SYNC_URL, sessionUrl: SESSION_URL,
    });
    for (const client of await self.clients.matchAll({ type: "window" })) {
      client.postMessage({ type: "synced", outcome: outcome.status });
    }
    // Let the browser retry later when the network failed.
    if (outcome.status === "offline" || outcome.status === "server") {
      throw new Error(outcome.status);
    }
  })());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "forget-shell") {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.delete(SHELL)));
  }
});
{% endautoescape %}
