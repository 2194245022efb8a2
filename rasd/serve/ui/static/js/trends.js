/* Trend charts of /trends: reads <script type="application/json"> blocks, draws with ECharts.
   kind "bar": stacked incident counts per key; kind "line": killed and wounded.
   No HTML tooltips (they would carry inline styles, refused by the CSP): richText mode. */
(function () {
  "use strict";

  function readJson(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function seriesOf(data) {
    var line = data.kind === "line";
    return data.series.map(function (s) {
      var item = { name: s.name, type: line ? "line" : "bar", data: s.data };
      if (!line) { item.stack = "all"; }
      if (line) { item.showSymbol = data.labels.length < 60; }
      if (s.colour) { item.itemStyle = { color: s.colour }; item.lineStyle = { color: s.colour }; }
      return item;
    });
  }

  function draw(el) {
    var data = readJson(el.getAttribute("data-source"));
    if (!data || !window.echarts) { return; }
    var many = data.labels.length > 40;
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: "Noto Sans Arabic, sans-serif" },
      tooltip: { trigger: "axis", renderMode: "richText", confine: true },
      legend: { type: "scroll", top: 0 },
      grid: { left: 40, right: 40, top: 40, bottom: many ? 60 : 30, containLabel: true },
      xAxis: { type: "category", data: data.labels, inverse: !!data.rtl },
      yAxis: { type: "value", minInterval: 1, position: data.rtl ? "right" : "left" },
      dataZoom: many ? [{ type: "inside" }, { type: "slider", bottom: 10 }] : [],
      series: seriesOf(data)
    });
    el.setAttribute("data-rendered", "1");
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function init() {
    var charts = document.querySelectorAll(".achart[data-source]");
    for (var i = 0; i < charts.length; i++) { draw(charts[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
