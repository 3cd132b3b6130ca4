"""A stateful machine: Hypothesis interleaves deliveries, terminator
changes, pushes, producers, ``close_when_done()``, ``discard_buffers()`` and a
peer close, and the target is compared with the model after every step.

The peer reads whatever arrives after each step; slow readers are the
business of ``property.partial-sends``, because a partial send followed by
``discard_buffers()`` legitimately drops a different amount.
"""

import time
from dataclasses import replace

from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)

from asynchat_conformance.core.comparison import compare
from asynchat_conformance.core.deadline import modelled
from asynchat_conformance.core.flight import FINISH, START
from asynchat_conformance.core.model import ModelSession
from asynchat_conformance.core.scenario import (
    CloseWhenDone,
    Deliver,
    DiscardBuffers,
    PeerClose,
    Scenario,
    SetTerminator,
)
from asynchat_conformance.core.verdicts import Verdict
from asynchat_conformance.suite import strategies as sts
from asynchat_conformance.suite.plugin import account, example_verdict, judge, records
from asynchat_conformance.suite.registry import case

reactions = st.one_of(
    sts.terminator_switches, sts.output_steps, st.just(DiscardBuffers()), st.just(CloseWhenDone())
)
# What one found_terminator() call does; output followed by a discard is the
# only way to discard output that is still pending when the peer keeps up.
reaction_groups = st.one_of(
    st.lists(reactions, max_size=3).map(tuple),
    st.tuples(sts.output_steps, st.just(DiscardBuffers())),
)


class Diverged(AssertionError):
    """The target's trace left the model's; carries the ``Outcome``."""


def machine_for(target, info, seconds, node):
    variants = records(node.config).variants

    class ChatMachine(RuleBasedStateMachine):
        @initialize(
            terminator=sts.terminators,
            on_found=st.lists(reaction_groups, max_size=6).map(tuple),
            in_size=sts.in_buffer_sizes,
            out_size=sts.out_buffer_sizes,
        )
        def start(self, terminator, on_found, in_size, out_size):
            self.scenario = Scenario(
                steps=(),
                terminator=terminator,
                on_found=on_found,
                ac_in_buffer_size=in_size,
                ac_out_buffer_size=out_size,
            )
            self.expected = ModelSession(self.scenario, variants)
            self.observed = target.session(self.scenario)
            self.peer_open = True
            self.diverged = False
            self.finished = False
            self.both(START)

        def without(self, removed):
            """The model without the ``removed`` recorded variants, on the steps so far."""
            kept = tuple(v for v in variants if v not in removed)
            session = ModelSession(self.scenario, kept)
            try:
                session.start()
                for step in self.scenario.steps:
                    session.step(step)
                if self.finished:
                    session.finish()
            finally:
                session.close()
            return session.trace

        def both(self, step):
            """``step`` (or ``START``, ``FINISH``) on the model and the target."""
            if step not in (START, FINISH):
                self.scenario = replace(self.scenario, steps=self.scenario.steps + (step,))
            # A target without simple_producer is judged on the other steps.
            assume(target.simple_producer is not None or not self.scenario.uses_simple_producer)
            self.finished = step is FINISH
            for session, limit in ((self.expected, None), (self.observed, seconds)):
                began = time.monotonic()
                if step is START:
                    session.start(limit)
                elif step is FINISH:
                    session.finish(limit)
                else:
                    session.step(step, limit)
                if limit is None:  # the model's step: the case's time grows with its weight
                    modelled(time.monotonic() - began)
            # Records are attributed only where the target left the model.
            outcome = compare(
                target,
                info,
                self.scenario,
                self.expected.trace,
                self.observed.trace,
                variants=variants,
                without=self.without,
                attribute=False,
            )
            verdict = example_verdict(node, outcome)
            account(node, outcome, verdict)
            if verdict.fails_run:
                self.diverged = True
                if verdict == Verdict.TIMEOUT:
                    judge(node, outcome)  # ends the case now: no shrinking through timeouts
                raise Diverged(outcome)

        @rule(data=st.data())
        def deliver(self, data):
            used = [self.scenario.terminator] + [
                r.terminator
                for group in self.scenario.on_found
                for r in group
                if isinstance(r, SetTerminator)
            ]
            chunk = data.draw(sts.streams(max_pieces=4, using=used))
            if chunk:
                self.both(Deliver(chunk))

        @rule(terminator=sts.terminators)
        def set_terminator(self, terminator):
            self.both(SetTerminator(terminator))

        @rule(step=sts.output_steps)
        def output(self, step):
            self.both(step)

        @rule()
        def close_when_done(self):
            self.both(CloseWhenDone())

        @rule()
        def discard_buffers(self):
            self.both(DiscardBuffers())

        @precondition(lambda self: self.peer_open)
        @rule()
        def peer_close(self):
            self.peer_open = False
            self.both(PeerClose())

        def teardown(self):
            if hasattr(self, "expected"):
                try:
                    if not self.diverged:
                        self.both(FINISH)
                finally:
                    self.expected.close()
                    self.observed.close()

    return ChatMachine


@case(
    "stateful.interleaved",
    "Any interleaving of deliveries, terminator changes, pushes, producers, close_when_done(), "
    "discard_buffers() and a peer close keeps the target's calls and output equal to CPython's.",
    api="async_chat",
)
def test_stateful(conformance_target, conformance_case, case_deadline, request):
    seconds = case_deadline
    machine = machine_for(conformance_target, conformance_case, seconds, request.node)
    try:
        run_state_machine_as_test(machine)
    except Diverged as exc:
        outcome = exc.args[0]
    else:
        return
    judge(request.node, outcome)
