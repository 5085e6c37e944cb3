// Live progress for one import batch: poll its status until it finishes, then reload for the
// full report. No inline script, so the page runs under a strict Content Security Policy.
(function () {
  "use strict";
  var panel = document.getElementById("import-status");
  if (!panel || panel.dataset.finished === "true") return;
  var url = panel.dataset.statusUrl;
  var bar = panel.querySelector("progress");
  var fmt = new Intl.NumberFormat("en-GB");

  function update(s) {
    bar.value = s.progress;
    bar.textContent = s.progress + "%";
    ["read", "stored", "updated", "duplicates", "replaced", "rejected"].forEach(function (k) {
      var el = panel.querySelector('[data-field="' + k + '"]');
      if (el) el.textContent = fmt.format(s[k]);
    });
    var label = panel.querySelector('[data-field="status_label"]');
    label.textContent = s.status_label;
    label.className = "badge badge--" + s.status;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        update(s);
        if (s.finished) { window.location.reload(); } else { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
