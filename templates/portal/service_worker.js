{% autoescape off %}/* Sổ tay chuyên đề — service worker (hand-written, no third-party code). Served by portal.pwa.

   Caches:
   - SHELL: public files (CSS, JS, icons, the offline page); the same for everyone.
   - USER_PREFIX + key: the pages "Học tập của tôi" asked to keep for one account (its opaque offline key).
   Rules that keep members' materials private:
   - a page is stored under key K only if its HTML declares K (<meta name="sotay-offline-key">), so a page
     fetched while another account (or nobody) is logged in is never stored;
   - each page load announces the current key; another key (or none: an anonymous page, a logout) deletes
     every other account's copies at once;
   - only the current key's cache is ever read. */
"use strict";
const VERSION = "__SOTAY_VERSION__";
const SHELL = "sotay-shell-" + VERSION;
const SHELL_PREFIX = "sotay-shell-";
const USER_PREFIX = "sotay-user-";
const SHELL_URLS = {{ shell_json }};
const OFFLINE_URL = {{ offline_url }};
const STATIC_PREFIX = {{ static_prefix }};
const KEY_URL = "/__sotay__/key";          // stored in SHELL: whose copies are current
const INDEX_URL = "/__sotay__/index.json";  // stored in the user's cache: what is kept, with titles
const KEY_META = /<meta name="sotay-offline-key" content="([^"]*)"/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_URLS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const oldKey = await currentKey();
    for (const name of await caches.keys()) {
      if (name.startsWith(SHELL_PREFIX) && name !== SHELL) await caches.delete(name);
    }
    if (oldKey) await setKey(oldKey);
    await self.clients.claim();
  })());
});

async function currentKey() {
  for (const name of await caches.keys()) {
    if (!name.startsWith(SHELL_PREFIX)) continue;
    const hit = await (await caches.open(name)).match(KEY_URL);
    if (hit) return (await hit.text()) || "";
  }
  return "";
}

async function setKey(key) {
  const shell = await caches.open(SHELL);
  await shell.put(KEY_URL, new Response(key, { headers: { "Content-Type": "text/plain" } }));
}

/* Forget every account's copies except ``key``'s (all of them when key is ""). */
async function useKey(key) {
  for (const name of await caches.keys()) {
    if (name.startsWith(USER_PREFIX) && name !== USER_PREFIX + key) await caches.delete(name);
  }
  await setKey(key);
}

function sameOrigin(url) {
  try { return new URL(url, self.location.origin).origin === self.location.origin; } catch (e) { return false; }
}

/* Fetch one page and keep it under ``key`` (and its aliases) if it really is that account's page. */
async function keepPage(cache, key, url, aliases) {
  const response = await fetch(url, { credentials: "same-origin", redirect: "follow", cache: "no-store" });
  if (!response.ok || response.redirected) return false;
  const html = await response.text();
  const found = KEY_META.exec(html);
  if (!found || found[1] !== key) return false;
  const init = { status: 200, headers: { "Content-Type": "text/html; charset=utf-8", "X-Sotay-Offline": "1" } };
  await cache.put(url, new Response(html, init));
  for (const alias of aliases || []) {
    if (sameOrigin(alias)) await cache.put(alias, new Response(html, init));
  }
  return true;
}

async function keep(key, pages) {
  if (!key || (await currentKey()) !== key) return;
  const cache = await caches.open(USER_PREFIX + key);
  const kept = [];
  const wanted = new Set([new URL(INDEX_URL, self.location.origin).href]);
  for (const page of pages.slice(0, 100)) {
    if (!page || !sameOrigin(page.url)) continue;
    [page.url].concat(page.aliases || []).forEach((u) => wanted.add(new URL(u, self.location.origin).href));
    let ok = false;
    try {
      ok = await keepPage(cache, key, page.url, page.aliases);
    } catch (e) {
      // The network dropped while keeping (a meeting room without signal): the copy kept last time stays,
      // and stays listed.
      ok = Boolean(await cache.match(page.url));
    }
    if (ok) kept.push({ url: page.url, title: page.title || page.url });
  }
  if ((await currentKey()) !== key) { await caches.delete(USER_PREFIX + key); return; }
  // Materials of meetings that are over are not kept any longer.
  for (const request of await cache.keys()) {
    if (!wanted.has(request.url)) await cache.delete(request);
  }
  await cache.put(INDEX_URL, new Response(JSON.stringify({ saved_at: Date.now(), pages: kept }),
                                          { headers: { "Content-Type": "application/json" } }));
  const clients = await self.clients.matchAll();
  clients.forEach((c) => c.postMessage({ type: "kept", count: kept.length }));
}

/* Messages are handled one after another: a "keep" sent right after a "session" sees the new key. */
let queue = Promise.resolve();
function enqueue(task) {
  queue = queue.then(task, task);
  return queue;
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const key = typeof data.key === "string" ? data.key : "";
  if (data.type === "session") event.waitUntil(enqueue(() => currentKey().then((k) => (k === key ? null : useKey(key)))));
  else if (data.type === "keep") event.waitUntil(enqueue(() => keep(key, Array.isArray(data.pages) ? data.pages : [])));
  else if (data.type === "logout") event.waitUntil(enqueue(() => useKey("")));
});

async function fromUserCache(request) {
  const key = await currentKey();
  if (!key) return null;
  const names = await caches.keys();
  if (!names.includes(USER_PREFIX + key)) return null;
  const cache = await caches.open(USER_PREFIX + key);
  return (await cache.match(request.url, { ignoreSearch: true })) || null;
}

async function navigate(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const kept = await fromUserCache(request);
    if (kept) return kept;
    const shell = await caches.open(SHELL);
    return (await shell.match(OFFLINE_URL)) ||
      new Response("Không có mạng.", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

/* Static files are public: the cached copy answers at once, a fresh one is fetched for next time. */
async function staticFile(request) {
  const shell = await caches.open(SHELL);
  const cached = await shell.match(request);
  const fresh = fetch(request).then((response) => {
    if (response.ok) shell.put(request, response.clone());
    return response;
  }).catch(() => null);
  return cached || (await fresh) || new Response("", { status: 504 });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/admin/")) return;
  if (request.mode === "navigate") event.respondWith(navigate(request));
  else if (url.pathname.startsWith(STATIC_PREFIX)) event.respondWith(staticFile(request));
});
{% endautoescape %}
