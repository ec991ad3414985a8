/* The walk-list page: renders "my households" from IndexedDB, logs visits into the outbox, and
   sends them when the network allows (on load, on the `online` event, and with "Sync now"). */
(function () {
  "use strict";

  const app = window.FieldApp;
  const store = app.store;
  const config = JSON.parse(document.getElementById("field-config").textContent);
  const text = config.strings;
  const collator = new Intl.Collator("vi", { numeric: true, sensitivity: "base" });
  const RETRY_INTERVAL_MS = 60000;
  const STATUS_STYLES = { not_visited: "text-bg-secondary", visited: "text-bg-primary", reached: "text-bg-success", do_not_contact: "text-bg-dark" };

  const state = { households: [], outbox: [], current: null, listLoaded: false };
  const byId = (id) => document.getElementById(id);

  function node(tag, attributes, children) {
    const element = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (name === "text") element.textContent = value;
      else if (name === "className") element.className = value;
      else element.setAttribute(name, value);
    });
    (children || []).forEach((child) => child && element.append(child));
    return element;
  }

  // The portal writes dates dd/mm/yyyy in every language (SHORT_DATE_FORMAT).
  const pad = (n) => String(n).padStart(2, "0");
  function formatDate(value) {
    const [year, month, day] = String(value).slice(0, 10).split("-");
    return day ? `${day}/${month}/${year}` : "";
  }
  function formatDateTime(value) {
    const d = new Date(value);
    return `${pad(d.getHours())}:${pad(d.getMinutes())} ${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
  }

  function setMessage(message, tone) {
    const box = byId("sync-message");
    box.textContent = message || "";
    box.className = `small mt-1 ${tone ? `text-${tone}` : "text-muted"}`;
  }

  function showAuthProblem() {
    const box = byId("sync-message");
    setMessage(`${text.syncFailedAuth} `, "danger");
    box.append(node("a", { href: config.loginUrl, text: "→" }));
  }

  // ----- rendering -----

  function renderNetwork() {
    const badge = byId("network-state");
    badge.textContent = navigator.onLine ? text.online : text.offline;
    badge.className = `badge ${navigator.onLine ? "text-bg-success" : "text-bg-warning"}`;
    badge.dataset.online = navigator.onLine ? "true" : "false";
  }

  function renderOutbox() {
    const pending = state.outbox.filter((item) => item.state === "pending");
    const flagged = state.outbox.filter((item) => item.state === "flagged");
    byId("pending-count").textContent = String(pending.length);
    byId("flagged-count").textContent = String(flagged.length);
    byId("flagged").hidden = flagged.length === 0;
    const names = new Map(state.households.map((h) => [h.id, h.address]));
    byId("flagged-list").replaceChildren(...flagged.map((item) => {
      const errors = Object.entries(item.errors || {}).map(([field, messages]) => `${field}: ${[].concat(messages).join(" ")}`);
      const discard = node("button", { type: "button", className: "btn btn-sm btn-outline-danger", text: text.discard, "data-testid": "discard-visit" });
      discard.addEventListener("click", async () => {
        if (!window.confirm(text.confirmDiscard)) return;
        await store.remove("outbox", item.uuid);
        await loadLocal();
      });
      return node("li", { className: "list-group-item d-flex justify-content-between gap-2", "data-testid": "flagged-visit", "data-uuid": item.uuid }, [
        node("div", {}, [
          node("div", { className: "fw-semibold", text: item.label || names.get(item.payload.household) || `#${item.payload.household}` }),
          node("div", { className: "small text-danger", "data-status": item.status, text: [text[item.status] || item.status, ...errors].filter(Boolean).join(" — ") }),
        ]),
        discard,
      ]);
    }));
  }

  function householdRow(household, waiting) {
    const status = household.status || "not_visited";
    const details = [
      household.head_name,
      household.members_count ? `${household.members_count} ${household.members_count === 1 ? text.member : text.members}` : "",
      household.phone,
    ].filter(Boolean).join(" · ");
    const row = node("button", {
      type: "button",
      className: "list-group-item list-group-item-action household d-flex justify-content-between align-items-start gap-2",
      "data-testid": `household-${household.id}`,
      "data-household-id": household.id,
      "data-status": status,
    }, [
      node("div", { className: "household-main" }, [
        node("div", { className: "address", text: household.address }),
        details ? node("div", { className: "small text-muted", text: details }) : null,
        household.next_visit_on ? node("div", { className: "small", "data-testid": "next-visit", text: `${text.nextVisit} ${formatDate(household.next_visit_on)}` }) : null,
      ]),
      node("div", { className: "household-badges text-end" }, [
        node("span", { className: `badge ${STATUS_STYLES[status] || "text-bg-secondary"}`, "data-testid": "household-status", text: config.statusLabels[status] || status }),
        waiting ? node("div", { className: "badge text-bg-warning mt-1", "data-testid": "household-waiting", text: `${waiting} ${text.waiting}` }) : null,
      ]),
    ]);
    row.addEventListener("click", () => openForm(household));
    return row;
  }

  // Diacritic-insensitive, as core.text.fold on the server: "nguyen" finds "Nguyễn", "d" finds "đ".
  function fold(value) {
    return String(value || "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function matchesFilter(household) {
    const words = fold(byId("household-filter").value).split(/\s+/).filter(Boolean);
    if (!words.length) return true;
    const haystack = fold(`${household.hamlet} ${household.address} ${household.head_name}`);
    return words.every((word) => haystack.includes(word));
  }

  function renderList() {
    const container = byId("walk-list");
    const waiting = new Map();
    state.outbox.forEach((item) => waiting.set(item.payload.household, (waiting.get(item.payload.household) || 0) + 1));
    if (!state.households.length) {
      container.dataset.state = state.listLoaded ? "empty" : "no-cache";
      container.replaceChildren(node("p", { className: "text-muted", text: state.listLoaded ? text.noHouseholds : text.noCache }));
      return;
    }
    const sorted = state.households.filter(matchesFilter).sort((a, b) => collator.compare(a.hamlet, b.hamlet) || collator.compare(a.address, b.address));
    if (!sorted.length) {
      container.replaceChildren(node("p", { className: "text-muted", text: text.noMatch }));
    }
    const sections = [];
    let group = null;
    sorted.forEach((household) => {
      if (!group || group.hamlet !== household.hamlet) {
        group = { hamlet: household.hamlet, list: node("div", { className: "list-group" }) };
        sections.push(node("h2", { className: "hamlet-heading", text: household.hamlet }), group.list);
      }
      group.list.append(householdRow(household, waiting.get(household.id)));
    });
    if (sections.length) container.replaceChildren(...sections);
    container.dataset.state = "ready";
    container.dataset.count = String(sorted.length);
  }

  async function loadLocal() {
    [state.households, state.outbox] = await Promise.all([store.all("households"), app.outboxFor(config.userId)]);
    const updatedAt = await store.getMeta("households_updated_at");
    state.listLoaded = state.listLoaded || Boolean(updatedAt);
    byId("list-updated").textContent = updatedAt ? `${text.updatedAt} ${formatDateTime(updatedAt)}` : "";
    renderOutbox();
    renderList();
  }

  // Another volunteer used this phone before: their walk list is not ours to show.
  async function claimPhone() {
    const owner = await store.getMeta("owner");
    if (owner !== config.userId) {
      await store.clear("households");
      await store.setMeta("households_updated_at", null);
      await store.setMeta("owner", config.userId);
    }
  }

  // ----- the visit form -----

  const form = byId("visit-form");

  function showPanel(formShown) {
    byId("visit-form-panel").hidden = !formShown;
    byId("walk-list-panel").hidden = formShown;
    window.scrollTo(0, 0);
  }

  function openForm(household) {
    state.current = household;
    form.reset();
    byId("met-fields").hidden = true;
    byId("outcome-error").hidden = true;
    byId("visit-household-title").textContent = household.address;
    byId("visit-household-detail").textContent = [household.hamlet, household.head_name].filter(Boolean).join(" · ");
    showPanel(true);
  }

  function closeForm() {
    state.current = null;
    showPanel(false);
  }

  function checkedValues(name) {
    return Array.from(form.querySelectorAll(`input[name=${name}]:checked`), (input) => input.value);
  }

  form.addEventListener("change", (event) => {
    if (event.target.name !== "outcome") return;
    const met = form.outcome.value === "met";
    byId("met-fields").hidden = !met;
    byId("outcome-error").hidden = true;
    if (met && form.people_helped.value === "0") form.people_helped.value = "1";
  });

  byId("cancel-visit").addEventListener("click", closeForm);

  // Optional, asked for per visit: a volunteer's position is personal data too.
  function currentPosition() {
    if (!navigator.geolocation) return Promise.resolve(null);
    return new Promise((resolve) => {
      navigator.geolocation.getCurrentPosition(
        (position) => resolve(position.coords),
        () => resolve(null),
        { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 },
      );
    });
  }

  let saving = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (saving || !state.current) return; // a double tap must not log the visit twice
    const outcome = form.outcome.value;
    if (!outcome) {
      byId("outcome-error").textContent = text.chooseOutcome;
      byId("outcome-error").hidden = false;
      return;
    }
    const met = outcome === "met";
    const payload = {
      uuid: app.newUuid(),
      household: state.current.id,
      visited_at: new Date().toISOString(),
      outcome,
      skills: met ? checkedValues("skills") : [],
      services: met ? checkedValues("services") : [],
      people_helped: Math.max(0, parseInt(form.people_helped.value, 10) || 0),
      notes: form.notes.value.trim(),
      next_visit_on: form.next_visit_on.value || null,
    };
    saving = true;
    let locationMissing = false;
    try {
      if (form.with_location.checked) {
        const coords = await currentPosition();
        if (coords) {
          payload.latitude = Number(coords.latitude.toFixed(6));
          payload.longitude = Number(coords.longitude.toFixed(6));
        } else {
          locationMissing = true;
        }
      }
      await app.queueVisit(config.userId, payload, [state.current.address, state.current.hamlet].filter(Boolean).join(", "));
    } finally {
      saving = false;
    }
    closeForm();
    await loadLocal();
    setMessage(locationMissing ? text.noLocation : text.savedOffline, locationMissing ? "warning" : "success");
    if (navigator.onLine) syncAndRefresh();
  });

  // ----- talking to the server -----

  let running = null;
  let again = false;

  async function refreshHouseholds() {
    const households = await app.fetchHouseholds(config.householdsUrl);
    await store.replaceAll("households", households);
    await store.setMeta("households_updated_at", new Date().toISOString());
    state.listLoaded = true;
  }

  async function syncOnce() {
    await loadLocal(); // the outbox may have changed in another tab
    const hadPending = state.outbox.some((item) => item.state === "pending");
    let result = null;
    if (hadPending) {
      setMessage(text.syncing);
      result = await app.syncOutbox(config.syncUrl, config.userId);
      await loadLocal();
    }
    if (result && result.error) {
      if (result.error === "auth") showAuthProblem();
      else setMessage(result.error === "network" ? text.syncFailedNetwork : text.syncFailedServer, "warning");
      return;
    }
    try {
      await refreshHouseholds();
      if (hadPending) setMessage(result.flagged ? "" : text.synced, "success");
    } catch (error) {
      if (error.kind === "auth") showAuthProblem();
      else setMessage(text.refreshFailed, "warning");
    }
    await loadLocal();
  }

  // One sync at a time; a request made meanwhile runs once more afterwards.
  function syncAndRefresh() {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await syncOnce();
      } while (again && navigator.onLine);
    })().finally(() => { running = null; });
    return running;
  }

  function onNetworkChange() {
    renderNetwork();
    if (navigator.onLine) syncAndRefresh();
  }

  // A shared phone: logging out removes the walk list (names, phones) and the saved page; visits not
  // yet sent stay, tagged with their volunteer, and go out when that volunteer logs in again.
  function forgetOnLogout() {
    const logoutForm = Array.from(document.querySelectorAll("form")).find((f) => new URL(f.action).pathname === config.logoutUrl);
    if (!logoutForm) return;
    logoutForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await store.clear("households");
        await store.setMeta("owner", null);
        await store.setMeta("households_updated_at", null);
        if (window.caches) {
          const names = await caches.keys();
          await Promise.all(names.map(async (name) => (await caches.open(name)).delete(config.scope)));
        }
      } finally {
        logoutForm.submit();
      }
    }, { once: true });
  }

  async function start() {
    forgetOnLogout();
    renderNetwork();
    await claimPhone();
    await loadLocal();
    window.addEventListener("online", onNetworkChange);
    window.addEventListener("offline", onNetworkChange);
    byId("sync-now").addEventListener("click", () => syncAndRefresh());
    byId("household-filter").addEventListener("input", renderList);
    // Phones do not always fire `online` (or it fires before the signal is usable): retry when the
    // app comes back to the foreground and every minute while visits wait.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && navigator.onLine) syncAndRefresh();
    });
    setInterval(() => {
      if (navigator.onLine && state.outbox.some((item) => item.state === "pending")) syncAndRefresh();
    }, RETRY_INTERVAL_MS);
    // Ask the browser not to evict the queue when the phone runs short of space.
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register(config.serviceWorkerUrl, { scope: config.scope }).catch(() => {});
    }
    if (navigator.onLine) await syncAndRefresh();
  }

  app.syncNow = syncAndRefresh;
  app.ready = start();
})();
