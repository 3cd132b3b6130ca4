"""The results file, declared once: its format id and the shape of the
document a run writes (``--results-json``) and the report reads.

``suite.results`` builds its document from these classes and
``report.matrix`` checks every file it reads against them, so the writer and
the reader cannot drift apart.  A file holds ``to_json()`` of a
``ResultsDocument``: the fields in their declared order.

For a reader, a field declared ``required()`` must be there; any other may
be missing (a file from an older run of the same format, or written by
hand), but when present it must have its declared type.  Keys not declared
are allowed, so that a newer writer may add some.
"""

import dataclasses
from dataclasses import dataclass, field
from enum import Enum
from typing import (
    Any,
    Dict,
    List,
    Literal,
    Optional,
    Tuple,
    Union,
    get_args,
    get_origin,
    get_type_hints,
)

from .verdicts import Verdict

#: The format id of the file: a reader refuses any other.
FORMAT = "asynchat-conformance-results/1"


def required(unique: Optional[str] = None, shape: Optional[type] = None) -> Dict[str, Any]:
    """The metadata of a field a reader cannot do without
    (``field(metadata=required())``).  ``unique``: in a list of objects, the
    key no two may share; ``shape``: for an object the writer passes through
    as it was described (the target, the Python), the declaration of the keys
    a reader relies on."""
    return {"required": True, "unique": unique, "shape": shape}


def described(shape: type) -> Dict[str, Any]:
    """The metadata of an optional object passed through as its source
    describes it, with the keys a reader relies on declared by ``shape``."""
    return {"shape": shape}


#: The metadata of a field that some entries do not have at all (not even ``null``).
LEFT_OUT_WHEN_NONE: Dict[str, Any] = {"left_out_when_none": True}


class InvalidDocument(ValueError):
    """A document that does not fit the declarations; the message names the
    field and is one line."""


Problem = Optional[Tuple[str, str]]  # (where, what is wrong)


# -- what the writer passes through ---------------------------------------------------------


@dataclass
class TargetShape:
    """Who was judged, as the plugin describes it."""

    name: str = field(metadata=required())
    spec: str
    description: str
    version: Optional[str]
    #: The Python the target ran in (absent when the target could not be loaded).
    python: str
    #: How the harness built the target's channels, e.g. ``cls(sock, map=map)``
    #: (absent when the target could not be loaded).
    built_as: str


@dataclass
class PythonShape:
    """The interpreter of the run (the target's, when it ran out of process)."""

    version: str = field(metadata=required())
    implementation: str
    executable: str


@dataclass
class HypothesisShape:
    """The Hypothesis settings the examples were drawn with."""

    version: str
    profile: Optional[str]
    seed: Optional[Union[int, str]]
    derandomize: bool
    max_examples: int


# -- what the writer builds -----------------------------------------------------------------


@dataclass
class FailingExample:
    """One example of a case that did not pass."""

    #: Readable: its parameters, or what kind of examples it draws.
    name: str
    verdict: Verdict = field(metadata=required())
    nodeid: str
    reason: str
    reproduction: Optional[Dict[str, Any]]


@dataclass
class Difference:
    """A recorded deviation, as a behaviour: what differs, and whether the
    record still holds."""

    kind: Literal["case", "rule"]
    #: A rule id, or the case id for a record of a whole case.
    id: str
    #: What the rule says ("" for a case).
    sentence: str
    #: The record's reason.
    reason: str
    #: The example cases that witnessed it in this run.
    cases: List[str]
    #: Rules only: the property cases whose drawn examples met it.
    drawn_cases: Optional[List[str]] = field(metadata=LEFT_OUT_WHEN_NONE)
    #: ``expected``: a witness confirmed it; ``changed``: witnesses differ
    #: otherwise and none confirms it; ``remove-record``: a witness behaved as
    #: the reference there; ``not-exercised``: no witness got there.
    status: Literal["expected", "changed", "remove-record", "not-exercised"] = field(
        metadata=required()
    )
    #: Rules only: the variant the model played for it, and what it says.
    variant: Optional[str] = field(default=None, metadata=LEFT_OUT_WHEN_NONE)
    variant_statement: Optional[str] = field(default=None, metadata=LEFT_OUT_WHEN_NONE)
    #: The example cases where it no longer looks as recorded (the target
    #: matched neither the model with its variant nor the one without).
    changed_in: Optional[List[str]] = field(default=None, metadata=LEFT_OUT_WHEN_NONE)
    #: Why it was not exercised, when a witness timed out or crashed.
    why: Optional[str] = field(default=None, metadata=LEFT_OUT_WHEN_NONE)
    #: The example cases that behaved as the reference where it matters:
    #: there it no longer holds.
    reference_in: Optional[List[str]] = field(default=None, metadata=LEFT_OUT_WHEN_NONE)


@dataclass
class CaseEntry:
    """One conformance case of the run."""

    id: str = field(metadata=required())
    group: str
    statement: str
    api: str
    #: Where the behaviour is specified.
    reference: str
    possible_verdicts: List[Verdict]
    verdict: Verdict = field(metadata=required())
    #: How many examples ended in each verdict.
    examples: Dict[Verdict, int]
    reason: str
    duration: float
    nodeid: str
    reproduction: Optional[Dict[str, Any]]
    rules: List[str]
    drawn: bool
    deviations: List[str]
    #: Every example that did not pass, worst first (the first is the one
    #: ``reason`` and ``reproduction`` describe).
    failing_examples: List[FailingExample]


