/* Charts of the dashboard: reads <script type="application/json"> blocks, draws with ECharts.
   No HTML tooltips (they would carry inline styles, refused by the CSP): richText mode. */
(function () {
  "use strict";

  function readJson(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function draw(el) {
    var data = readJson(el.getAttribute("data-source"));
    if (!data || !window.echarts) { return; }
    var series = data.series.map(function (s) {
      return { name: s.name, type: "bar", stack: "all", data: s.data, itemStyle: { color: s.colour } };
    });
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: "Noto Sans Arabic, sans-serif" },
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 40, right: 40, top: 40, bottom: 30, containLabel: true },
      xAxis: { type: "category", data: data.months, inverse: !!data.rtl },
      yAxis: { type: "value", minInterval: 1, position: data.rtl ? "right" : "left" },
      series: series
    });
    el.setAttribute("data-rendered", "1");
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function init() {
    var charts = document.querySelectorAll(".chart[data-source]");
    for (var i = 0; i < charts.length; i++) { draw(charts[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
