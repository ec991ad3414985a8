/* Service worker of the volunteers' walk list (scope /field/). Rendered by visits.pwa.service_worker:
   the asset list comes from the static tag, so production's hashed file names are the ones cached. */
"use strict";

const VERSION = "{{ version }}";
const CACHE_PREFIX = "field-shell-";
const CACHE_NAME = CACHE_PREFIX + VERSION;
const PAGE_URL = {{ page_url_json|safe }};
const SHELL_URLS = {{ shell_urls_json|safe }};
const ASSET_URLS = new Set(SHELL_URLS.filter((url) => url !== PAGE_URL).map((url) => new URL(url, self.location.origin).href));
// On a weak signal, wait this long for a fresh page before showing the saved one.
const PAGE_NETWORK_TIMEOUT_MS = 4000;

function isUsablePage(response) {
  // A redirect to the login page (expired session) must not replace the saved walk list.
  return response && response.ok && !response.redirected && response.type === "basic";
}

async function cachePage(cache) {
  const response = await fetch(PAGE_URL, { credentials: "same-origin", cache: "no-store" });
  if (isUsablePage(response)) await cache.put(PAGE_URL, response);
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE_NAME);
    await cache.addAll([...ASSET_URLS]);
    try { await cachePage(cache); } catch (error) { /* the page is cached on its next visit */ }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME).map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); }, (error) => { clearTimeout(timer); reject(error); });
  });
}

// Network first for the page so a new deploy arrives; the saved copy when offline or too slow.
async function pageResponse(request) {
  const cache = await caches.open(CACHE_NAME);
  const network = fetch(request);
  try {
    const response = await withTimeout(network, PAGE_NETWORK_TIMEOUT_MS);
    if (isUsablePage(response)) await cache.put(PAGE_URL, response.clone());
    return response;
  } catch (error) {
    const saved = await cache.match(PAGE_URL, { ignoreVary: true });
    if (saved) {
      network.then((response) => isUsablePage(response) && cache.put(PAGE_URL, response.clone())).catch(() => {});
      return saved;
    }
    return network;
  }
}

// Cache first for the shell's static files: their URLs change whenever their content does.
async function assetResponse(request) {
  const cache = await caches.open(CACHE_NAME);
  const saved = await cache.match(request, { ignoreVary: true });
  if (saved) return saved;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  // Only GETs are ever cached: visits go to the sync API and must reach the server or fail.
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === PAGE_URL) {
    event.respondWith(pageResponse(request));
  } else if (ASSET_URLS.has(url.href)) {
    event.respondWith(assetResponse(request));
  }
  // Everything else (the API, other pages) goes to the network untouched.
});
