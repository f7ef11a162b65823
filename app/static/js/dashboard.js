/* The dashboard refreshes its figures every few seconds (data-refresh-seconds) unless the
   visitor pauses it. Without this script the page shows the same figures and an "update"
   link. No eval, no inline code: the Content-Security-Policy forbids both. */
(function () {
  "use strict";

  function start() {
    var figures = document.getElementById("dashboard-figures");
    var pause = document.getElementById("dashboard-pause");
    var note = document.getElementById("dashboard-paused");
    if (!figures || !pause || !window.htmx) {
      return;
    }
    var seconds = Number(figures.getAttribute("data-refresh-seconds")) || 30;
    pause.hidden = false;
    pause.addEventListener("click", function () {
      var paused = pause.getAttribute("aria-pressed") === "true";
      pause.setAttribute("aria-pressed", paused ? "false" : "true");
      if (note) {
        note.hidden = paused;
      }
    });
    window.setInterval(function () {
      if (pause.getAttribute("aria-pressed") !== "true" && !document.hidden) {
        window.htmx.trigger(figures, "refresh");
      }
    }, seconds * 1000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
