"""Run every benchmark: `python -m bench [NAME ...]` (names: import, trends, pages, api; and
national, loadtest, scale, run only when named)."""

import sys

from bench import (
    api_bench,
    import_bench,
    load_test,
    national_bench,
    pages_bench,
    scale_bench,
    trends_bench,
)

BENCHES = {
    "import": import_bench.main,
    "trends": trends_bench.main,
    "pages": pages_bench.main,
    "api": api_bench.main,
}
# Not part of `make bench`: `make loadtest` (it adds and removes a million rows) and
# `make bench-national` (police.uk archives of every force: about 20 minutes).
EXTRA = {
    "loadtest": load_test.main,
    "national": national_bench.main,
    "scale": scale_bench.main,
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHES)
    for name in names:
        {**BENCHES, **EXTRA}[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