@dataclass
class ResultsDocument:
    """One run: one target on one Python."""

    format: str = field(metadata=required())
    suite_version: str
    target: Dict[str, Any] = field(metadata=required(shape=TargetShape))
    python: Dict[str, Any] = field(metadata=required(shape=PythonShape))
    platform: str
    hypothesis: Dict[str, Any] = field(metadata=described(HypothesisShape))
    started: str
    duration: float
    #: An ``ExitStatus``, or whatever code another pytest plugin made the run end with.
    exit_status: int
    #: How many cases ended in each verdict.
    counts: Dict[Verdict, int]
    deviations_files: List[str]
    differences: List[Difference]
    cases: List[CaseEntry] = field(metadata=required(unique="id"))


# -- writing --------------------------------------------------------------------------------


def to_json(record: Any) -> Any:
    """``record`` as JSON data: a declared object becomes a dict in field
    order (leaving out what is absent), lists and dicts are converted item by
    item; verdicts and exit statuses stay as they are (``str`` and ``int``)."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {
            f.name: to_json(getattr(record, f.name))
            for f in dataclasses.fields(record)
            if not (f.metadata.get("left_out_when_none") and getattr(record, f.name) is None)
        }
    if isinstance(record, list):
        return [to_json(item) for item in record]
    if isinstance(record, dict):
        return {key: to_json(value) for key, value in record.items()}
    return record


# -- reading --------------------------------------------------------------------------------


def validate(document: Any, declaration: type = ResultsDocument) -> None:
    """Check ``document`` (JSON data) against ``declaration``; raise
    ``InvalidDocument`` naming the first field that does not fit."""
    problem = _object_problem(document, declaration, "")
    if problem:
        raise InvalidDocument("%s: %s" % problem if problem[0] else problem[1])


def _object_problem(value: Any, declaration: type, where: str) -> Problem:
    if not isinstance(value, dict):
        return where, "is %s, not an object" % _described(value)
    hints = get_type_hints(declaration)
    for f in dataclasses.fields(declaration):
        inner = _join(where, f.name)
        if f.name not in value:
            if f.metadata.get("required"):
                return inner, "missing"
            continue
        problem = _problem(value[f.name], hints[f.name], inner)
        if problem is None and f.metadata.get("shape"):
            problem = _object_problem(value[f.name], f.metadata["shape"], inner)
        if problem is None and f.metadata.get("unique"):
            problem = _duplicate(value[f.name], f.metadata["unique"], inner)
        if problem:
            return problem
    return None


def _problem(value: Any, declared: Any, where: str) -> Problem:
    """What makes ``value`` not of the ``declared`` type, if anything."""
    origin, args = get_origin(declared), get_args(declared)
    if declared is Any:
        return None
    if origin is Union:
        if value is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        problems = [_problem(value, option, where) for option in options]
        return None if any(p is None for p in problems) else problems[0]
    if origin is Literal:
        if value in args:
            return None
        return where, "%s is not one of %s" % (_described(value), ", ".join(map(str, args)))
    if origin is list:
        if not isinstance(value, list):
            return where, "is %s, not a list" % _described(value)
        for index, item in enumerate(value):
            problem = _problem(item, args[0], "%s[%s]" % (where, _label(item, index)))
            if problem:
                return problem
        return None
    if origin is dict:
        if not isinstance(value, dict):
            return where, "is %s, not an object" % _described(value)
        for key, item in value.items():
            problem = _problem(key, args[0], "%s (a key)" % where) or _problem(
                item, args[1], _join(where, key)
            )
            if problem:
                return problem
        return None
    if isinstance(declared, type) and dataclasses.is_dataclass(declared):
        return _object_problem(value, declared, where)
    if isinstance(declared, type) and issubclass(declared, Enum):
        if not isinstance(value, bool) and value in [member.value for member in declared]:
            return None
        return where, "%s is not one of %s" % (
            _described(value),
            ", ".join(str(member.value) for member in declared),
        )
    if _fits(value, declared):
        return None
    return where, "is %s, not %s" % (_described(value), _NAMES.get(declared, declared.__name__))


def _fits(value: Any, declared: type) -> bool:
    if isinstance(value, bool):  # JSON keeps true apart from 1
        return declared is bool
    if declared is float:
        return isinstance(value, (int, float))
    return isinstance(value, declared)


def _duplicate(items: List[Any], key: str, where: str) -> Problem:
    seen = set()
    for item in items:
        if item[key] in seen:
            return "%s[%s]" % (where, item[key]), "appears twice"
        seen.add(item[key])
    return None


_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}


def _join(where: str, name: str) -> str:
    return "%s.%s" % (where, name) if where else name


def _label(item: Any, index: int) -> str:
    """A list item as a reader finds it: by its id when it has one."""
    ident = item.get("id") if isinstance(item, dict) else None
    return ident if isinstance(ident, str) else str(index)


def _described(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
