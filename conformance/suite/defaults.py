"""Every default of the documented API, and the cases that judge it.

A port that changes a default (a buffer size, a parameter it makes
required) breaks the callers who rely on it, yet passes every case that
passes the value explicitly; so each default is judged by a case that
leaves it out.  ``tests/test_defaults.py`` checks this table against the
signatures and class attributes of the spec channel the model runs, so a
default cannot go unjudged unnoticed.
"""

from typing import Dict, Tuple

#: ``callable(parameter)`` or ``class.attribute`` -> the cases that judge its default.
DEFAULTS: Dict[str, Tuple[str, ...]] = {
    "async_chat(sock)": ("constructor.defaults",),
    "async_chat(map)": ("constructor.defaults",),
    "async_chat.ac_in_buffer_size": ("class.buffer-size-defaults",),
    "async_chat.ac_out_buffer_size": ("class.buffer-size-defaults",),
    "async_chat.use_encoding": ("class.encoding-defaults",),
    "async_chat.encoding": ("class.encoding-defaults",),
    "simple_producer(buffer_size)": ("simple-producer.default-size", "producer.simple-producer"),
}
