// Live progress of reports being built: polls each row's status.json until the build ends, then
// shows the download link (or reloads the page to show the failure and its retry button).
(function () {
  var POLL_MS = 1000;

  function paint(cell, state) {
    var bar = cell.querySelector("[data-role=bar]");
    var fill = cell.querySelector("[data-role=fill]");
    var label = cell.querySelector("[data-role=label]");
    var link = cell.querySelector("[data-role=download]");
    fill.style.width = state.progress + "%";
    bar.setAttribute("aria-valuenow", state.progress);
    label.textContent = state.status_label + (state.status === "queued" || state.status === "building" ? " · " + state.progress + " %" : "");
    if (state.status === "done") {
      bar.classList.add("d-none");
      link.href = state.download_url;
      link.classList.remove("d-none");
    }
  }

  function poll(cell) {
    fetch(cell.dataset.reportStatusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (state) {
        paint(cell, state);
        if (state.status === "queued" || state.status === "building") {
          window.setTimeout(function () { poll(cell); }, POLL_MS);
        } else if (state.status === "failed") {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(function () { poll(cell); }, POLL_MS * 5); });
  }

  document.querySelectorAll("[data-role=fill]").forEach(function (fill) {
    fill.style.width = fill.dataset.progress + "%";  // set here: the CSP forbids inline styles
  });
  document.querySelectorAll("[data-report-status-url]").forEach(poll);
})();
