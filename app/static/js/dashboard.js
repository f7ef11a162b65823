/* The dashboard refreshes its figures every few seconds (data-refresh-seconds) unless the
   visitor pauses it. Without this script the page shows the same figures and an "update"
   link. No eval, no inline code: the Content-Security-Policy forbids both.

   A refresh updates the figures in place (the same elements, new text), so keyboard focus
   and the reading position stay where they were, and the live region announces only the
   totals that changed, nothing when none did. */
(function () {
  "use strict";

  function sameKind(a, b) {
    return a.nodeType === b.nodeType && a.nodeName === b.nodeName;
  }

  function syncAttributes(current, next) {
    var i;
    for (i = current.attributes.length - 1; i >= 0; i -= 1) {
      var name = current.attributes[i].name;
      if (!next.hasAttribute(name)) {
        current.removeAttribute(name);
      }
    }
    for (i = 0; i < next.attributes.length; i += 1) {
      var attribute = next.attributes[i];
      if (current.getAttribute(attribute.name) !== attribute.value) {
        current.setAttribute(attribute.name, attribute.value);
      }
    }
  }

  /* Make the children of ``current`` look like those of ``next``, keeping every node whose
     kind did not change. */
  function significant(node) {
    return Array.prototype.filter.call(node.childNodes, function (child) {
      return child.nodeType === Node.ELEMENT_NODE ||
        (child.nodeType === Node.TEXT_NODE && child.nodeValue.trim() !== "");
    });
  }

  function morphChildren(current, next) {
    var olds = significant(current); // white space between tags is left as it is
    var news = significant(next);
    var i;
    for (i = 0; i < news.length; i += 1) {
      var old = olds[i];
      var fresh = news[i];
      if (!old) {
        current.appendChild(fresh);
      } else if (!sameKind(old, fresh)) {
        current.replaceChild(fresh, old);
      } else if (old.nodeType === Node.ELEMENT_NODE) {
        syncAttributes(old, fresh);
        morphChildren(old, fresh);
      } else if (old.nodeValue !== fresh.nodeValue) {
        old.nodeValue = fresh.nodeValue;
      }
    }
    for (i = news.length; i < olds.length; i += 1) {
      current.removeChild(olds[i]);
    }
  }

  /* The totals (term → figure) shown in ``root``. */
  function totals(root) {
    var found = [];
    var terms = root.querySelectorAll(".dashboard-totals dt");
    for (var i = 0; i < terms.length; i += 1) {
      var value = terms[i].nextElementSibling;
      found.push([terms[i].textContent.trim(), value ? value.textContent.trim() : ""]);
    }
    return found;
  }

  function changes(before, after) {
    var said = [];
    for (var i = 0; i < after.length; i += 1) {
      var previous = before[i];
      if (!previous || previous[0] !== after[i][0] || previous[1] !== after[i][1]) {
        said.push(after[i][0] + ": " + after[i][1]);
      }
    }
    return said;
  }

  function start() {
    var figures = document.getElementById("dashboard-figures");
    var pause = document.getElementById("dashboard-pause");
    var note = document.getElementById("dashboard-paused");
    var status = document.getElementById("dashboard-status");
    if (!figures || !pause || !window.htmx) {
      return;
    }
    var seconds = Number(figures.getAttribute("data-refresh-seconds")) || 30;

    function paused() {
      return pause.getAttribute("aria-pressed") === "true";
    }

    pause.hidden = false;
    pause.addEventListener("click", function () {
      var was = paused();
      pause.setAttribute("aria-pressed", was ? "false" : "true");
      if (note) {
        note.hidden = was;
      }
    });
    figures.addEventListener("htmx:beforeSwap", function (event) {
      if (event.target !== figures) {
        return;
      }
      event.detail.shouldSwap = false; // updated in place below, not replaced
      if (paused() || !event.detail.xhr || event.detail.xhr.status !== 200) {
        return; // a refresh that was on its way when the visitor paused changes nothing
      }
      var next = document.createElement("div");
      next.innerHTML = event.detail.serverResponse;
      var before = totals(figures);
      morphChildren(figures, next);
      var said = changes(before, totals(figures));
      if (status && said.length) {
        status.textContent = (status.getAttribute("data-changed") || "") + " " + said.join("; ") + ".";
      }
    });
    window.setInterval(function () {
      if (!paused() && !document.hidden) {
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
