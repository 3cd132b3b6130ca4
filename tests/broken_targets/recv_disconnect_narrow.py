"""Mistake: recv() treats only ECONNRESET, ENOTCONN and ESHUTDOWN as the
peer going away (medusa's list), so ECONNABORTED, EPIPE and EBADF reach
handle_error() instead of handle_close()."""

import errno

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "errors.recv-disconnect"


class async_chat(spec.async_chat):  # noqa: N801
    def recv(self, buffer_size):
        try:
            data = self.socket.recv(buffer_size)  # type: ignore[union-attr]  # connected by now
        except OSError as why:
            # BUG: ECONNABORTED, EPIPE and EBADF mean a disconnect as well
            if why.errno in (errno.ECONNRESET, errno.ENOTCONN, errno.ESHUTDOWN):
                self.handle_close()
                return b""
            raise
        if not data:
            self.handle_close()
        return data
