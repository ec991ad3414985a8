/* The bell's count, refreshed from /notifications/unread.json: the phone app's page may come from
   the service worker's cache, and a volunteer keeps it open all day. */
(function () {
  const badge = document.querySelector("[data-testid=bell-count]");
  if (!badge) return;
  async function refresh() {
    try {
      const response = await fetch(badge.dataset.unreadUrl, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) return;
      const { unread } = await response.json();
      badge.textContent = String(unread);
      badge.hidden = unread === 0;
    } catch (error) { /* offline: keep the last count */ }
  }
  refresh();
  setInterval(refresh, 60000);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });
})();
