"""``academy i18n``: how complete each translation is, and the extraction that feeds the catalogue.

``academy i18n report`` prints, per language, the share of source strings translated and any
translation whose placeholders differ from its English source; ``--check`` makes it exit 1 when
English or Turkish is incomplete, the extracted ``academy.pot`` is out of date with the code, or a
placeholder differs (what CI runs). ``academy i18n extract`` is ``pybabel extract`` + ``pybabel
update`` with the academy's settings (``make i18n-extract`` does the same with pybabel itself).

The catalogue's source strings come from ``babel.cfg`` at the repository root. This module also
holds :func:`extract_notebook`, the Babel extractor ``babel.cfg`` names for Voilà dashboards kept
as notebooks.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_python
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import write_po

from foundation.i18n import (
    LANGUAGES,
    LOCALE_DIR,
    TEMPLATE_FILE,
    CatalogueStatistics,
    _load,
    catalogue_path,
    completeness_report,
    read_catalogue,
)
from foundation.paths import PROJECT_ROOT

BABEL_CONFIG: Path = PROJECT_ROOT / "babel.cfg"
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}
"""``_``, ``gettext``, ``ngettext``... as Babel knows them, plus ``N_`` (mark, translate later)."""
SOURCE_DIRS = ("academy", "widgets", "dashboards", "grading", "gallery")
"""Top-level folders extraction walks (``babel.cfg`` says which files in them)."""
REQUIRED_COMPLETE = ("en", "tr")
"""Languages CI requires at 100 %: the source and the academy's first teaching language."""


def extract_notebook(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extractor for ``.ipynb``: the ``_()`` calls in code cells, numbered by cell line.

    Line numbers count through the notebook's code cells in order, so a translator's reference
    ``dashboard.ipynb:42`` is the 42nd code line.
    """
    notebook = json.load(io.TextIOWrapper(fileobj, encoding="utf-8"))
    offset = 0
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line  # magics
                         for line in source.splitlines())
        for lineno, funcname, messages, comments in extract_python(
                io.BytesIO(code.encode("utf-8")), keywords, comment_tags, options):
            yield lineno + offset, funcname, messages, comments
        offset += len(source.splitlines())


def extract_catalog(root: Path = PROJECT_ROOT) -> Catalog:
    """The source strings as ``pybabel extract -F babel.cfg`` finds them now (in memory)."""
    with BABEL_CONFIG.open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)

    def only_sources(dirpath: str) -> bool:
        relative = Path(dirpath).relative_to(root)
        parts = relative.parts
        if not parts:
            return True
        return parts[0] in SOURCE_DIRS and not any(p.startswith((".", "_")) for p in parts)

    catalog = Catalog(project="Space Academy", domain="academy", fuzzy=False,
                      copyright_holder="Space Academy contributors")
    for filename, lineno, message, comments, context in extract_from_dir(
            root, method_map, options_map, keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",), strip_comment_tags=True,
            directory_filter=only_sources):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    return catalog


def msgids(catalog: Catalog) -> set[str]:
    """The source strings of a catalogue (the singular of plural messages)."""
    return {message.id[0] if isinstance(message.id, tuple) else message.id
            for message in catalog if message.id}


def write_template(catalog: Catalog, path: Path = TEMPLATE_FILE) -> None:
    """Write ``academy.pot`` (what ``pybabel extract`` would)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=False)


def update_catalogues(template: Catalog) -> list[str]:
    """``pybabel update`` for every academy language; creates missing catalogues."""
    updated = []
    for code in LANGUAGES:
        path = catalogue_path(code)
        if path.is_file():
            catalog = read_catalogue(path, code)
        else:
            catalog = Catalog(locale=code, domain="academy",
                              project="Space Academy", fuzzy=False,
                              copyright_holder="Space Academy contributors")
            catalog.language_team = f"{LANGUAGES[code]} <space-academy@example.org>"
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False  # the header: gettext tools skip a catalogue whose header is fuzzy
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, ignore_obsolete=True)
        updated.append(code)
    _load.cache_clear()  # this process reads the new catalogues from now on
    return updated


def format_report(report: list[CatalogueStatistics]) -> str:
    """The completeness table, one language a line, then placeholder problems."""
    lines = [f"{'language':<14} {'translated':>10} {'fuzzy':>6} {'total':>6} {'percent':>8}"]
    for stats in report:
        name = f"{stats.language} {LANGUAGES[stats.language]}"
        lines.append(f"{name:<14} {stats.translated:>10} {stats.fuzzy:>6} {stats.total:>6} "
                     f"{stats.percent:>7.1f}%")
    problems = [str(m) for stats in report for m in stats.mismatches]
    if problems:
        lines.append("placeholder mismatches:")
        lines.extend(f"  {problem}" for problem in problems)
    return "\n".join(lines)


def check_problems(report: list[CatalogueStatistics], current: Catalog,
                   template: Catalog) -> list[str]:
    """Why CI should fail, in words (empty when all is well)."""
    problems = []
    stale = msgids(current) ^ msgids(template)
    if stale:
        problems.append(f"{TEMPLATE_FILE.relative_to(PROJECT_ROOT)} is out of date with the code "
                        f"({len(stale)} strings differ, e.g. {sorted(stale)[:3]}): run "
                        "`make i18n-extract`")
    for stats in report:
        if stats.language in REQUIRED_COMPLETE and stats.translated < stats.total:
            problems.append(f"{stats.language} is {stats.percent:.1f}% translated; missing: "
                            f"{list(stats.untranslated)[:5]}")
        problems.extend(str(m) for m in stats.mismatches)
    return problems


def _report(args: argparse.Namespace) -> int:
    template = read_catalogue(TEMPLATE_FILE)
    report = completeness_report(template)
    print(format_report(report))
    if args.check:
        problems = check_problems(report, extract_catalog(), template)
        for problem in problems:
            print(f"academy i18n: {problem}", file=sys.stderr)
        return 1 if problems else 0
    return 0


def _extract(args: argparse.Namespace) -> int:
    template = extract_catalog()
    write_template(template)
    updated = update_catalogues(read_catalogue(TEMPLATE_FILE))
    print(f"{len(msgids(template))} strings -> {TEMPLATE_FILE.relative_to(PROJECT_ROOT)}; "
          f"updated {', '.join(updated)} in {LOCALE_DIR.relative_to(PROJECT_ROOT)}")
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``academy i18n report|extract`` to the ``academy`` command."""
    i18n = subparsers.add_parser("i18n", help="translation catalogue: completeness, extraction")
    commands = i18n.add_subparsers(dest="i18n_command", required=True)
    report = commands.add_parser("report", help="per language: share translated, placeholder "
                                 "problems")
    report.add_argument("--check", action="store_true", help=f"exit 1 unless "
                        f"{' and '.join(REQUIRED_COMPLETE)} are complete, academy.pot is up to "
                        "date and every placeholder matches (for CI)")
    report.set_defaults(func=_report)
    extract = commands.add_parser("extract", help="re-extract academy.pot from the code and "
                                  "templates and update every language's .po")
    extract.set_defaults(func=_extract)

