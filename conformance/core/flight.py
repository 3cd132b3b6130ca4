"""A flight recorder: which case, scenario and step a worker process is in,
readable after the process died.

A target can end its process (``os._exit()``, a signal) at any point.  The
worker keeps its position in a small memory-mapped file, which outlives it
whatever the way it ended: the controller reads it to say where the target
was.  Writing is a copy into mapped memory, cheap enough for every step.
"""

import json
import mmap
import os
import struct
from typing import Any, Dict, Optional

SIZE = 1 << 16
#: Layout: step number, step text length, step text; then the case record.
_STEP = struct.Struct("<ii")
_STEP_TEXT = 2048
_CASE_AT = _STEP.size + _STEP_TEXT
_CASE = struct.Struct("<i")
_CASE_TEXT = SIZE - _CASE_AT - _CASE.size

#: Step numbers that are not positions in the scenario.
CREATING, FLUSHING = 0, -1


class Phase:
    """A part of a case that is not one of its scenario's steps; it
    describes itself as a step does."""

    def __init__(self, number: int, text: str) -> None:
        self.number, self.text = number, text

    def describe(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return "<%s>" % self.text


#: Before the first step: the channel is made and given its terminator.
START = Phase(CREATING, "creating the channel")
#: After the last step: the loop runs until the channel is idle.
FINISH = Phase(FLUSHING, "the final flush")

_map: Optional[mmap.mmap] = None
_step = 0
_last: Any = START


def open_recorder(path: str) -> None:
    """Record into ``path`` from now on (a worker calls this once)."""
    global _map
    with open(path, "w+b") as handle:
        handle.truncate(SIZE)
        _map = mmap.mmap(handle.fileno(), SIZE)
    begin("", "", None)


def begin(nodeid: str, case_id: str, scenario: Any) -> None:
    """A test, or one ``scenario`` of it, starts (described only when recording)."""
    global _step, _last
    _step, _last = CREATING, START
    if _map is None:
        return
    if scenario is not None:
        from .elide import elide

        scenario = elide(repr(scenario))
    record = json.dumps(
        {"pid": os.getpid(), "nodeid": nodeid, "case": case_id, "scenario": scenario}
    ).encode("utf-8")
    if len(record) > _CASE_TEXT:  # too big a scenario: keep who, drop what
        record = json.dumps(
            {"pid": os.getpid(), "nodeid": nodeid, "case": case_id, "scenario": None}
        ).encode("utf-8")
    _CASE.pack_into(_map, _CASE_AT, len(record))
    _map[_CASE_AT + _CASE.size : _CASE_AT + _CASE.size + len(record)] = record
    _write_step(CREATING, START.describe())


def reached(step: Any) -> None:
    """The driver starts ``step``: a scenario step, ``START`` or ``FINISH``."""
    global _step, _last
    _last = step
    if _map is None:
        return
    _step = step.number if isinstance(step, Phase) else max(_step, 0) + 1
    _write_step(_step, _describe(step))


def where() -> str:
    """The step this process started last, described."""
    return _describe(_last)


def _describe(step: Any) -> str:
    return step.describe() if hasattr(step, "describe") else repr(step)


def _write_step(number: int, text: str) -> None:
    assert _map is not None
    data = text.encode("utf-8", "replace")
    if len(data) > _STEP_TEXT:
        data = data[: _STEP_TEXT - 3] + b"..."
    _STEP.pack_into(_map, 0, number, len(data))
    _map[_STEP.size : _STEP.size + len(data)] = data


def read(path: str) -> Optional[Dict[str, Any]]:
    """What a (possibly dead) worker last recorded, or ``None``."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(SIZE)
    except OSError:
        return None
    if len(data) < SIZE:
        return None
    number, length = _STEP.unpack_from(data, 0)
    (case_length,) = _CASE.unpack_from(data, _CASE_AT)
    try:
        record: Dict[str, Any] = json.loads(
            data[_CASE_AT + _CASE.size : _CASE_AT + _CASE.size + case_length]
        )
    except ValueError:
        return None
    record["step_number"] = number
    record["step"] = data[_STEP.size : _STEP.size + length].decode("utf-8", "replace")
    return record
