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
  document.querySelectorAll("[data-map]").forEach(function (el) {
    if (typeof L === "undefined") return;
    if (el.getAttribute("data-map") === "points") pointsMap(el); else geojsonMap(el);
  });
})();
