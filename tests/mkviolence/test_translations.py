"""Every string a person reads is marked for translation: in every template, text outside the
translation tags, and the readable attributes (alt, title, aria-label, placeholder), are only
template variables or punctuation. The Welsh catalogue holds every message the pages use and is
compiled (the .mo beside the .po is what msgfmt makes of it)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((BASE_DIR / "templates").rglob("*.html")) + sorted(
    (BASE_DIR / "templates").rglob("*.txt")
)
CATALOGUE = BASE_DIR / "locale" / "cy" / "LC_MESSAGES" / "django.po"

_DROP = [
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S),
    re.compile(r"\{%\s*trans(?:late)?\s.*?%\}", re.S),
    re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I),
    re.compile(r"\{%\s*block body_class\s*%\}.*?\{%\s*endblock\s*%\}", re.S),  # CSS classes
    re.compile(r"\bmkviolence\b"),  # the product's name is the same in every language
]
_READABLE_ATTRIBUTE = re.compile(r'\b(alt|title|aria-label|placeholder)="([^"]*)"', re.I)
_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
_HTML = re.compile(r"<[^>]*>", re.S)
_ENTITY = re.compile(r"&[#\w]+;")
_WORD = re.compile(r"[A-Za-z]{2,}")


def untranslated(source: str) -> list[str]:
    """Readable text in a template that no translation tag covers."""
    for pattern in _DROP:
        source = pattern.sub(" ", source)
    found = [
        value
        for _, value in _READABLE_ATTRIBUTE.findall(source)
        if _WORD.search(_TAG.sub(" ", value))
    ]
    text = _ENTITY.sub(" ", _HTML.sub(" ", _TAG.sub(" ", source)))
    found += [line.strip() for line in text.splitlines() if _WORD.search(line)]
    return found


def test_the_checker_finds_text_outside_translation_tags():
    assert untranslated('<p>{% translate "Overview" %}</p><p>{{ page.title }}</p>') == []
    assert untranslated("<p>Overview</p>") == ["Overview"]
    assert untranslated('<a title="Edit {{ x }}">{% translate "Go" %}</a>') == ["Edit {{ x }}"]
    assert untranslated("{% blocktranslate %}In {{ area }}{% endblocktranslate %}") == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_every_template_string_is_marked_for_translation(template):
    assert untranslated(template.read_text()) == []


# The pages board members read (issue 14): their every message has a Welsh translation.
BOARD_PAGES = (
    "templates/dashboard/",
    "templates/base.html",
    "templates/registration/",
    "templates/403.html",
    "templates/404.html",
    "templates/no_role.html",
    "templates/admin_refused.html",
    "dashboard/",
    "mkviolence/",
)


def test_every_message_of_the_board_pages_is_in_welsh():
    entries = CATALOGUE.read_text().split("\n\n")[1:]
    board = [e for e in entries if any(f"#: {p}" in e or f" {p}" in e for p in BOARD_PAGES)]
    assert len(board) > 150
    empty = [
        e
        for e in board
        if re.search(r'^msgstr(\[0\])? ""$', e, re.M)
        and not re.search(r'^msgstr(\[0\])? ""\n"', e, re.M)
    ]
    assert empty == []
    assert [e for e in board if "#, fuzzy" in e] == []  # msgfmt would leave these in English


def test_the_welsh_catalogue_is_compiled(tmp_path):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext's msgfmt is needed (apt-get install gettext)"
    compiled = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check-format", "-o", str(compiled), str(CATALOGUE)], check=True)
    assert compiled.read_bytes() == CATALOGUE.with_suffix(".mo").read_bytes(), (
        "locale/cy is not compiled: run `make messages`"
    )
