// Draws the page's Plotly figures (each a JSON in a data-figure attribute) and keeps the 100-point total.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const element of document.querySelectorAll("[data-figure]")) {
    const figure = JSON.parse(element.dataset.figure);
    Plotly.newPlot(element, figure.data, figure.layout, { responsive: true, displaylogo: false });
  }
  const total = document.getElementById("weight-total");
  if (total) {
    const inputs = document.querySelectorAll("input[name^='weight/']");
    const update = () => {
      total.value = Array.from(inputs).reduce((sum, input) => sum + (Number(input.value) || 0), 0);
    };
    inputs.forEach((input) => input.addEventListener("input", update));
  }
  const progress = document.getElementById("job-progress");
  if (progress && progress.dataset.events) {
    const source = new EventSource(progress.dataset.events);
    source.addEventListener("progress", (event) => {
      const data = JSON.parse(event.data);
      progress.value = data.progress;
      document.getElementById("job-state").textContent = data.state + " " + Math.round(100 * data.progress) + " %";
      if (["done", "failed", "cancelled"].includes(data.state)) {
        source.close();
        window.location.reload();
      }
    });
  }
});
