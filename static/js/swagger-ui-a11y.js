// Fills the gaps Swagger UI leaves for assistive technology, as it draws: a name for each of
// its unlabelled selects, and keyboard access to its scrolling code blocks (WCAG 4.1.2, 2.1.1).
(function () {
  "use strict";
  function mend(root) {
    root.querySelectorAll("select:not([aria-label]):not([id])").forEach(function (select) {
      var label = select.closest("label");
      if (!label) {
        var heading = select.closest(".examples-select, .content-type-wrapper, .response-controls");
        select.setAttribute("aria-label", select.classList.contains("examples-select-element")
          ? "Example" : heading && heading.textContent.trim() ? heading.textContent.trim()
          : "Media type");
      }
    });
    root.querySelectorAll("pre, .highlight-code, .microlight").forEach(function (block) {
      if (!block.hasAttribute("tabindex")) {
        block.setAttribute("tabindex", "0");
        block.setAttribute("role", "region");
        block.setAttribute("aria-label", "Example");
      }
    });
  }
  var target = document.getElementById("swagger-ui");
  new MutationObserver(function () { mend(target); }).observe(target, { childList: true, subtree: true });
})();
