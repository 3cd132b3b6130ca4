"""Mistake: the terminator is looked for with a hand-written byte-by-byte
scan that, after a mismatch, starts matching again at the current byte
instead of backing up -- so a self-overlapping terminator such as b"aab" is
missed in b"aaab" (the scan is at b"aa", meets b"a", restarts with one
matched byte and then fails on b"b")."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.bytes.split"


class async_chat(spec.async_chat):  # noqa: N801
    def locate(self, data, terminator):
        matched = 0
        for pos, byte in enumerate(data):
            if byte == terminator[matched]:
                matched += 1
                if matched == len(terminator):
                    return pos + 1 - matched
            else:
                # BUG: a shorter overlap of what was matched may still be a
                # start of the terminator (data.find() gets this right)
                matched = 1 if byte == terminator[0] else 0
        return -1
