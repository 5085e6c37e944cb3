"""The bulk import engine: one file into ``incidents_incident``, inside the caller's transaction.

A package by stage, each small enough to read at once:

* ``engine``: ``import_file``, which recognises the file and picks the way to store it;
* ``reading``: the file streamed and checked row by row (``formats``), good rows handed on;
* ``append``: police.uk crimes not yet held, ``COPY``-ed straight into the table;
* ``merge``: police.uk files overlapping what is held, through a staging table; the rule for
  rows without a Crime ID (anti-social behaviour);
* ``converted``: partnership template and hospital extracts;
* ``coverage``: the months and days each file covers;
* ``counts``: what an import found and did.
"""

from .counts import ImportCounts, ImportOutcome
from .engine import import_file, known_lsoa_codes

__all__ = ["ImportCounts", "ImportOutcome", "import_file", "known_lsoa_codes"]
