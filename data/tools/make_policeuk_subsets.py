"""Make the police.uk subsets in data/policeuk/ from the full published files.

Usage: python data/tools/make_policeuk_subsets.py SOURCE_DIR
(SOURCE_DIR holds the data.police.uk street files named below.) Keeps the header and, byte for
byte, every row in a Milton Keynes LSOA (2011 or 2021 code) plus every 40th other row with a
location and every 20th row without one, so the subset has the real mix of other areas,
"No location" and ASB rows.
Run once by a developer; nothing in the product or its tests runs it.
"""

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
FILES = [
    "2018-10-thames-valley-street.csv",
    "2018-11-thames-valley-street.csv",
    "2018-12-thames-valley-street.csv",
    "2019-01-thames-valley-street.csv",
    "2019-01-bedfordshire-street.csv",
    "2019-01-northamptonshire-street.csv",
    # From about 2023 police.uk files carry LSOA 2021 codes.
    "2025-01-thames-valley-street.csv",
    "2025-02-thames-valley-street.csv",
]


def main(source: Path) -> None:
    with open(HERE / "geography" / "mk_lsoa11_to_ward2019.csv", newline="") as f:
        mk = {row["LSOA11CD"] for row in csv.DictReader(f)}
    with open(HERE / "geography" / "mk_lsoa21_to_lsoa11.csv", newline="") as f:
        mk |= {row["LSOA21CD"] for row in csv.DictReader(f)}
    for name in FILES:
        lines = (source / name).read_bytes().splitlines(keepends=True)
        kept = [lines[0]]
        other = no_location = 0
        for line in lines[1:]:
            row = next(csv.reader([line.decode("utf-8")]))
            if row[7] in mk:
                kept.append(line)
            elif row[7] == "":
                no_location += 1
                if no_location % 20 == 0:
                    kept.append(line)
            else:
                other += 1
                if other % 40 == 0:
                    kept.append(line)
        (HERE / "policeuk" / name.replace(".csv", "-mk-subset.csv")).write_bytes(b"".join(kept))
        print(f"{name}: kept {len(kept) - 1} of {len(lines) - 1} rows")  # noqa: T201


if __name__ == "__main__":
    main(Path(sys.argv[1]))
