"""Deviation variants: what a port does instead of a rule, as spec code.

A record ``rule-id[/variant]: reason`` names one of these; the model then
runs the spec channel with the variant's mixin, so a port that deviates as
recorded matches the model exactly, and any other difference still shows.

(This module holds only the variants the verdict core's own tests use; the
catalogue of real ports' variants lives with the spec.)
"""

from dataclasses import dataclass
from typing import Any, Dict, Optional

from asynchat_reference import rules
from asynchat_reference.spec import SpecOutput


@dataclass(frozen=True)
class Variant:
    #: A rule id of ``asynchat_reference.rules``.
    rule: str
    #: Short kebab-case name, unique within its rule.
    name: str
    #: One line: what the port does instead.
    statement: str
    #: Overrides of the spec channel (``asynchat_reference.spec.async_chat``).
    mixin: type


class _CloseOnlyOutput(SpecOutput):
    def reach_close_mark(self, chat: Any) -> bool:
        self.fifo.popleft()
        rules.fired(rules.CLOSE_MARK)
        chat.close()
        return False


class _CloseOnly:
    _output_queue = _CloseOnlyOutput


def _catalogue(*variants: Variant) -> Dict[str, Dict[str, Variant]]:
    found: Dict[str, Dict[str, Variant]] = {}
    for variant in variants:
        found.setdefault(variant.rule, {})[variant.name] = variant
    return found


VARIANTS: Dict[str, Dict[str, Variant]] = _catalogue(
    Variant("closing.mark-calls-handle-close", "close-only",
            "close_when_done() ends in close(); handle_close() is never called", _CloseOnly),
)


def variant_for(rule: str, name: Optional[str]) -> Variant:
    """The variant a record names; ``name`` ``None``: the rule's only one."""
    known = VARIANTS.get(rule, {})
    if not known:
        raise LookupError("rule %s has no variant the model can play: record the case ids that "
                          "differ instead" % rule)
    if name is None:
        if len(known) == 1:
            return next(iter(known.values()))
        raise LookupError("rule %s has several variants: name one as %s/NAME (%s)"
                          % (rule, rule, ", ".join(sorted(known))))
    if name not in known:
        raise LookupError("rule %s has no variant %r; its variants: %s"
                          % (rule, name, ", ".join(sorted(known))))
    return known[name]
