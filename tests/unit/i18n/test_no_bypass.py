"""No user-facing string reaches a page without going through the catalogue.

Two scanners, each tested on a small example first:

* Python (``widgets/``, ``dashboards/``, including notebooks' code cells): a string literal with
  words in it, given as a widget's ``description``/``tooltip``/``placeholder``/``title``, a
  ``Label``/``HTML``/``Button`` value, a plotly trace ``name``, an axis or figure ``title``, a tab
  title or a ``(label, value)`` option, must be wrapped in ``_()``/``gettext``/``ngettext``.
* Jinja (``academy/templates``): after removing ``{{ }}``/``{% %}`` and scripts and styles, no
  text node or visible attribute (title, alt, placeholder, aria-label, button value) may contain
  words.

Strict but practical: units, acronyms such as ``SGP4`` and markup alone are not words.
"""

from __future__ import annotations

import ast
import json
import re
from html.parser import HTMLParser

import pytest

from foundation.paths import PROJECT_ROOT, TEMPLATES_DIR

PYTHON_ROOTS = ("widgets", "dashboards")
GETTEXT_NAMES = {"_", "gettext", "ngettext", "pgettext", "npgettext", "N_"}
TEXT_KEYWORDS = {"description", "tooltip", "placeholder", "title", "label", "titles",
                 "button_text", "hovertemplate_label"}
VALUE_WIDGETS = {"Label", "HTML", "HTMLMath", "Button"}
TRACES = {"Scatter", "Scattergl", "Scattergeo", "Scatterpolar", "Scatter3d", "Bar", "Pie",
          "Histogram", "Heatmap", "Surface", "Mesh3d", "Cone", "add_scatter", "add_bar",
          "add_trace", "add_scattergeo", "add_scatterpolar", "add_scatter3d", "add_surface"}
NON_WORDS = {
    # Units and symbols of the academy's quantities.
    "m", "km", "s", "ms", "min", "h", "d", "kg", "g", "N", "W", "Wh", "V", "A", "Hz", "kHz",
    "MHz", "GHz", "dB", "dBm", "dBi", "dBW", "K", "Pa", "kPa", "deg", "rad", "UTC", "Isp",
    "Eb/N0", "m/s", "km/s", "bit/s", "bps", "x", "y", "z", "t", "e", "i", "Δv", "dv", "U",
    # Names that are the same in every language.
    "SGP4", "TLE", "CelesTrak", "SatNOGS", "CubeSat", "CanSat", "JupyterLab", "OTS-SAT", "ISS",
    "CSV", "UHF", "VHF", "S-band", "X-band",
}
PROPER_NAMES = ("Natural Earth", "Libre Space Foundation", "SatNOGS DB", "Space-Track")
"""Names of data sources and organisations, shown as they are in every language."""
WORD = re.compile(r"[^\W\d_]{2,}")


def has_words(text: str) -> bool:
    """True if ``text`` holds a word a student reads (not a unit, an acronym or markup)."""
    text = re.sub(r"<[^>]*>", " ", text)          # markup
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    text = re.sub(r"&\w+;|&#\d+;", " ", text)      # entities
    text = re.sub(r"\{[^{}]*\}|%\(\w+\)[sdf]|%[sdf]", " ", text)  # placeholders
    for token in re.split(r"[\s(),:;=\[\]|·•]+", text):
        token = token.strip(".-+*/°²³")
        if not token or token in NON_WORDS or re.fullmatch(r"[A-Z0-9][A-Z0-9\-/.]*", token):
            continue
        if WORD.search(token):
            return True
    return False


# --- Python ----------------------------------------------------------------------------------


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _is_gettext(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and _callee(node) in GETTEXT_NAMES


def _bare_literals(node: ast.AST) -> list[str]:
    """String literals in ``node`` that reach the page without passing through gettext."""
    if _is_gettext(node):
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [part.value for part in node.values
                if isinstance(part, ast.Constant) and isinstance(part.value, str)]
    if isinstance(node, ast.BinOp):
        return _bare_literals(node.left) + _bare_literals(node.right)
    if isinstance(node, ast.Call) and _callee(node) == "format" and isinstance(
            node.func, ast.Attribute):
        return _bare_literals(node.func.value)
    if isinstance(node, ast.Dict):      # title={"text": "..."}
        return [text for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant) and key.value == "text"
                for text in _bare_literals(value)]
    if isinstance(node, ast.IfExp):
        return _bare_literals(node.body) + _bare_literals(node.orelse)
    if isinstance(node, (ast.List, ast.Tuple)):
        return [text for element in node.elts for text in _bare_literals(element)]
    return []


