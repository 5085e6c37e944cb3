"""Write the Welsh translations in locale/cy/welsh.py into locale/cy/LC_MESSAGES/django.po
(run by `make messages` after makemessages, before compilemessages). Messages the file does not
translate stay empty, so they show in English; the tests list those the board pages need."""

from __future__ import annotations

import re
import runpy
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PO = BASE_DIR / "locale" / "cy" / "LC_MESSAGES" / "django.po"
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(lines: list[str]) -> str:
    """A .po string as the text it stands for (its escapes undone)."""
    quoted = "".join(m.group(1) for line in lines for m in _STRING.finditer(line))
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), quoted)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _as_format(msgid: str, text: str) -> str:
    """Templates write a literal % as %%; the translation must do the same."""
    return re.sub(r"%(?!\()", "%%", text) if "%%" in msgid else text


def fill(po_text: str, welsh: dict[str, str | list[str]]) -> tuple[str, list[str]]:
    blocks = po_text.split("\n\n")
    missing = []
    for i, block in enumerate(blocks):
        lines = block.splitlines()
        keys = [n for n, line in enumerate(lines) if re.match(r"(msgid|msgid_plural|msgstr)", line)]
        if not keys or "msgid" not in lines[keys[0]]:
            continue
        fields: dict[str, list[str]] = {}
        current = ""
        for line in lines[keys[0] :]:
            head = re.match(r"(msgid_plural|msgid|msgstr(?:\[\d\])?) ", line)
            if head:
                current = head.group(1)
                fields[current] = [line[len(current) + 1 :]]
            elif line.startswith('"'):
                fields[current].append(line)
        msgid = _unquote(fields["msgid"])
        if not msgid:
            continue  # the header
        translation = welsh.get(msgid.replace("%%", "%"))
        if translation is None:
            missing.append(msgid)
            continue
        # The comments and msgid lines as makemessages wrote them; only the msgstr is new.
        first_msgstr = next(n for n, line in enumerate(lines) if line.startswith("msgstr"))
        out = lines[:first_msgstr]
        if "msgid_plural" in fields:
            forms = translation if isinstance(translation, list) else [translation] * 4
            out += [f"msgstr[{n}] {_quote(_as_format(msgid, t))}" for n, t in enumerate(forms)]
        else:
            assert isinstance(translation, str), msgid  # noqa: S101
            out.append(f"msgstr {_quote(_as_format(msgid, translation))}")
        blocks[i] = "\n".join(line for line in out if line != "#, fuzzy")
    return "\n\n".join(blocks), missing


def main() -> None:
    welsh = runpy.run_path(str(BASE_DIR / "locale" / "cy" / "welsh.py"))["WELSH"]
    text, missing = fill(PO.read_text(), welsh)
    for old, new in (
        ("Language: ", "Language: cy"),
        ("Project-Id-Version: PACKAGE VERSION", "Project-Id-Version: mkviolence"),
        ("Language-Team: LANGUAGE <LL@li.org>", "Language-Team: Welsh"),
        ("Last-Translator: FULL NAME <EMAIL@ADDRESS>", "Last-Translator: mkviolence"),
        ("PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE", "PO-Revision-Date: 2026-11-23 00:00+0000"),
    ):
        text = text.replace(f'"{old}\\n"', f'"{new}\\n"', 1)
    PO.write_text(text)
    print(f"{PO.relative_to(BASE_DIR)}: {len(missing)} messages left in English", file=sys.stderr)


if __name__ == "__main__":
    main()
