// The weekly series as a line chart; the same numbers are in the table below it.
(function () {
  var canvas = document.getElementById("weekly-chart");
  var data = document.getElementById("weekly-data");
  if (!canvas || !data || typeof Chart === "undefined") return;
  var series = JSON.parse(data.textContent);
  new Chart(canvas, {
    type: "line",
    data: series,
    options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } },
  });
})();
