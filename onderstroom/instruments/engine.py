"""Instrument files: the YAML format, its schema check with line numbers, and the parsed definition.

An instrument is data, not code: items, scales, response options, reverse keys, an optional norm
table and a licence note, in Dutch and English. A feature ships its own instrument files (see
`library.register_shipped`); a school that holds a licence for a published instrument loads its own
file through the admin screen. The format is described in `static/questionnaires/example-instrument.yaml`.

Who answers (`respondent`: a teacher, a child or a staff member) and what the answers are about
(`subject`: a child, a class, the school, or the respondent's own practice) are both part of the
file; `subject` may be left out and then is "child", as for the relationship questionnaires.

The checker walks the YAML node tree (`yaml.compose`), so every problem it reports carries the
line it is on: "regel 12: antwoordoptie 3 mist een label in het Engels". It collects all problems
instead of stopping at the first, so a school fixes its file in one go.
"""

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, overload

import yaml
from django.utils.translation import get_language
from django.utils.translation import gettext as _

SCHEMA_VERSION = 1
MAX_FILE_BYTES = 256 * 1024
MAX_ERRORS = 50
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
LANGUAGES = ("nl", "en")

TEACHER = "teacher"
CHILD = "child"
STAFF = "staff"
RESPONDENTS = (TEACHER, CHILD, STAFF)
# What a response is about: one child (a relationship: the teacher's view of a child, or the child's
# view of a teacher), a class, the school, or the respondent's own practice.
SUBJECT_CHILD = "child"
SUBJECT_CLASS = "class"
SUBJECT_SCHOOL = "school"
SUBJECT_PRACTICE = "practice"
SUBJECTS = (SUBJECT_CHILD, SUBJECT_CLASS, SUBJECT_SCHOOL, SUBJECT_PRACTICE)
# What a scale measures, so that profiles and signals work for any instrument that declares it.
# Constructs belong to the relationship: only forms about a child (subject "child") declare them.
CONSTRUCTS = {
    TEACHER: ("closeness", "conflict", "dependency", "handling"),
    CHILD: ("support", "conflict", "fairness", "classmates"),
}
# The one placeholder each kind of relationship form may use: the other person of the relationship.
# Forms about a class, the school or one's own practice name nobody and use no placeholder.
PLACEHOLDERS = {TEACHER: "child", CHILD: "teacher"}
PICTOGRAMS = ("face-very-sad", "face-sad", "face-neutral", "face-happy", "face-very-happy")
GENDERS = ("f", "m")

_TOP_FIELDS = {
    "schema",
    "key",
    "version",
    "title",
    "description",
    "respondent",
    "subject",
    "audience",
    "read_aloud",
    "licence",
    "options",
    "scales",
    "items",
    "norms",
}


@dataclass(frozen=True)
class Text:
    """One text in both languages; `get` picks the active language, Dutch when in doubt."""

    nl: str
    en: str

    def get(self, language: str | None = None) -> str:
        language = (language or get_language() or "nl")[:2]
        return self.en if language == "en" else self.nl

    def __str__(self) -> str:
        return self.get()


@dataclass(frozen=True)
class Option:
    value: int
    label: Text
    pictogram: str | None = None


@dataclass(frozen=True)
class Scale:
    key: str
    label: Text
    construct: str | None = None


@dataclass(frozen=True)
class Item:
    key: str
    scale: str
    text: Text
    reverse: bool = False


@dataclass(frozen=True)
class ScaleNorm:
    """Percentiles as steps: a score at or above `score` (and below the next step) has `percentile`."""

    percentiles: tuple[tuple[float, float], ...]
    mean: float | None = None
    sd: float | None = None
    reliability: float | None = None

    def percentile(self, score: float) -> float | None:
        found = None
        for step_score, step_percentile in self.percentiles:
            if score >= step_score:
                found = step_percentile
        return found


@dataclass(frozen=True)
class NormBand:
    grades: tuple[int, ...]
    gender: str | None
    scales: dict[str, ScaleNorm]


