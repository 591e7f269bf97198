/* Draws the report's charts with the vendored Chart.js (static/vendor/chartjs). */
(function () {
  var dataNode = document.getElementById("report-data");
  if (!dataNode || typeof Chart === "undefined") return;
  var report = JSON.parse(dataNode.textContent);
  var labels = JSON.parse(document.getElementById("report-labels").textContent);
  var number = function (value) { return value === "<5" ? null : Number(value); };
  new Chart(document.getElementById("chart-daily"), {
    type: "line",
    data: {
      labels: report.daily.map(function (row) { return row.date; }),
      datasets: [
        { label: labels.signins, data: report.daily.map(function (r) { return number(r.signins); }), borderColor: "#0b5d4b", pointRadius: 0 },
        { label: labels.placements, data: report.daily.map(function (r) { return number(r.placements); }), borderColor: "#9a5b00", pointRadius: 0 }
      ]
    },
    options: { animation: false, spanGaps: false, scales: { y: { beginAtZero: true } } }
  });
  new Chart(document.getElementById("chart-deciles"), {
    type: "bar",
    data: {
      labels: report.deciles.map(function (_, i) { return String(i + 1); }),
      datasets: [{ label: labels.share, data: report.deciles.map(function (s) { return s === "<5" ? null : Math.round(s * 1000) / 10; }), backgroundColor: "#0b5d4b" }]
    },
    options: { animation: false, scales: { y: { beginAtZero: true, ticks: { callback: function (v) { return v + "%"; } } } } }
  });
  window.addEventListener("beforeprint", function () {
    Object.values(Chart.instances).forEach(function (chart) { chart.resize(); });
  });
})();
