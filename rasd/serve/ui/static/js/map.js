/* Incident map: Leaflet, no tile server. Countries come from the vendored world-atlas
   TopoJSON (converted in the browser with topojson-client); incidents are circle markers
   sized by casualties and coloured by type, grouped by a simple pixel-grid clustering
   that is recomputed on zoom. Popups are built as DOM nodes (text only, never innerHTML). */
(function () {
  "use strict";

  var GRID = 40; // cluster cell size in pixels

  function readJson(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) { el.className = cls; }
    return el;
  }

  function popupFor(points, labels, rtl) {
    var box = document.createElement("div");
    box.className = "map-popup";
    box.setAttribute("dir", rtl ? "rtl" : "ltr");
    if (points.length > 1) {
      box.appendChild(text("p", points.length + " " + labels.cluster));
    }
    var list = document.createElement("ul");
    points.slice(0, 20).forEach(function (p) {
      var li = document.createElement("li");
      var a = text("a", p.label + " — " + p.place, "");
      a.href = p.url;
      a.setAttribute("aria-label", labels.open + ": " + p.label);
      li.appendChild(a);
      li.appendChild(text("div", p.date + " · " + labels.killed + ": " + p.killed + " · " +
        labels.wounded + ": " + p.wounded, "meta"));
      list.appendChild(li);
    });
    box.appendChild(list);
    return box;
  }

  function cluster(map, points) {
    var cells = {};
    points.forEach(function (p) {
      var px = map.latLngToLayerPoint([p.lat, p.lon]);
      var key = Math.floor(px.x / GRID) + ":" + Math.floor(px.y / GRID);
      (cells[key] = cells[key] || []).push(p);
    });
    return Object.keys(cells).sort().map(function (k) { return cells[k]; });
  }

  function drawMarkers(map, layer, data) {
    layer.clearLayers();
    cluster(map, data.points).forEach(function (group) {
      var lat = 0, lon = 0, r = 0;
      group.forEach(function (p) { lat += p.lat; lon += p.lon; r = Math.max(r, p.r); });
      lat /= group.length;
      lon /= group.length;
      var first = group[0];
      var radius = group.length > 1 ? Math.min(34, r + 2 * Math.sqrt(group.length)) : first.r;
      var marker = L.circleMarker([lat, lon], {
        radius: radius,
        color: group.length > 1 ? "#0d2538" : "#ffffff",
        weight: group.length > 1 ? 2 : 1,
        fillColor: first.colour,
        fillOpacity: 0.8,
        className: group.length > 1 ? "incident-cluster" : "incident-marker"
      });
      marker.bindPopup(popupFor(group, data.labels, data.rtl), { maxHeight: 260 });
      marker.addTo(layer);
    });
  }

  function drawCountries(map, url) {
    return fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (topo) {
        var geo = window.topojson.feature(topo, topo.objects.countries);
        L.geoJSON(geo, {
          pane: "countries",
          interactive: false,
          style: function () {
            return { color: "#8a9bab", weight: 0.7, fillColor: "#f2efe6", fillOpacity: 1 };
          }
        }).addTo(map);
      });
  }

  function init(el) {
    var data = readJson(el.getAttribute("data-source"));
    if (!data || !window.L || !window.topojson) { return; }
    var map = L.map(el, {
      center: [25, 25],
      zoom: 2,
      minZoom: 1,
      maxZoom: 10,
      worldCopyJump: false,
      attributionControl: false,
      preferCanvas: false
    });
    map.createPane("countries");
    map.getPane("countries").style.zIndex = 350;
    var markers = L.layerGroup().addTo(map);
    if (data.points.length) {
      var bounds = L.latLngBounds(data.points.map(function (p) { return [p.lat, p.lon]; }));
      map.fitBounds(bounds.pad(0.3), { maxZoom: 5 });
    }
    drawMarkers(map, markers, data);
    map.on("zoomend", function () { drawMarkers(map, markers, data); });
    drawCountries(map, data.topology).then(function () {
      el.setAttribute("data-rendered", "1");
    }, function () {
      el.setAttribute("data-rendered", "error");
    });
  }

  function start() {
    var maps = document.querySelectorAll(".map[data-source]");
    for (var i = 0; i < maps.length; i++) { init(maps[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