@dataclass(frozen=True)
class Norms:
    source: str
    bands: tuple[NormBand, ...]

    def band_for(self, grade: int | None, gender: str | None) -> NormBand | None:
        """The band of the grade; a band for the child's gender beats one for everybody."""
        matching = [b for b in self.bands if grade in b.grades and b.gender in (None, gender or None)]
        matching.sort(key=lambda band: band.gender is None)
        return matching[0] if matching else None


@dataclass(frozen=True)
class InstrumentDefinition:
    key: str
    version: str
    title: Text
    respondent: str
    grades: tuple[int, ...]
    licence: Text
    options: tuple[Option, ...]
    scales: tuple[Scale, ...]
    items: tuple[Item, ...]
    description: Text | None = None
    read_aloud: bool = False
    norms: Norms | None = None
    subject: str = SUBJECT_CHILD
    _scale_items: dict[str, tuple[Item, ...]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for scale in self.scales:
            self._scale_items[scale.key] = tuple(i for i in self.items if i.scale == scale.key)

    # Cached: scoring asks for these once per answer, thousands of times on one page.
    @cached_property
    def min_value(self) -> int:
        return min(o.value for o in self.options)

    @cached_property
    def max_value(self) -> int:
        return max(o.value for o in self.options)

    @cached_property
    def values(self) -> frozenset[int]:
        return frozenset(o.value for o in self.options)

    @property
    def pictorial(self) -> bool:
        return all(o.pictogram for o in self.options)

    def items_of(self, scale_key: str) -> tuple[Item, ...]:
        return self._scale_items.get(scale_key, ())

    @cached_property
    def _items_by_key(self) -> dict[str, Item]:
        return {item.key: item for item in self.items}

    def item(self, key: str) -> Item | None:
        return self._items_by_key.get(key)

    def scale_for(self, construct: str) -> Scale | None:
        return next((s for s in self.scales if s.construct == construct), None)

    def normalised(self, score: float) -> float:
        """A scale mean on 0-1, so that 5-point and 4-point scales can be set side by side."""
        return (score - self.min_value) / (self.max_value - self.min_value)

    def raw_from_normalised(self, position: float) -> float:
        return self.min_value + position * (self.max_value - self.min_value)

    def to_json(self) -> dict[str, Any]:
        return definition_to_json(self)


# --- errors -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


class InstrumentError(ValueError):
    """The file does not describe a valid instrument; `errors` says where and why."""

    def __init__(self, errors: list[LineError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


class _TooManyErrors(Exception):
    pass


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"


class _Reader:
    """Reads typed values out of the node tree and notes every problem with its line."""

    def __init__(self) -> None:
        self.errors: list[LineError] = []

    def error(self, node: yaml.Node, message: str) -> None:
        self.errors.append(LineError(_line(node), message))
        if len(self.errors) >= MAX_ERRORS:
            raise _TooManyErrors

    def mapping(
        self, node: yaml.Node, what: str, required: Iterable[str], optional: Iterable[str] = ()
    ) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, _("%(what)s must be a set of fields (key: value)") % {"what": what})
            return None
        allowed = set(required) | set(optional)
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key in fields:
                self.error(
                    key_node, _("%(what)s has the field “%(field)s” twice") % {"what": what, "field": key}
                )
            elif key not in allowed:
                self.error(
                    key_node, _("%(what)s has an unknown field “%(field)s”") % {"what": what, "field": key}
                )
            else:
                fields[key] = value_node
        for key in required:
            if key not in fields:
                self.error(node, _("%(what)s lacks the field “%(field)s”") % {"what": what, "field": key})
        return fields

    def sequence(self, node: yaml.Node, what: str, minimum: int = 1, maximum: int = 500) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, _("%(what)s must be a list") % {"what": what})
            return []
        if len(node.value) < minimum:
            self.error(
                node, _("%(what)s needs at least %(count)d entries") % {"what": what, "count": minimum}
            )
        if len(node.value) > maximum:
            self.error(node, _("%(what)s has more than %(count)d entries") % {"what": what, "count": maximum})
            return node.value[:maximum]
        return node.value

    def string(self, node: yaml.Node, what: str, allow_numbers: bool = False) -> str | None:
        tags = {_STR, _INT, _FLOAT} if allow_numbers else {_STR}
        if not isinstance(node, yaml.ScalarNode) or node.tag not in tags or not node.value.strip():
            self.error(node, _("%(what)s must be a piece of text") % {"what": what})
            return None
        return node.value.strip()

    def key(self, node: yaml.Node, what: str) -> str | None:
        value = self.string(node, what)
        if value is not None and not KEY_PATTERN.match(value):
            self.error(
                node,
                _("%(what)s may hold only lower-case letters, digits, - and _ (at most 60)") % {"what": what},
            )
            return None
        return value

    def integer(self, node: yaml.Node, what: str) -> int | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _INT:
            self.error(node, _("%(what)s must be a whole number") % {"what": what})
            return None
        try:
            return int(node.value.replace("_", ""), 0)
        except ValueError:
            self.error(node, _("%(what)s must be a whole number") % {"what": what})
            return None

    def number(self, node: yaml.Node, what: str) -> float | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag not in {_INT, _FLOAT}:
            self.error(node, _("%(what)s must be a number") % {"what": what})
            return None
        try:
            value = float(node.value.replace("_", ""))
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self.error(node, _("%(what)s must be a number") % {"what": what})
            return None
        return value

    def boolean(self, node: yaml.Node, what: str) -> bool | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _BOOL:
            self.error(node, _("%(what)s must be true or false") % {"what": what})
            return None
        return node.value.lower() in {"true", "yes", "on", "y"}

    def choice(self, node: yaml.Node, what: str, choices: Iterable[str]) -> str | None:
        value = self.string(node, what)
        choices = tuple(choices)
        if value is not None and value not in choices:
            self.error(
                node,
                _("%(what)s must be one of: %(choices)s") % {"what": what, "choices": ", ".join(choices)},
            )
            return None
        return value

    def text(self, node: yaml.Node, what: str) -> Text | None:
        """A mapping with a Dutch and an English text; each missing language is its own error."""
        if not isinstance(node, yaml.MappingNode):
            self.error(
                node, _("%(what)s must have a text in Dutch (nl) and in English (en)") % {"what": what}
            )
            return None
        fields = self.mapping(node, what, required=(), optional=LANGUAGES) or {}
        texts: dict[str, str | None] = {}
        for language in LANGUAGES:
            if language not in fields:
                message = (
                    _("%(what)s has no label in Dutch")
                    if language == "nl"
                    else _("%(what)s has no label in English")
                )
                self.error(node, message % {"what": what})
                texts[language] = None
            else:
                texts[language] = self.string(fields[language], what)
        if texts["nl"] is None or texts["en"] is None:
            return None
        return Text(nl=texts["nl"], en=texts["en"])


# --- parsing ------------------------------------------------------------------------------------


def parse_instrument(source: str | bytes) -> InstrumentDefinition:
    """Check an instrument file and return its definition, or raise InstrumentError with every problem."""
    text = _decode(source)
    root = _compose(text)
    reader = _Reader()
    try:
        definition = _read_instrument(reader, root)
    except _TooManyErrors:
        definition = None
    if reader.errors or definition is None:
        raise InstrumentError(sorted(reader.errors, key=lambda e: e.line))
    return definition


def _decode(source: str | bytes) -> str:
    if isinstance(source, bytes):
        if len(source) > MAX_FILE_BYTES:
            raise InstrumentError([LineError(1, _("the file is larger than 256 KB"))])
        try:
            return source.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = source[: error.start].count(b"\n") + 1
            raise InstrumentError([LineError(line, _("the file is not UTF-8 text"))]) from error
    if len(source.encode()) > MAX_FILE_BYTES:
        raise InstrumentError([LineError(1, _("the file is larger than 256 KB"))])
    return source


def _compose(text: str) -> yaml.Node:
    """The node tree of a single YAML document. Anchors and aliases are refused: an alias bomb
    would make the checker walk the same nodes exponentially often."""
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise InstrumentError(
                    [
                        LineError(
                            event.start_mark.line + 1 if event.start_mark else 0,
                            _("anchors and aliases (& and *) are not allowed"),
                        )
                    ]
                )
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = error.problem or error.context or ""
        raise InstrumentError(
            [LineError(line, _("the file is not valid YAML (%(problem)s)") % {"problem": problem})]
        ) from error
    except yaml.YAMLError as error:
        raise InstrumentError([LineError(1, _("the file is not valid YAML"))]) from error
    if root is None:
        raise InstrumentError([LineError(1, _("the file is empty"))])
    return root


def _read_instrument(reader: _Reader, root: yaml.Node) -> InstrumentDefinition | None:
    required = (
        "schema",
        "key",
        "version",
        "title",
        "respondent",
        "audience",
        "licence",
        "options",
        "scales",
        "items",
    )
    fields = reader.mapping(root, _("the instrument"), required=required, optional=_TOP_FIELDS)
    if fields is None:
        return None
    if "schema" in fields:
        schema = reader.integer(fields["schema"], _("“schema”"))
        if schema is not None and schema != SCHEMA_VERSION:
            reader.error(fields["schema"], _("this app reads schema 1 only"))
    get = _Getter(reader, fields)
    key = get("key", reader.key, _("the key"))
    version = get("version", lambda n, w: reader.string(n, w, allow_numbers=True), _("the version"))
    title = get("title", reader.text, _("the title"))
    description = get("description", reader.text, _("the description"))
    licence = get("licence", reader.text, _("the licence note"))
    respondent = get("respondent", lambda n, w: reader.choice(n, w, RESPONDENTS), _("“respondent”"))
    subject = get("subject", lambda n, w: reader.choice(n, w, SUBJECTS), _("“subject”"))
    if subject is None and "subject" not in fields:
        subject = SUBJECT_CHILD
    # Constructs and placeholders are the relationship's: only a form about a child has them.
    relationship = respondent if subject == SUBJECT_CHILD else None
    # Placeholders are checked once respondent and subject are known to be right.
    placeholder = _Placeholder(PLACEHOLDERS.get(relationship or "")) if respondent and subject else None
    read_aloud = get("read_aloud", reader.boolean, _("“read_aloud”")) or False
    grades = _read_audience(reader, fields["audience"]) if "audience" in fields else None
    options = _read_options(reader, fields["options"]) if "options" in fields else None
    scales = _read_scales(reader, fields["scales"], relationship) if "scales" in fields else None
    items = _read_items(reader, fields["items"], scales or (), placeholder) if "items" in fields else None
    norms = _read_norms(reader, fields["norms"], scales or (), grades or ()) if "norms" in fields else None
    if scales and items:
        for scale in scales:
            if not any(item.scale == scale.key for item in items):
                reader.error(fields["scales"], _("scale %(key)s has no items") % {"key": scale.key})
    if (
        key is None
        or version is None
        or title is None
        or licence is None
        or respondent is None
        or subject is None
        or grades is None
        or options is None
        or scales is None
        or items is None
    ):
        return None
    return InstrumentDefinition(
        key=key,
        version=version,
        title=title,
        description=description,
        respondent=respondent,
        subject=subject,
        grades=grades,
        read_aloud=read_aloud,
        licence=licence,
        options=options,
        scales=scales,
        items=items,
        norms=norms,
    )


class _Getter:
    def __init__(self, reader: _Reader, fields: dict[str, yaml.Node]) -> None:
        self.reader, self.fields = reader, fields

    def __call__(self, name: str, read: Callable[[yaml.Node, str], Any], what: str) -> Any:
        return read(self.fields[name], what) if name in self.fields else None


def _read_grades(reader: _Reader, node: yaml.Node, what: str) -> tuple[int, ...] | None:
    grades = []
    for grade_node in reader.sequence(node, what, maximum=8):
        grade = reader.integer(grade_node, what)
        if grade is not None and not 1 <= grade <= 8:
            reader.error(grade_node, _("a grade is a number from 1 to 8"))
        elif grade is not None:
            grades.append(grade)
    return tuple(sorted(set(grades))) or None


def _read_audience(reader: _Reader, node: yaml.Node) -> tuple[int, ...] | None:
    fields = reader.mapping(node, _("the audience"), required=("grades",))
    if not fields or "grades" not in fields:
        return None
    return _read_grades(reader, fields["grades"], _("the grades of the audience"))


def _read_options(reader: _Reader, node: yaml.Node) -> tuple[Option, ...] | None:
    options: list[Option] = []
    seen: set[int] = set()
    nodes = reader.sequence(node, _("the response options"), minimum=2, maximum=10)
    for number, option_node in enumerate(nodes, start=1):
        what = _("response option %(number)d") % {"number": number}
        fields = reader.mapping(option_node, what, required=("value", "label"), optional=("pictogram",))
        if fields is None:
            continue
        value = reader.integer(fields["value"], what) if "value" in fields else None
        label = reader.text(fields["label"], what) if "label" in fields else None
        pictogram = None
        if "pictogram" in fields:
            pictogram = reader.choice(
                fields["pictogram"], _("the pictogram of %(what)s") % {"what": what}, PICTOGRAMS
            )
        if value is not None and value in seen:
            reader.error(
                fields["value"], _("%(what)s repeats the value %(value)d") % {"what": what, "value": value}
            )
        elif value is not None and not -100 <= value <= 100:
            reader.error(fields["value"], _("%(what)s needs a value from -100 to 100") % {"what": what})
        elif value is not None and label is not None:
            seen.add(value)
            options.append(Option(value=value, label=label, pictogram=pictogram))
    if len(options) != len(nodes) or len(options) < 2:
        return None
    if any(o.pictogram for o in options) and not all(o.pictogram for o in options):
        reader.error(node, _("give every response option a pictogram, or none"))
        return None
    return tuple(sorted(options, key=lambda o: o.value))


def _read_scales(reader: _Reader, node: yaml.Node, respondent: str | None) -> tuple[Scale, ...] | None:
    scales: list[Scale] = []
    keys: set[str] = set()
    constructs: set[str] = set()
    nodes = reader.sequence(node, _("the scales"), maximum=20)
    for number, scale_node in enumerate(nodes, start=1):
        what = _("scale %(number)d") % {"number": number}
        fields = reader.mapping(scale_node, what, required=("key", "label"), optional=("construct",))
        if fields is None:
            continue
        key = reader.key(fields["key"], what) if "key" in fields else None
        label = reader.text(fields["label"], what) if "label" in fields else None
        construct = None
        if "construct" in fields and respondent in CONSTRUCTS:
            construct = reader.choice(
                fields["construct"], _("the construct of %(what)s") % {"what": what}, CONSTRUCTS[respondent]
            )
        if key is not None and key in keys:
            reader.error(fields["key"], _("the scale key %(key)s is used twice") % {"key": key})
            continue
        if construct is not None and construct in constructs:
            reader.error(
                fields["construct"], _("two scales measure %(construct)s") % {"construct": construct}
            )
            continue
        if key is not None and label is not None:
            keys.add(key)
            if construct:
                constructs.add(construct)
            scales.append(Scale(key=key, label=label, construct=construct))
    return tuple(scales) if scales and len(scales) == len(nodes) else None


@dataclass(frozen=True)
class _Placeholder:
    """The one placeholder a form's items may use; `allowed` None: none at all."""

    allowed: str | None


def _read_items(
    reader: _Reader, node: yaml.Node, scales: Iterable[Scale], placeholder: _Placeholder | None
) -> tuple[Item, ...] | None:
    scale_keys = {s.key for s in scales}
    items: list[Item] = []
    keys: set[str] = set()
    nodes = reader.sequence(node, _("the items"), maximum=200)
    for number, item_node in enumerate(nodes, start=1):
        what = _("item %(number)d") % {"number": number}
        fields = reader.mapping(item_node, what, required=("key", "scale", "text"), optional=("reverse",))
        if fields is None:
            continue
        key = reader.key(fields["key"], what) if "key" in fields else None
        scale = reader.string(fields["scale"], what) if "scale" in fields else None
        text = reader.text(fields["text"], what) if "text" in fields else None
        reverse = reader.boolean(fields["reverse"], what) if "reverse" in fields else False
        if key is not None and key in keys:
            reader.error(fields["key"], _("the item key %(key)s is used twice") % {"key": key})
            continue
        if scale is not None and scale_keys and scale not in scale_keys:
            reader.error(
                fields["scale"],
                _("%(what)s names a scale that does not exist: %(key)s") % {"what": what, "key": scale},
            )
            continue
        if text is not None and placeholder is not None:
            _check_placeholders(reader, fields["text"], what, text, placeholder.allowed)
        if key is not None and scale is not None and text is not None and reverse is not None:
            keys.add(key)
            items.append(Item(key=key, scale=scale, text=text, reverse=reverse))
    return tuple(items) if items and len(items) == len(nodes) else None


def _check_placeholders(reader: _Reader, node: yaml.Node, what: str, text: Text, allowed: str | None) -> None:
    for language in LANGUAGES:
        for name in PLACEHOLDER.findall(text.get(language)):
            if allowed is None:
                reader.error(
                    node,
                    _("%(what)s uses the placeholder {%(name)s}; a form about nobody in particular has none")
                    % {"what": what, "name": name},
                )
            elif name != allowed:
                reader.error(
                    node,
                    _("%(what)s uses the unknown placeholder {%(name)s}; this form knows only {%(allowed)s}")
                    % {"what": what, "name": name, "allowed": allowed},
                )


def _read_norms(
    reader: _Reader, node: yaml.Node, scales: Iterable[Scale], grades: Iterable[int]
) -> Norms | None:
    fields = reader.mapping(node, _("the norm table"), required=("source", "bands"))
    if not fields or "source" not in fields or "bands" not in fields:
        return None
    source = reader.string(fields["source"], _("the source of the norm table"))
    scale_keys = {s.key for s in scales}
    bands = []
    band_nodes = reader.sequence(fields["bands"], _("the norm bands"), maximum=40)
    for number, band_node in enumerate(band_nodes, start=1):
        band = _read_band(reader, band_node, number, scale_keys)
        if band is not None:
            bands.append(band)
    if source is None or len(bands) != len(band_nodes):
        return None
    return Norms(source=source, bands=tuple(bands))


def _read_band(reader: _Reader, node: yaml.Node, number: int, scale_keys: set[str]) -> NormBand | None:
    what = _("norm band %(number)d") % {"number": number}
    fields = reader.mapping(node, what, required=("grades", "scales"), optional=("gender",))
    if not fields or "grades" not in fields or "scales" not in fields:
        return None
    grades = _read_grades(reader, fields["grades"], _("the grades of %(what)s") % {"what": what})
    gender = (
        reader.choice(fields["gender"], _("the gender of %(what)s") % {"what": what}, GENDERS)
        if "gender" in fields
        else None
    )
    scale_fields = reader.mapping(
        fields["scales"], _("the scales of %(what)s") % {"what": what}, required=(), optional=scale_keys
    )
    if scale_fields is None or grades is None:
        return None
    norms = {}
    for key, scale_node in scale_fields.items():
        norm = _read_scale_norm(
            reader, scale_node, _("the norms of scale %(key)s in %(what)s") % {"key": key, "what": what}
        )
        if norm is not None:
            norms[key] = norm
    if len(norms) != len(scale_fields) or not norms:
        if not norms:
            reader.error(node, _("%(what)s has no scales") % {"what": what})
        return None
    return NormBand(grades=grades, gender=gender, scales=norms)


def _read_scale_norm(reader: _Reader, node: yaml.Node, what: str) -> ScaleNorm | None:
    fields = reader.mapping(node, what, required=("percentiles",), optional=("mean", "sd", "reliability"))
    if not fields or "percentiles" not in fields:
        return None
    extra: dict[str, float | None] = {}
    for name in ("mean", "sd", "reliability"):
        extra[name] = reader.number(fields[name], what) if name in fields else None
    if extra["sd"] is not None and extra["sd"] <= 0:
        reader.error(fields["sd"], _("%(what)s: the standard deviation must be above 0") % {"what": what})
    if extra["reliability"] is not None and not 0 <= extra["reliability"] < 1:
        reader.error(
            fields["reliability"], _("%(what)s: the reliability lies from 0 up to 1") % {"what": what}
        )
    steps: list[tuple[float, float]] = []
    for step_node in reader.sequence(fields["percentiles"], what, maximum=101):
        step = reader.mapping(step_node, what, required=("score", "percentile"))
        if not step or "score" not in step or "percentile" not in step:
            continue
        score = reader.number(step["score"], what)
        percentile = reader.number(step["percentile"], what)
        if percentile is not None and not 0 <= percentile <= 100:
            reader.error(step["percentile"], _("a percentile lies from 0 to 100"))
        elif score is not None and percentile is not None:
            if steps and (score <= steps[-1][0] or percentile < steps[-1][1]):
                reader.error(
                    step_node, _("%(what)s: list the steps from low to high scores") % {"what": what}
                )
            steps.append((score, percentile))
    return ScaleNorm(percentiles=tuple(steps), **extra) if steps else None


# --- stored form -------------------------------------------------------------------------------


def _text_json(text: Text | None) -> dict[str, str] | None:
    return None if text is None else {"nl": text.nl, "en": text.en}


@overload
def _text(data: dict[str, str]) -> Text: ...
@overload
def _text(data: None) -> None: ...
def _text(data: dict[str, str] | None) -> Text | None:
    return None if data is None else Text(nl=data["nl"], en=data["en"])


def definition_to_json(d: InstrumentDefinition) -> dict[str, Any]:
    return {
        "key": d.key,
        "version": d.version,
        "title": _text_json(d.title),
        "description": _text_json(d.description),
        "respondent": d.respondent,
        "subject": d.subject,
        "grades": list(d.grades),
        "read_aloud": d.read_aloud,
        "licence": _text_json(d.licence),
        "options": [
            {"value": o.value, "label": _text_json(o.label), "pictogram": o.pictogram} for o in d.options
        ],
        "scales": [{"key": s.key, "label": _text_json(s.label), "construct": s.construct} for s in d.scales],
        "items": [
            {"key": i.key, "scale": i.scale, "text": _text_json(i.text), "reverse": i.reverse}
            for i in d.items
        ],
        "norms": None
        if d.norms is None
        else {
            "source": d.norms.source,
            "bands": [
                {
                    "grades": list(b.grades),
                    "gender": b.gender,
                    "scales": {
                        key: {
                            "percentiles": [list(step) for step in n.percentiles],
                            "mean": n.mean,
                            "sd": n.sd,
                            "reliability": n.reliability,
                        }
                        for key, n in b.scales.items()
                    },
                }
                for b in d.norms.bands
            ],
        },
    }


def definition_from_json(data: dict[str, Any]) -> InstrumentDefinition:
    norms = data.get("norms")
    return InstrumentDefinition(
        key=data["key"],
        version=data["version"],
        title=_text(data["title"]),
        description=_text(data.get("description")),
        respondent=data["respondent"],
        # Versions stored before subjects existed are all about a child.
        subject=data.get("subject", SUBJECT_CHILD),
        grades=tuple(data["grades"]),
        read_aloud=data["read_aloud"],
        licence=_text(data["licence"]),
        options=tuple(Option(o["value"], _text(o["label"]), o["pictogram"]) for o in data["options"]),
        scales=tuple(Scale(s["key"], _text(s["label"]), s["construct"]) for s in data["scales"]),
        items=tuple(Item(i["key"], i["scale"], _text(i["text"]), i["reverse"]) for i in data["items"]),
        norms=None
        if norms is None
        else Norms(
            source=norms["source"],
            bands=tuple(
                NormBand(
                    grades=tuple(b["grades"]),
                    gender=b["gender"],
                    scales={
                        key: ScaleNorm(
                            percentiles=tuple(tuple(step) for step in n["percentiles"]),
                            mean=n["mean"],
                            sd=n["sd"],
                            reliability=n["reliability"],
                        )
                        for key, n in b["scales"].items()
                    },
                )
                for b in norms["bands"]
            ),
        ),
    )


# --- wording -----------------------------------------------------------------------------------


def fill_in(text: str, name: str) -> str:
    """Put the other person's name in the placeholder, and start the sentence with a capital.

    Plain replacement, never str.format: an uploaded file must not reach Python's format machinery.
    """
    filled = PLACEHOLDER.sub(lambda match: name, text)
    return filled[:1].upper() + filled[1:]
