/* The feedback form's map: with JavaScript, and only when the page offers one (a tile server is
   configured), it loads Leaflet from our own copy and lets the person point at the place; the
   latitude and longitude fields, which work without it, are filled in. Clicking or tapping
   marks a point; by keyboard, the arrows move the map, + and - zoom, and Enter or Space marks
   its centre. Typing coordinates moves the mark. No inline code or style: the
   Content-Security-Policy forbids both. */
(function () {
  "use strict";

  var DECIMALS = 6;

  function number(text) {
    var value = Number(String(text || "").trim().replace(",", "."));
    return String(text || "").trim() === "" || !isFinite(value) ? null : value;
  }

  function escapeText(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  function draw(box, latitude, longitude) {
    var L = window.L;
    var canvas = document.getElementById("place-map-canvas");
    var status = document.getElementById("place-map-status");
    var data = function (name) {
      return box.getAttribute("data-" + name) || "";
    };
    box.hidden = false;
    var map = L.map(canvas, { zoomControl: false, attributionControl: false });
    L.control.zoom({ zoomInTitle: data("zoom-in"), zoomOutTitle: data("zoom-out") }).addTo(map);
    var credits = L.control.attribution({ prefix: '<a href="https://leafletjs.com">Leaflet</a>' });
    if (data("attribution")) {
      credits.addAttribution(escapeText(data("attribution")));
    }
    credits.addTo(map);
    L.tileLayer(data("tiles"), { maxZoom: 19 }).addTo(map);
    var marker = null;

    function mark(lat, lng) {
      if (marker) {
        marker.setLatLng([lat, lng]);
      } else {
        marker = L.marker([lat, lng], { alt: data("marker"), keyboard: false, interactive: false });
        marker.addTo(map);
      }
    }

    function typed() {
      var lat = number(latitude.value);
      var lng = number(longitude.value);
      if (lat === null || lng === null || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
        return null;
      }
      return [lat, lng];
    }

    function choose(latlng) {
      var point = latlng.wrap();
      var lat = point.lat.toFixed(DECIMALS);
      var lng = point.lng.toFixed(DECIMALS);
      latitude.value = lat;
      longitude.value = lng;
      mark(point.lat, point.lng);
      status.textContent = data("chosen").replace("{lat}", lat).replace("{lng}", lng);
    }

    var start = typed();
    var bounds = data("bounds").split(",").map(Number);
    if (start) {
      map.setView(start, 17);
      mark(start[0], start[1]);
    } else if (bounds.length === 4 && bounds.every(isFinite)) {
      map.fitBounds([[bounds[0], bounds[1]], [bounds[2], bounds[3]]], { maxZoom: 16 });
    } else {
      map.setView([0, 0], 2);
    }

    map.on("click", function (event) {
      choose(event.latlng);
    });
    canvas.addEventListener("keydown", function (event) {
      if (event.target === canvas && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault(); // neither send the form nor scroll the page
        choose(map.getCenter());
      }
    });
    [latitude, longitude].forEach(function (field) {
      field.addEventListener("change", function () {
        var point = typed();
        if (point) {
          mark(point[0], point[1]);
          map.panTo(point);
        } else if (marker && !latitude.value.trim() && !longitude.value.trim()) {
          marker.remove();
          marker = null;
        }
      });
    });
  }

  function start() {
    var box = document.getElementById("place-map");
    var latitude = document.getElementById("latitud");
    var longitude = document.getElementById("longitud");
    if (!box || !latitude || !longitude) {
      return;
    }
    // The map is drawn once both the stylesheet (its sizes) and the script have loaded.
    var folder = box.getAttribute("data-leaflet");
    var waiting = 2;
    var loaded = function () {
      waiting -= 1;
      if (waiting === 0) {
        draw(box, latitude, longitude);
      }
    };
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = folder + "leaflet.css";
    style.addEventListener("load", loaded);
    document.head.appendChild(style);
    var script = document.createElement("script");
    script.src = folder + "leaflet.js";
    script.addEventListener("load", loaded);
    document.head.appendChild(script);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
