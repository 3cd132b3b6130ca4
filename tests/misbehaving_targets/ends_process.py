"""Ends its own process when asked to push b"after" (discard-buffers.output
and a few others do): how, from $MISBEHAVE_END -- ``exit0``
(``os._exit(0)``), ``exit7`` (``os._exit(7)``) or ``kill`` (SIGKILL)."""

import os
import signal

from ._base import base_chat, find_prefix_at_end, simple_producer  # noqa: F401

HOW = os.environ.get("MISBEHAVE_END", "exit7")


class async_chat(base_chat):
    def push(self, data):
        if data == b"after":
            if HOW == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            os._exit(0 if HOW == "exit0" else 7)
        super().push(data)
