/* The group–country–target graph of /network (ECharts graph series, force layout).
   Node size follows the incident count; clicking a group node opens its page.
   Layout starts from a circle and runs without animation, so it settles at once. */
(function () {
  "use strict";

  var COLOURS = ["#c0392b", "#1f77b4", "#2ca02c"];

  function readJson(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function tooltip(data) {
    return function (p) {
      if (p.dataType === "edge") {
        var a = data.nodes[p.data.source], b = data.nodes[p.data.target];
        return a.name + " — " + b.name + ": " + p.data.value;
      }
      return p.data.name + " (" + p.data.kind + ")\n" + data.labels.incidents + ": " + p.data.value;
    };
  }

  function draw(el) {
    var data = readJson(el.getAttribute("data-source"));
    if (!data || !window.echarts) { return; }
    var biggest = 1;
    data.links.forEach(function (l) { if (l.value > biggest) { biggest = l.value; } });
    var links = data.links.map(function (l) {
      return {
        source: l.source, target: l.target, value: l.value,
        lineStyle: { width: 1 + 5 * Math.sqrt(l.value / biggest), opacity: 0.6 }
      };
    });
    var nodes = data.nodes.map(function (n) {
      return {
        id: n.id, name: n.name, value: n.value, kind: n.kind, url: n.url,
        category: n.category, symbolSize: n.symbolSize,
        label: { show: n.category === 0 || n.symbolSize >= 20 },
        cursor: n.url ? "pointer" : "default"
      };
    });
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      color: COLOURS,
      textStyle: { fontFamily: "Noto Sans Arabic, sans-serif" },
      tooltip: { renderMode: "richText", confine: true, formatter: tooltip(data) },
      legend: { top: 0, data: data.categories.map(function (c) { return c.name; }) },
      series: [{
        type: "graph",
        layout: "force",
        top: 40,
        roam: true,
        draggable: true,
        categories: data.categories,
        data: nodes,
        links: links,
        label: { position: "right", fontSize: 11 },
        emphasis: { focus: "adjacency" },
        force: {
          initLayout: "circular",
          repulsion: 180,
          edgeLength: [40, 140],
          gravity: 0.08,
          layoutAnimation: false
        }
      }]
    });
    chart.on("click", function (p) {
      if (p.dataType === "node" && p.data && p.data.url && p.data.url.charAt(0) === "/") {
        window.location.assign(p.data.url);
      }
    });
    el.setAttribute("data-rendered", "1");
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function init() {
    var el = document.getElementById("network-graph");
    if (el) { draw(el); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
