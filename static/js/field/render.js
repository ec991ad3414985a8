/* The walk-list page's config and state, and drawing them: network badge, outbox, flagged visits,
   households grouped by hamlet. Nothing here talks to the server. */
(function () {
  "use strict";

  const app = window.FieldApp;
  const config = JSON.parse(document.getElementById("field-config").textContent);
  const text = config.strings;
  const collator = new Intl.Collator("vi", { numeric: true, sensitivity: "base" });
  const STATUS_STYLES = { not_visited: "text-bg-secondary", attempted: "text-bg-info", met: "text-bg-primary", reached: "text-bg-success", refused: "text-bg-warning", moved: "text-bg-light", do_not_contact: "text-bg-dark" };

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
    setMessage(`${text.syncFailedAuth} `, "danger");
    byId("sync-message").append(node("a", { href: config.loginUrl, text: "→" }));
  }

  function renderNetwork() {
    const badge = byId("network-state");
    badge.textContent = navigator.onLine ? text.online : text.offline;
    badge.className = `badge ${navigator.onLine ? "text-bg-success" : "text-bg-warning"}`;
    badge.dataset.online = navigator.onLine ? "true" : "false";
  }

  // "Số nhà: Không phải hộ của bạn." — the field as the volunteer's form names it, not its API code.
  function describeErrors(errors) {
    return Object.entries(errors || {}).map(([field, messages]) => `${config.fieldLabels[field] || field}: ${[].concat(messages).join(" ")}`);
  }

  function renderOutbox(onDiscard) {
    const pending = state.outbox.filter((item) => item.state === "pending");
    const flagged = state.outbox.filter((item) => item.state === "flagged");
    byId("pending-count").textContent = String(pending.length);
    byId("flagged-count").textContent = String(flagged.length);
    byId("flagged").hidden = flagged.length === 0;
    const names = new Map(state.households.map((h) => [h.id, h.address]));
    byId("flagged-list").replaceChildren(...flagged.map((item) => {
      const discard = node("button", { type: "button", className: "btn btn-sm btn-outline-danger", text: text.discard, "data-testid": "discard-visit" });
      discard.addEventListener("click", () => onDiscard(item));
      return node("li", { className: "list-group-item d-flex justify-content-between gap-2", "data-testid": "flagged-visit", "data-uuid": item.uuid }, [
        node("div", {}, [
          node("div", { className: "fw-semibold", text: item.label || names.get(item.payload.household) || `#${item.payload.household}` }),
          node("div", { className: "small text-danger", "data-status": item.status, "data-testid": "flagged-errors", text: [text[item.status] || item.status, ...describeErrors(item.errors)].filter(Boolean).join(" — ") }),
        ]),
        discard,
      ]);
    }));
  }

  function householdRow(household, waiting, hasDraft, onOpen) {
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
        node("span", { className: `badge ${STATUS_STYLES[status] || "text-bg-secondary"}`, "data-testid": "household-status", title: config.statusHelp[status] || "", text: config.statusLabels[status] || status }),
        waiting ? node("div", { className: "badge text-bg-warning mt-1", "data-testid": "household-waiting", text: `${waiting} ${text.waiting}` }) : null,
        hasDraft ? node("div", { className: "badge text-bg-light border mt-1", "data-testid": "household-draft", text: text.draft }) : null,
      ]),
    ]);
    row.addEventListener("click", () => onOpen(household));
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

  function renderList(onOpen, draftHouseholdId) {
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
      group.list.append(householdRow(household, waiting.get(household.id), household.id === draftHouseholdId, onOpen));
    });
    if (sections.length) container.replaceChildren(...sections);
    container.dataset.state = "ready";
    container.dataset.count = String(sorted.length);
  }

  function renderUpdatedAt(updatedAt) {
    byId("list-updated").textContent = updatedAt ? `${text.updatedAt} ${formatDateTime(updatedAt)}` : "";
  }

  Object.assign(app, { config, state, byId, node });
  app.render = { setMessage, showAuthProblem, renderNetwork, renderOutbox, renderList, renderUpdatedAt };
})();
