/* Draws the fairness page's charts with the vendored Chart.js (static/vendor/chartjs). */
(function () {
  var dataNode = document.getElementById("fairness-data");
  if (!dataNode || typeof Chart === "undefined") return;
  var data = JSON.parse(dataNode.textContent);
  var labels = JSON.parse(document.getElementById("fairness-labels").textContent);
  new Chart(document.getElementById("chart-trend"), {
    type: "line",
    data: {
      labels: data.trend.map(function (row) { return row.month.slice(0, 7); }),
      datasets: [{ label: labels.gini, data: data.trend.map(function (row) { return row.gini === "<5" ? null : row.gini; }), borderColor: "#0b5d4b" }]
    },
    options: { animation: false, scales: { y: { min: 0, max: 1 } } }
  });
  new Chart(document.getElementById("chart-deciles"), {
    type: "bar",
    data: {
      labels: data.deciles.map(function (_, i) { return String(i + 1); }),
      datasets: [{ label: labels.share, data: data.deciles.map(function (s) { return s === "<5" ? null : Math.round(s * 1000) / 10; }), backgroundColor: "#0b5d4b" }]
    },
    options: { animation: false, scales: { y: { beginAtZero: true, ticks: { callback: function (v) { return v + "%"; } } } } }
  });
})();
