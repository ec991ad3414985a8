/* When visits go out and the list comes in: on load, on the `online` event, when the app returns to
   the foreground, every minute while visits wait, and with "Sync now". One run at a time. */
(function () {
  "use strict";

  const app = window.FieldApp;
  const { config, state, store } = app;
  const text = config.strings;
  const render = app.render;
  const RETRY_INTERVAL_MS = 60000;

  let running = null;
  let again = false;

  async function refreshHouseholds() {
    const households = await app.fetchHouseholds(config.householdsUrl, config.householdsPageSize);
    await store.replaceAll("households", households);
    await store.setMeta("households_updated_at", new Date().toISOString());
    state.listLoaded = true;
  }

  async function syncOnce() {
    await app.loadLocal(); // the outbox may have changed in another tab
    const hadPending = state.outbox.some((item) => item.state === "pending");
    let result = null;
    if (hadPending) {
      render.setMessage(text.syncing);
      result = await app.syncOutbox(config.syncUrl, config.userId, config.syncBatchSize);
      await app.loadLocal();
    }
    if (result && result.error) {
      if (result.error === "auth") render.showAuthProblem();
      else render.setMessage(result.error === "network" ? text.syncFailedNetwork : text.syncFailedServer, "warning");
      return;
    }
    try {
      await refreshHouseholds();
      if (hadPending) render.setMessage(result.flagged ? "" : text.synced, "success");
    } catch (error) {
      if (error.kind === "auth") render.showAuthProblem();
      else render.setMessage(text.refreshFailed, "warning");
    }
    await app.loadLocal();
  }

  // A request made while a run is going runs once more afterwards.
  function syncNow() {
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
    render.renderNetwork();
    if (navigator.onLine) syncNow();
  }

  function startSyncLoop() {
    window.addEventListener("online", onNetworkChange);
    window.addEventListener("offline", onNetworkChange);
    app.byId("sync-now").addEventListener("click", () => syncNow());
    // Phones do not always fire `online` (or it fires before the signal is usable): retry when the
    // app comes back to the foreground and every minute while visits wait.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && navigator.onLine) syncNow();
    });
    setInterval(() => {
      if (navigator.onLine && state.outbox.some((item) => item.state === "pending")) syncNow();
    }, RETRY_INTERVAL_MS);
  }

  Object.assign(app, { syncNow, startSyncLoop });
})();
