"""Mistake: with use_encoding set, only push() arguments and terminators
are encoded; a str from a producer, or given to push_with_producer(),
reaches send() as a str and fails."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "producer.str-with-encoding"


class async_chat(spec.async_chat):  # noqa: N801
    def encode_block(self, block):
        return block  # BUG: a str must be encoded with self.encoding when use_encoding is set
