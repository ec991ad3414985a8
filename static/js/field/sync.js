/* The two API calls of the field app and the outbox of visits logged on the phone:
   GET households (every page, following `next`) and POST visits/sync (batches of config.syncBatchSize).
   The answers have one shape each, described at /api/v1/openapi.json. */
(function () {
  "use strict";

  const store = window.FieldApp.store;
  const MAX_PAGES = 200;
  // A weak signal can leave a request hanging for minutes; give up and retry later instead.
  const REQUEST_TIMEOUT_MS = 30000;

  function newUuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    // RFC 4122 version 4 from getRandomValues (older phones without randomUUID).
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function csrfToken() {
    const match = document.cookie.split(";").map((c) => c.trim()).find((c) => c.startsWith("csrftoken="));
    return match ? decodeURIComponent(match.slice("csrftoken=".length)) : "";
  }

  class SyncError extends Error {
    constructor(kind, detail) {
      super(`${kind}: ${detail || ""}`);
      this.kind = kind; // "network" | "auth" | "server"
    }
  }

  async function request(url, options) {
    let response;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, signal: controller.signal, ...options });
    } catch (error) {
      throw new SyncError("network", error.message);
    } finally {
      clearTimeout(timer);
    }
    // The session ended: the API answers 401/403, or a redirect lands on the login page.
    if (response.status === 401 || response.status === 403 || response.redirected) throw new SyncError("auth", response.status);
    if (!response.ok) throw new SyncError("server", response.status);
    return response;
  }

  async function getJson(url, options) {
    const response = await request(url, options);
    try {
      return await response.json();
    } catch (error) {
      throw new SyncError("server", "not JSON");
    }
  }

  const unsafe = (body) => ({
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
    body,
  });

  // {count, page, page_size, num_pages, next, previous, results: [HouseholdOut]}
  async function fetchHouseholds(householdsUrl, pageSize) {
    const url = new URL(householdsUrl, window.location.href);
    url.searchParams.set("page_size", String(pageSize));
    let next = url.href;
    const households = [];
    for (let page = 0; next && page < MAX_PAGES; page += 1) {
      const body = await getJson(next);
      households.push(...body.results);
      next = body.next ? new URL(body.next, window.location.href).href : null;
    }
    return households;
  }

  // Ends the session (or token) on the server; a phone without network logs out locally anyway.
  async function logOut(logoutApiUrl) {
    try {
      await request(logoutApiUrl, unsafe("{}"));
    } catch (error) {
      /* offline or already logged out: the logout form below ends the session too */
    }
  }

  // ----- the outbox -----

  // label: how the phone names the household, kept for the case the server refuses the visit
  // and the household has meanwhile left the walk list.
  async function queueVisit(ownerId, payload, label) {
    const item = { uuid: payload.uuid, owner: ownerId, label: label || "", payload, state: "pending", errors: null, queued_at: new Date().toISOString() };
    await store.put("outbox", item);
    return item;
  }

  async function outboxFor(ownerId) {
    const items = await store.all("outbox");
    return items.filter((item) => item.owner === ownerId).sort((a, b) => a.queued_at.localeCompare(b.queued_at));
  }

  // What a visit accepted by the server means for its household until the list is refetched
  // (right after the sync); the status itself is the server's to compute.
  async function noteVisitOnHousehold(payload) {
    const household = await store.get("households", payload.household);
    if (!household) return;
    household.last_visit_at = payload.visited_at;
    if (payload.next_visit_on) household.next_visit_on = payload.next_visit_on;
    await store.put("households", household);
  }

  async function applyResult(item, result) {
    if (result.status === "created" || result.status === "duplicate") {
      await store.remove("outbox", item.uuid);
      await noteVisitOnHousehold(item.payload);
      return "sent";
    }
    // conflict / invalid: resending cannot fix them; they stay on the phone, flagged.
    await store.put("outbox", { ...item, state: "flagged", status: result.status, errors: result.errors || null });
    return "flagged";
  }

  async function sendBatch(syncUrl, batch) {
    const body = await getJson(syncUrl, unsafe(JSON.stringify({ visits: batch.map((item) => item.payload) })));
    const counts = { sent: 0, flagged: 0 };
    // One result per visit, in the order sent.
    for (let index = 0; index < batch.length; index += 1) {
      counts[await applyResult(batch[index], body.results[index])] += 1;
    }
    return counts;
  }

  // Sends every pending visit of this user; a failed request leaves the rest queued for the next attempt.
  async function syncOutbox(syncUrl, ownerId, batchSize) {
    const pending = (await outboxFor(ownerId)).filter((item) => item.state === "pending");
    const totals = { sent: 0, flagged: 0, error: null };
    for (let start = 0; start < pending.length; start += batchSize) {
      try {
        const counts = await sendBatch(syncUrl, pending.slice(start, start + batchSize));
        totals.sent += counts.sent;
        totals.flagged += counts.flagged;
      } catch (error) {
        totals.error = error instanceof SyncError ? error.kind : "server";
        break;
      }
    }
    return totals;
  }

  Object.assign(window.FieldApp, { newUuid, fetchHouseholds, logOut, queueVisit, outboxFor, syncOutbox, SyncError });
})();
