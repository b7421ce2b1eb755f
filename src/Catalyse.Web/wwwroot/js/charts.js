// Draws a bar chart (Chart.js) above every table marked data-chart="bar": labels from the rows' headers, values from
// their first cell. The table stays: it is the chart's accessible text; the canvas is hidden from assistive technology.
(function () {
  if (typeof Chart === "undefined") return;
  document.querySelectorAll("table[data-chart='bar']").forEach(function (table) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var labels = rows.map(function (r) { return r.querySelector("th").textContent.trim(); });
    var values = rows.map(function (r) { return Number(r.querySelector("td").textContent.trim()) || 0; });
    var box = document.createElement("div");
    box.className = "chart";
    box.style.height = Math.max(120, 36 * rows.length + 40) + "px";
    var canvas = document.createElement("canvas");
    canvas.setAttribute("aria-hidden", "true");
    box.appendChild(canvas);
    table.parentNode.insertBefore(box, table);
    new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [{ data: values, backgroundColor: "#1f5f8b" }] },
      options: {
        indexAxis: "y", maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  });
})();
