"""The rules of async_chat, each with a stable id and one sentence.

The reference is the specification, and this is its table of contents.  The
code that implements a rule says so by calling :func:`fired` at the moment the
rule decides something a port could decide differently -- so that a run of the
reference (the conformance suite's model) can say which rules a scenario
exercised, and where.  A port's recorded deviations name these ids: "this
port differs wherever rule X decides".

Only the specification's channel (``reference.spec``) and the suite's
variants of it fire rules, never the fast path; nothing listens outside the
suite's model.
"""

from typing import Callable, Dict, NamedTuple, Optional


class Rule(NamedTuple):
    id: str
    sentence: str
    #: CPython is buggy there or the behaviour is free: a port may differ
    #: from the point the rule fires on, and is told, not failed.
    free: bool = False


RULES: Dict[str, Rule] = {}


def rule(rule_id: str, sentence: str, free: bool = False) -> Rule:
    if rule_id in RULES:
        raise ValueError("rule %r is declared twice" % rule_id)
    RULES[rule_id] = declared = Rule(rule_id, sentence, free)
    return declared


#: Called with every rule that fires, while the model listens.
observer: Optional[Callable[[Rule], None]] = None


def fired(which: Rule) -> None:
    if observer is not None:
        observer(which)


# -- input: turning received bytes into callbacks (reference.spec, framing) --------

FALSY_COLLECTS_ALL = rule(
    "framing.falsy-collects-all",
    "A falsy terminator (None, 0, b'') hands every buffered byte"
    " to one collect_incoming_data() call.",
)
COUNT_COLLECTS = rule(
    "framing.count-collects",
    "An integer terminator n collects the fewer than n bytes buffered"
    " and counts itself down by as many.",
)
COUNT_FOUND = rule(
    "framing.count-found",
    "Once n bytes are buffered, an integer terminator n collects exactly those, becomes 0, "
    "then found_terminator() is called.",
)
BYTES_FOUND = rule(
    "framing.bytes-found",
    "A byte-string terminator in the buffer ends a message: the bytes before it are collected, "
    "it is dropped, found_terminator() is called.",
)
NO_EMPTY_COLLECT = rule(
    "framing.no-empty-collect",
    "A terminator at the very start of the buffer calls found_terminator() with no empty "
    "collect_incoming_data() before it.",
)
HOLDBACK = rule(
    "framing.holdback",
    "Without a whole terminator, the longest tail that could begin one waits for the next read; "
    "the rest is collected.",
)
SWITCH_APPLIES = rule(
    "framing.switch-applies",
    "A terminator changed inside found_terminator() applies at once to the bytes already buffered.",
)
BUFFER_REPLACED = rule(
    "framing.buffer-replaced",
    "A callback that replaces ac_in_buffer (discard_buffers() does) changes what is framed next.",
)

# -- set_terminator() ------------------------------------------------------------------

NEGATIVE_COUNT = rule(
    "setting.negative-count",
    "set_terminator() of a negative integer raises ValueError and keeps the terminator it had.",
)
STR_TERMINATOR_ENCODED = rule(
    "setting.str-encoded",
    "With use_encoding set, set_terminator() of a str stores it encoded"
    " with the channel's encoding.",
)

# -- reading -----------------------------------------------------------------------------

ALWAYS_READABLE = rule(
    "reading.always-readable",
    "readable() stays true whatever is buffered, also beyond ac_in_buffer_size.",
)
BLOCKING_IGNORED = rule(
    "reading.blocking-ignored",
    "A recv() that raises BlockingIOError (a readable event with nothing to read) is ignored: "
    "no callback, no handle_error().",
)
PEER_EOF = rule("reading.peer-eof", "A read that finds the peer gone calls handle_close().")

# -- push() and push_with_producer() ---------------------------------------------------

