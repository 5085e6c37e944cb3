// Draws every chart on the page from the JSON beside it, and wires the PNG, print and filter
// controls. No inline script and no string evaluation, so the pages run under a strict
// Content Security Policy (a partial Plotly bundle without eval, served by the site itself).
(function () {
  "use strict";
  var CONFIG = {
    responsive: true,
    // No mode bar: its buttons would be controls inside the chart's image role, which a
    // keyboard cannot use; the "Chart as PNG" button and the data table stand in for it.
    displayModeBar: false,
  };

  // Month and day names on the axes in the page's language (plotly.js ships no Welsh).
  if (typeof Plotly !== "undefined") Plotly.register({
    moduleType: "locale", name: "cy", dictionary: {},
    format: {
      days: ["Dydd Sul", "Dydd Llun", "Dydd Mawrth", "Dydd Mercher", "Dydd Iau", "Dydd Gwener",
        "Dydd Sadwrn"],
      shortDays: ["Sul", "Llun", "Maw", "Mer", "Iau", "Gwe", "Sad"],
      months: ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst",
        "Medi", "Hydref", "Tachwedd", "Rhagfyr"],
      shortMonths: ["Ion", "Chwef", "Maw", "Ebr", "Mai", "Meh", "Gorff", "Awst", "Medi", "Hyd",
        "Tach", "Rhag"],
      date: "%d/%m/%Y",
    },
  });
  CONFIG.locale = document.documentElement.lang === "cy" ? "cy" : "en";

  // Charts that change move to their new shape at once when the reader asks for less motion.
  var REDUCED_MOTION = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function draw(el) {
    var source = document.getElementById(el.dataset.chart);
    if (!source || typeof Plotly === "undefined") return;
    var figure = JSON.parse(source.textContent);
    if (REDUCED_MOTION) figure.layout.transition = { duration: 0 };
    var config = Object.assign({}, CONFIG, {
      toImageButtonOptions: { format: "png", filename: el.id, scale: 2 },
    });
    Plotly.newPlot(el, figure.data, figure.layout, config).then(function () {
      el.dataset.rendered = "true";
    });
  }

  function downloadPng(button) {
    var el = document.getElementById(button.dataset.pngFor);
    if (!el || !el.dataset.rendered) return;
    Plotly.downloadImage(el, {
      format: "png", filename: button.dataset.filename || el.id, scale: 2,
      width: el.clientWidth, height: el.clientHeight,
    }).then(function () {
      button.focus();  // Plotly's download drops focus to the page; keep the keyboard's place
    });
  }

  document.querySelectorAll("[data-chart]").forEach(draw);
  document.querySelectorAll("[data-png-for]").forEach(function (button) {
    button.addEventListener("click", function () { downloadPng(button); });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  // Filters apply with the Apply button (or Enter), never on change alone: choosing with the
  // arrow keys must not leave the page (WCAG 3.2.2). They go to a clean URL (defaults left
  // out) that can be bookmarked or shared; without JavaScript the form sends every field.
  document.querySelectorAll("form[data-clean-query]").forEach(function (form) {
    function go(event) {
      var path = window.location.pathname;
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, key) {
        var field = form.elements[key];
        var option = field && field.selectedOptions && field.selectedOptions[0];
        if (field && field.hasAttribute && field.hasAttribute("data-navigate") && option) {
          path = option.dataset.url;  // the measure is part of the path
        } else if (value && !(field && field.dataset && field.dataset.default === value)) {
          params.append(key, value);  // defaults are left out, as the server writes links
        }
      });
      event.preventDefault();
      var query = params.toString();
      window.location.assign(path + (query ? "?" + query : ""));
    }
    form.addEventListener("submit", go);
  });
  // Charts redraw at print width.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("[data-chart][data-rendered]").forEach(function (el) {
      Plotly.Plots.resize(el);
    });
  });
})();
