/* The walk-list page starts here: whose phone this is, the saved list and outbox, the form left
   open before a reload, the service worker, logout, and the first sync. The parts: store.js
   (IndexedDB), sync.js (API and outbox), render.js, visit_form.js, sync_loop.js. */
(function () {
  "use strict";

  const app = window.FieldApp;
  const { config, state, store, byId } = app;
  const text = config.strings;

  async function discardFlagged(item) {
    if (!window.confirm(text.confirmDiscard)) return;
    await store.remove("outbox", item.uuid);
    await loadLocal();
  }

  async function loadLocal() {
    [state.households, state.outbox] = await Promise.all([store.all("households"), app.outboxFor(config.userId)]);
    const updatedAt = await store.getMeta("households_updated_at");
    state.listLoaded = state.listLoaded || Boolean(updatedAt);
    app.render.renderUpdatedAt(updatedAt);
    app.render.renderOutbox(discardFlagged);
    app.render.renderList(app.openForm, app.drafts.householdId());
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

  // A shared phone: logging out ends the session on the server, removes the walk list (names,
  // phones), the draft and the saved page; visits not yet sent stay, tagged with their volunteer,
  // and go out when that volunteer logs in again.
  function forgetOnLogout() {
    const logoutForm = Array.from(document.querySelectorAll("form")).find((f) => new URL(f.action).pathname === config.logoutUrl);
    if (!logoutForm) return;
    logoutForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await store.clear("households");
        await store.setMeta("owner", null);
        await store.setMeta("households_updated_at", null);
        app.drafts.clear();
        if (window.caches) {
          const names = await caches.keys();
          await Promise.all(names.map(async (name) => (await caches.open(name)).delete(config.scope)));
        }
        await app.logOut(config.logoutApiUrl);
      } finally {
        logoutForm.submit();
      }
    }, { once: true });
  }

  // A reload while the form was open comes back to it (the history entry is still there).
  function reopenFormAfterReload() {
    const open = window.history.state && window.history.state.visitForm;
    const household = open && state.households.find((h) => h.id === open);
    if (household) app.openForm(household, { fromHistory: true });
  }

  async function start() {
    forgetOnLogout();
    app.render.renderNetwork();
    await claimPhone();
    await loadLocal();
    reopenFormAfterReload();
    app.startSyncLoop();
    byId("household-filter").addEventListener("input", () => app.render.renderList(app.openForm, app.drafts.householdId()));
    // Ask the browser not to evict the queue when the phone runs short of space.
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register(config.serviceWorkerUrl, { scope: config.scope }).catch(() => {});
    }
    if (navigator.onLine) await app.syncNow();
  }

  app.loadLocal = loadLocal;
  app.ready = start();
})();
