/* The outbox of visits logged on the phone and the two API calls of the field app:
   GET /api/v1/households/ (all pages) and POST /api/v1/visits/sync (batches of up to 500). */
(function () {
  "use strict";

  const store = window.FieldApp.store;
  const BATCH_SIZE = 500;
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

  async function getJson(url, options) {
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
    try {
      return await response.json();
    } catch (error) {
      throw new SyncError("server", "not JSON");
    }
  }

  // Accepts the usual paginated shapes: {results, next} (next a URL or a page number), or a bare list.
  function pageRows(body) {
    if (Array.isArray(body)) return body;
    return body.results || body.households || body.items || [];
  }

  function nextPageUrl(body, currentUrl) {
    if (!body || Array.isArray(body)) return null;
    const current = new URL(currentUrl, window.location.href);
    if (typeof body.next === "string" && body.next) return new URL(body.next, window.location.href).href;
    if (typeof body.next === "number") {
      current.searchParams.set("page", body.next);
      return current.href;
    }
    if (body.has_next === true) {
      current.searchParams.set("page", Number(body.page || current.searchParams.get("page") || 1) + 1);
      return current.href;
    }
    return null;
  }

  function hamletName(raw) {
    if (raw.hamlet_name) return raw.hamlet_name;
    if (raw.hamlet && typeof raw.hamlet === "object") return raw.hamlet.name || "";
    return typeof raw.hamlet === "string" ? raw.hamlet : "";
  }

  function normaliseHousehold(raw) {
    return {
      id: raw.id !== undefined ? raw.id : raw.pk,
      hamlet: hamletName(raw),
      address: raw.address || "",
      head_name: raw.head_name || "",
      phone: raw.phone_masked || raw.phone || "",
      members_count: raw.members_count,
      status: raw.status || "not_visited",
      last_visit_at: raw.last_visit_at || null,
      next_visit_on: raw.next_visit_on || null,
    };
  }

  async function fetchHouseholds(householdsUrl) {
    const url = new URL(householdsUrl, window.location.href);
    url.searchParams.set("page_size", "500");
    let next = url.href;
    const households = [];
    for (let page = 0; next && page < MAX_PAGES; page += 1) {
      const body = await getJson(next);
      households.push(...pageRows(body).map(normaliseHousehold));
      next = nextPageUrl(body, next);
    }
    return households;
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

  // What a visit accepted by the server means for its household until the list is refetched.
  async function markHouseholdVisited(payload) {
    const household = await store.get("households", payload.household);
    if (!household) return;
    if (payload.outcome === "do_not_contact") household.status = "do_not_contact";
    else if (household.status === "not_visited") household.status = "visited";
    household.last_visit_at = payload.visited_at;
    if (payload.next_visit_on) household.next_visit_on = payload.next_visit_on;
    await store.put("households", household);
  }

  async function applyResult(item, result) {
    if (result.status === "created" || result.status === "duplicate") {
      await store.remove("outbox", item.uuid);
      await markHouseholdVisited(item.payload);
      return "sent";
    }
    if (result.status === "conflict" || result.status === "invalid") {
      await store.put("outbox", { ...item, state: "flagged", status: result.status, errors: result.errors || null });
      return "flagged";
    }
    return "kept";
  }

  async function sendBatch(syncUrl, batch) {
    const body = await getJson(syncUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ visits: batch.map((item) => item.payload) }),
    });
    const byUuid = new Map(batch.map((item) => [item.uuid, item]));
    const counts = { sent: 0, flagged: 0, kept: 0 };
    for (const result of body.results || []) {
      const item = byUuid.get(result.uuid);
      if (!item) continue;
      counts[await applyResult(item, result)] += 1;
    }
    return counts;
  }

  // Sends every pending visit of this user. Conflicts and invalid visits stay flagged on the phone
  // (resending cannot fix them); a failed request leaves everything queued for the next attempt.
  async function syncOutbox(syncUrl, ownerId) {
    const pending = (await outboxFor(ownerId)).filter((item) => item.state === "pending");
    const totals = { sent: 0, flagged: 0, kept: 0, error: null };
    for (let start = 0; start < pending.length; start += BATCH_SIZE) {
      try {
        const counts = await sendBatch(syncUrl, pending.slice(start, start + BATCH_SIZE));
        totals.sent += counts.sent;
        totals.flagged += counts.flagged;
        totals.kept += counts.kept;
      } catch (error) {
        totals.error = error instanceof SyncError ? error.kind : "server";
        break;
      }
    }
    return totals;
  }

  Object.assign(window.FieldApp, { newUuid, fetchHouseholds, queueVisit, outboxFor, syncOutbox, SyncError });
})();
