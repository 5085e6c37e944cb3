"""axe-core in every browser test: each page the suite opens is checked against the WCAG 2.0,
2.1 and 2.2 A and AA rules once it has loaded (and its charts have drawn), and again as the test
leaves it. A test whose pages break a rule fails with the rule, the page and the elements.

axe-core comes from the npm registry (package.json; `make browser` installs it). It is injected
by the browser's developer protocol, so the pages keep their strict Content Security Policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parents[2]
AXE_SOURCE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# Runs in every document before its own scripts. The top document checks itself (and its
# frames, which get axe too) shortly after `load`, once deferred scripts have drawn the charts.
_RUNNER = """
(() => {
  if (window.top !== window) return;
  const options = {runOnly: {type: 'tag', values: %(tags)s}, resultTypes: ['violations']};
  let queue = Promise.resolve([]);
  const summary = (result) => result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary),
  }));
  window.__mkvAxeRun = () => (queue = queue.catch(() => []).then(() =>
    window.axe.run(document, options).then(summary)));
  window.addEventListener('load', () => setTimeout(() => {
    const url = location.href;
    window.__mkvAxeRun().then((found) => window.__mkvAxeReport(url, found), () => {});
  }, 250));
})();
"""


def axe_source() -> str:
    if not AXE_SOURCE.exists():
        raise RuntimeError(f"No axe-core at {AXE_SOURCE}: run `make browser` (see README).")
    return AXE_SOURCE.read_text()


class AxeWatch:
    """Collects axe-core violations from every page a browser context loads."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.found: dict[tuple[str, str], dict[str, Any]] = {}
        context.expose_binding("__mkvAxeReport", lambda _source, url, found: self.add(url, found))
        context.add_init_script(script=axe_source() + _RUNNER % {"tags": WCAG_TAGS})

    def add(self, url: str, violations: list[dict[str, Any]]) -> None:
        for violation in violations:
            self.found.setdefault((url, violation["id"]), violation)

    def check_now(self, page: Any) -> list[dict[str, Any]]:
        """Check the page as it is now (after the test's clicks); returns its violations."""
        if page.is_closed() or not page.url.startswith("http"):
            return []
        try:
            found = page.evaluate("window.__mkvAxeRun ? window.__mkvAxeRun() : []")
        except Exception as error:  # the page navigated away while axe ran: checked on load
            if "context was destroyed" in str(error) or "Target" in str(error):
                return []
            raise
        self.add(page.url, found)
        return found

    def report(self) -> str:
        lines = []
        for (url, rule), violation in sorted(self.found.items()):
            lines.append(f"{url}: {rule} ({violation['impact']}) {violation['help']}")
            lines += [f"    {node}" for node in violation["nodes"]]
        return "\n".join(lines)
