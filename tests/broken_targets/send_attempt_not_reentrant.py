"""Mistake: initiate_send() ignores a call made while a send attempt is
under way (a guard against recursion), so a push() from the handle_error()
of a failed send() -- called from inside that attempt -- only queues, and
the close that follows the error drops it."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "reentry.in-handle-error.send"


class async_chat(spec.async_chat):  # noqa: N801
    def initiate_send(self):
        if self.__dict__.get("_sending"):
            return  # BUG: the nested attempt must send too
        self._sending = True
        try:
            spec.async_chat.initiate_send(self)
        finally:
            self._sending = False
