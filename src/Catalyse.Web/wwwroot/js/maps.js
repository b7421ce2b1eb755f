// Catalyse maps: progressive enhancement of <div data-map>. Works without a tile layer
// (outlines and markers only); a deployment may set a tile URL (data-tiles).
(function () {
  "use strict";
  function baseMap(el) {
    var map = L.map(el, { scrollWheelZoom: false, attributionControl: true });
    var tiles = el.getAttribute("data-tiles");
    if (tiles) L.tileLayer(tiles, { maxZoom: 18, attribution: el.getAttribute("data-tiles-attribution") || "" }).addTo(map);
    map.attributionControl.addAttribution("IGN Admin Express, Etalab — Licence Ouverte");
    return map;
  }
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }
  function pointsMap(el) {
    var data = JSON.parse(document.getElementById(el.getAttribute("data-points-id")).textContent || "[]");
    el.innerHTML = "";
    var map = baseMap(el);
    fetch("/geo/regions.geojson").then(function (r) { return r.json(); }).then(function (fc) {
      L.geoJSON(fc, { style: { color: "#6b7680", weight: 1, fillColor: "#ffffff", fillOpacity: 0.8 }, interactive: false }).addTo(map).bringToBack();
    }).catch(function () { /* markers alone */ });
    var bounds = [];
    data.forEach(function (p) {
      var m = L.circleMarker([p.lat, p.lon], { radius: 9, color: "#0b5c4a", weight: 2, fillOpacity: 0.6 }).addTo(map);
      m.bindPopup('<a href="' + escapeHtml(p.url) + '">' + escapeHtml(p.name) + "</a>");
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length > 1) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 8 }); else if (bounds.length) map.setView(bounds[0], 8); else map.setView([46.6, 2.4], 5);
  }
  function geojsonMap(el) {
    var url = el.getAttribute("data-geojson");
    fetch(url, { headers: { Accept: "application/geo+json" } }).then(function (r) { return r.json(); }).then(function (fc) {
      el.innerHTML = "";
      var map = baseMap(el);
      var deps = L.geoJSON({ type: "FeatureCollection", features: fc.features.filter(function (f) { return f.properties.kind === "departement"; }) },
        { style: { color: "#6b7680", weight: 1, fill: false, dashArray: "4" }, interactive: false }).addTo(map);
      var communes = L.geoJSON({ type: "FeatureCollection", features: fc.features.filter(function (f) { return f.properties.kind === "commune"; }) }, {
        style: { color: "#0b5c4a", weight: 1, fillColor: "#2a9d7c", fillOpacity: 0.35 },
        pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 4, color: "#0b5c4a", weight: 1, fillOpacity: 0.7 }); },
        onEachFeature: function (f, layer) { layer.bindTooltip(escapeHtml(f.properties.name) + " (" + escapeHtml(f.properties.code) + ")"); }
      }).addTo(map);
      var b = communes.getBounds();
      if (b.isValid()) map.fitBounds(b, { padding: [10, 10] }); else if (deps.getBounds().isValid()) map.fitBounds(deps.getBounds());
      else map.setView([46.6, 2.4], 5);
    }).catch(function () { /* the fallback text stays */ });
  }
  // Directory map: asks the server for the visible box only; clusters come computed per zoom.
  function entriesMap(el) {
    el.innerHTML = "";
    var map = baseMap(el);
    fetch("/geo/regions.geojson").then(function (r) { return r.json(); }).then(function (fc) {
      L.geoJSON(fc, { style: { color: "#6b7680", weight: 1, fillColor: "#ffffff", fillOpacity: 0.8 }, interactive: false }).addTo(map).bringToBack();
    }).catch(function () { });
    var layer = L.layerGroup().addTo(map);
    var source = el.getAttribute("data-source"), query = el.getAttribute("data-query") || "", base = el.getAttribute("data-base");
    var first = true, seq = 0, touched = false;
    // The list beside the map follows it once the person moves the map (not when it first fits the entries).
    ["mousedown", "touchstart", "wheel", "keydown"].forEach(function (t) { el.addEventListener(t, function () { touched = true; }, { passive: true }); });
    var follow = document.getElementById("follow-map");
    if (follow) document.getElementById("follow-map-option").hidden = false;
    function followList(bbox) {
      if (!touched || !follow || !follow.checked || typeof htmx === "undefined") return;
      var url = base + "?" + (query ? query + "&" : "") + bbox.replace(/&$/, "");
      htmx.ajax("GET", url, { target: "#directory-results", select: "#directory-results", swap: "outerHTML" });
    }
    function load() {
      var n = ++seq, bbox = "";
      if (!first) {
        var b = map.getBounds();
        bbox = "bbox=" + [Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()), Math.min(180, b.getEast()), Math.min(90, b.getNorth())]
          .map(function (x) { return x.toFixed(5); }).join(",") + "&";
      }
      var url = source + "?" + (query ? query + "&" : "") + bbox + "zoom=" + (first ? 9 : map.getZoom());
      if (!first) followList(bbox);
      fetch(url).then(function (r) { return r.json(); }).then(function (data) {
        if (n !== seq) return;
        layer.clearLayers();
        var bounds = [];
        data.cells.forEach(function (c) {
          bounds.push([c[0], c[1]]);
          if (c[2] > 1) {
            var size = Math.min(56, 26 + Math.log(c[2]) * 5);
            L.marker([c[0], c[1]], { icon: L.divIcon({ className: "cluster", html: String(c[2]), iconSize: [size, size] }), keyboard: false })
              .on("click", function () { map.setView([c[0], c[1]], Math.min(map.getZoom() + 2, 18)); }).addTo(layer);
          } else {
            var m = L.circleMarker([c[0], c[1]], { radius: 7, color: "#0b5c4a", weight: 2, fillOpacity: 0.7 }).addTo(layer);
            if (c[3]) m.bindPopup('<a href="' + base + "/" + c[3] + '">' + escapeHtml(c[4] || "") + "</a>");
          }
        });
        if (first) {
          first = false;
          if (bounds.length > 1) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 13 });
          else if (bounds.length) map.setView(bounds[0], 12); else map.setView([46.6, 2.4], 5);
          map.on("moveend", load);
        }
      }).catch(function () { });
    }
    load();
  }
  document.querySelectorAll("[data-map]").forEach(function (el) {
    if (typeof L === "undefined") return;
    var kind = el.getAttribute("data-map");
    if (kind === "points") pointsMap(el); else if (kind === "entries") entriesMap(el); else geojsonMap(el);
  });
})();