def untranslated_strings(source: str, filename: str) -> list[str]:
    """``file:line: 'text'`` for every user-facing literal not wrapped in gettext."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        callee = _callee(node)
        candidates: list[ast.AST] = []
        for keyword in node.keywords:
            name = keyword.arg or ""
            if (name in TEXT_KEYWORDS or name.endswith("_title")
                    or (name == "value" and callee in VALUE_WIDGETS)
                    or (name == "name" and callee in TRACES)):
                candidates.append(keyword.value)
            if name == "options" and isinstance(keyword.value, (ast.List, ast.Tuple)):
                candidates.extend(element.elts[0] for element in keyword.value.elts
                                  if isinstance(element, ast.Tuple) and element.elts)
        if callee in VALUE_WIDGETS and node.args:
            candidates.append(node.args[0])
        if callee == "set_title" and len(node.args) == 2:
            candidates.append(node.args[1])
        for candidate in candidates:
            for text in _bare_literals(candidate):
                if has_words(text):
                    found.append(f"{filename}:{candidate.lineno}: {text!r}")
    return found


def python_sources() -> list[tuple[str, str]]:
    sources = []
    for root in PYTHON_ROOTS:
        for path in sorted((PROJECT_ROOT / root).rglob("*.py")):
            sources.append((str(path.relative_to(PROJECT_ROOT)), path.read_text("utf-8")))
        for path in sorted((PROJECT_ROOT / root).rglob("*.ipynb")):
            if ".ipynb_checkpoints" in path.parts:
                continue
            cells = json.loads(path.read_text("utf-8")).get("cells", [])
            for number, cell in enumerate(cells):
                if cell.get("cell_type") == "code":
                    code = "".join(cell.get("source", ""))
                    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                                     for line in code.splitlines())
                    sources.append((f"{path.relative_to(PROJECT_ROOT)}[cell {number}]", code))
    return sources


EXAMPLE = '''
import ipywidgets as ipw, plotly.graph_objects as go
a = ipw.FloatSlider(description="Altitude (km)")                 # bad
b = ipw.FloatSlider(description=_("Altitude (km)"))              # good
c = ipw.Button(description=self._("Start"), tooltip="Start it")  # bad tooltip
d = ipw.HTML(f"<h3>{_('Ground track')}</h3>")                    # good: markup only
e = ipw.HTML("<b>Warning</b>")                                   # bad
f = ipw.Label("km")                                              # good: a unit
g = go.Scatter(x=[], name="Satellite")                           # bad
h = fig.update_layout(title={"text": "Mass budget"}, xaxis_title="Time (UTC)")  # two bad
i = ipw.Dropdown(options=[("Low orbit", 1), (_("High orbit"), 2)])  # one bad
j = ipw.Dropdown(options=["12U", "6U"], description=_("Form"))   # good: data values
k = ipw.Label(_("Period: {m} min").format(m=3))                   # good
l = ipw.Label("Period: {m} min".format(m=3))                      # bad
tab.set_title(0, "Orbit")                                         # bad
'''


def test_python_scanner_finds_what_it_should():
    found = untranslated_strings(EXAMPLE, "example.py")
    texts = [line.split(": ", 1)[1] for line in found]
    assert texts == ["'Altitude (km)'", "'Start it'", "'<b>Warning</b>'", "'Satellite'",
                     "'Mass budget'", "'Time (UTC)'", "'Low orbit'", "'Period: {m} min'",
                     "'Orbit'"], found


def test_widgets_and_dashboards_use_the_catalogue():
    sources = python_sources()
    if not sources:
        pytest.skip("no widgets/ or dashboards/ yet")
    found = [hit for name, code in sources for hit in untranslated_strings(code, name)]
    assert not found, "wrap these in _() from foundation.i18n:\n" + "\n".join(found)


# --- Jinja templates -------------------------------------------------------------------------

VISIBLE_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "label"}


CODE_TAGS = {"code", "kbd", "samp", "pre"}
"""Paths and commands inside these are not prose."""


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[tuple[int, str]] = []
        self.in_code = 0

    def handle_endtag(self, tag):
        if tag in CODE_TAGS and self.in_code:
            self.in_code -= 1

    def handle_starttag(self, tag, attrs):
        if tag in CODE_TAGS:
            self.in_code += 1
        attributes = dict(attrs)
        for name, value in attrs:
            shown = name in VISIBLE_ATTRIBUTES or (
                name == "value" and tag == "input"
                and attributes.get("type") in ("submit", "button", "reset"))
            if shown and value:
                self.texts.append((self.getpos()[0], value))

    def handle_data(self, data):
        if data.strip() and not self.in_code:
            self.texts.append((self.getpos()[0], data))


def untranslated_template_text(source: str, filename: str) -> list[str]:
    """``file:line: 'text'`` for words in a template that bypass ``_()``."""
    def blank(match: re.Match) -> str:   # keep line numbers
        return "\n" * match.group(0).count("\n") + " "

    source = re.sub(r"\{#.*?#\}", blank, source, flags=re.S)
    source = re.sub(r"<(script|style)\b.*?</\1>", blank, source, flags=re.S | re.I)
    source = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", blank, source, flags=re.S)
    collector = _TextCollector()
    collector.feed(source)
    return [f"{filename}:{line}: {text.strip()!r}" for line, text in collector.texts
            if has_words(text)]


def test_template_scanner_finds_what_it_should():
    example = """{% block main %}
    <h2>{{ _("My courses") }}</h2>
    <p title="Home page">{{ _("Welcome") }} back</p>
    <input type="submit" value='Sign In'>
    <input type="text" value="{{ username }}">
    <span>&#10022;</span> <code>courses/{{ id }}/</code>
    <script>var s = "Start My Server";</script>
    {# a comment with words #}
    {% endblock %}"""
    found = untranslated_template_text(example, "t.html")
    assert found == ["t.html:3: 'Home page'", "t.html:3: 'back'", "t.html:4: 'Sign In'"], found


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES_DIR.glob("*.html")))
def test_templates_use_the_catalogue(template):
    source = (TEMPLATES_DIR / template).read_text("utf-8")
    found = untranslated_template_text(source, template)
    assert not found, "wrap these in {{ _(\"...\") }}:\n" + "\n".join(found)
