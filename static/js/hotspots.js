// The hot-spot map's key: each class is a toggle button. Pressed classes stay in full colour
// and the rest of the map fades, so a reader (mouse, keyboard or touch) can pick out, say, the
// hot spots at 99% confidence; a live region says what the map now shows. No inline script.
(function () {
  "use strict";
  var FADED = 0.15;

  function apply(target) {
    var el = document.getElementById(target);
    var buttons = document.querySelectorAll('[data-hot-spot-map="' + target + '"]');
    var chosen = [];
    var names = [];
    buttons.forEach(function (b) {
      if (b.getAttribute("aria-pressed") === "true") {
        chosen.push(b.dataset.hotSpotClass);
        names.push(b.querySelector(".hot-spot-legend__label").textContent);
      }
    });
    var status = document.querySelector('[data-hot-spot-status="' + target + '"]');
    if (status) {
      status.textContent = chosen.length
        ? (status.dataset.picked || "Picked out:") + " " + names.join(", ")
        : (status.dataset.all || "Every class shown.");
    }
    if (!el || !el.data || typeof Plotly === "undefined") return;
    var indices = [];
    var opacity = [];
    el.data.forEach(function (trace, index) {
      indices.push(index);
      opacity.push(!chosen.length || chosen.indexOf(trace.meta) !== -1 ? 1 : FADED);
    });
    Plotly.restyle(el, { opacity: opacity }, indices);
  }

  document.querySelectorAll("[data-hot-spot-class]").forEach(function (button) {
    button.addEventListener("click", function () {
      var pressed = button.getAttribute("aria-pressed") === "true";
      button.setAttribute("aria-pressed", pressed ? "false" : "true");
      apply(button.dataset.hotSpotMap);
    });
  });
})();
