// Draws the page's Plotly figures (each a JSON in a data-figure attribute), keeps the 100-point total, follows
// a job's progress and a live session's events (the page reloads when the session changes), counts down.
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
  const live = document.getElementById("live");
  if (live && live.dataset.events) {
    // EventSource resumes after the last event id it saw when it reconnects; the page holds the rest.
    const source = new EventSource(live.dataset.events);
    const changed = (event) => {
      const data = JSON.parse(event.data);
      const key = data.moves === undefined ? data.state : data.state + "/" + data.moves + "/" + data.events;
      if (event.type === "end" || key !== live.dataset.key) {
        source.close();
        window.location.reload();
      }
    };
    source.addEventListener("state", changed);
    source.addEventListener("end", changed);
  }
  const timers = document.querySelectorAll("[data-seconds]");
  if (timers.length) {
    const started = Date.now();
    setInterval(() => {
      for (const timer of timers) {
        const left = Math.max(0, Number(timer.dataset.seconds) - Math.floor((Date.now() - started) / 1000));
        timer.textContent = timer.id === "time-left" ? Math.floor(left / 60) + " min " + (left % 60) + " s" : left + " s";
      }
    }, 1000);
  }
});
