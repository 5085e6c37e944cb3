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
    ["read", "stored", "updated", "duplicates", "replaced", "rejected", "outside_uk"].forEach(function (k) {
      var el = panel.querySelector('[data-field="' + k + '"]');
      if (el) el.textContent = fmt.format(s[k]);
    });
    var label = panel.querySelector('[data-field="status_label"]');
    label.textContent = s.status_label;
    label.className = "badge badge--" + s.status;
    // An archive: each street file's row in the table of members.
    (s.members || []).forEach(function (m) {
      var row = document.querySelector('tr[data-member="' + m.id + '"]');
      if (!row) return;
      ["read", "stored", "rejected", "outside_uk"].forEach(function (k) {
        var cell = row.querySelector('[data-field="' + k + '"]');
        if (cell) cell.textContent = fmt.format(m[k]);
      });
      var badge = row.querySelector('[data-field="status_label"]');
      if (badge) { badge.textContent = m.status_label; badge.className = "badge badge--" + m.status; }
    });
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