BYTES_LIKE = rule(
    "pushing.bytes-like",
    "push() takes bytearray and memoryview as well as bytes, and sends their bytes.",
)
TYPE_ERROR = rule(
    "pushing.type-error",
    "push() of anything but a bytes-like object raises TypeError and queues nothing.",
)
PUSH_SPLITS = rule(
    "pushing.split",
    "push() queues data longer than ac_out_buffer_size as blocks of at most that size.",
)
NO_PIECES = rule(
    "pushing.no-pieces",
    "push() of more than 512 bytes (simple_producer's piece size) but no more than "
    "ac_out_buffer_size offers them to one send() whole, not in 512-byte pieces.",
)
SENDS_AT_ONCE = rule(
    "pushing.sends-at-once",
    "push() and push_with_producer() make a send attempt before they return.",
)

# -- the output queue (reference.spec, sending) -----------------------------------------

SEND_LIMIT = rule(
    "queue.send-limit",
    "One send attempt offers send() at most ac_out_buffer_size bytes of the head entry.",
)
HEAD_ONLY = rule(
    "queue.head-only",
    "A send attempt offers send() bytes of the head entry only, never joined with the entries "
    "queued behind it.",
)
PRODUCER_MORE = rule(
    "queue.producer-more",
    "A producer at the head is asked for more(); what it returns is sent before it is asked again.",
)
PRODUCER_EXHAUSTED = rule(
    "queue.producer-exhausted",
    "A producer whose more() returns b'' is dropped, and the same send attempt goes on with the "
    "next entry.",
)
EMPTY_BLOCK = rule(
    "queue.empty-block",
    "An empty block is dropped from the queue (CPython offers send() zero bytes for it).",
    free=True,
)
STR_OUTPUT_ENCODED = rule(
    "queue.str-encoded",
    "With use_encoding set, a str that reaches the head of the queue (from a producer, or "
    "push_with_producer() of a str) is sent encoded.",
)

# -- closing -------------------------------------------------------------------------------

CLOSE_QUEUED = rule(
    "closing.when-done-queued",
    "close_when_done() only queues a close mark: what was queued before it is sent first.",
)
CLOSE_MARK = rule(
    "closing.mark-calls-handle-close",
    "When the close mark reaches the head of the queue, handle_close() is called.",
)
HANDLE_CLOSE_CLOSES = rule(
    "closing.handle-close-closes", "The default handle_close() closes the channel."
)
NOTHING_AFTER_CLOSE = rule(
    "closing.nothing-after-close",
    "Once the channel is closed, nothing is sent: queued and later output stays queued.",
)
SEND_ERROR = rule("closing.send-error", "An OSError from send() is handed to handle_error().")
DISCONNECT_ERRNOS = rule(
    "closing.disconnect-errnos",
    "When the socket's recv() or send() fails with ECONNRESET, ENOTCONN, ESHUTDOWN, ECONNABORTED, "
    "EPIPE or EBADF, handle_close() is called; any other errno goes to handle_error().",
)
RECV_ERROR = rule(
    "closing.recv-error",
    "An OSError from recv() other than BlockingIOError is handed to handle_error().",
)

# -- discard_buffers() -----------------------------------------------------------------------

DISCARD = rule(
    "discarding.drops-everything",
    "discard_buffers() empties ac_in_buffer, incoming and the output queue, close marks included.",
)

# -- what a subclass inherits ----------------------------------------------------------------

BYTES_HANDED = rule(
    "framing.bytes-handed",
    "collect_incoming_data() is handed bytes objects, not memoryview or bytearray slices.",
)
INCOMING_COLLECT = rule(
    "incoming.collect-appends",
    "_collect_incoming_data() appends what it is handed to the incoming list.",
)
INCOMING_GET = rule(
    "incoming.get-data-empties",
    "_get_data() returns the incoming chunks joined as bytes and empties the list.",
)
BUFFER_SIZES = rule(
    "defaults.buffer-sizes",
    "ac_in_buffer_size and ac_out_buffer_size are 65536 unless a subclass or instance sets them "
    "(noted where a read or a send moves more than 4096 bytes, the older asynchat's size).",
)
ENCODING_DEFAULTS = rule(
    "defaults.encoding",
    "use_encoding is off (0) and encoding is 'latin-1' unless a subclass or instance sets them.",
)
NOT_IMPLEMENTED = rule(
    "defaults.not-implemented",
    "async_chat's own collect_incoming_data() and found_terminator() raise NotImplementedError.",
)
