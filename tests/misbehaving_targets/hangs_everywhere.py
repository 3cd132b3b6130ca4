"""Every call into it hangs: set_terminator() (which every scenario makes),
push(), push_with_producer() and both module-level helpers spin for ever,
swallowing what a deadline raises once.  A whole run of it must still end
in bounded time, every case a ``timeout``."""

from ._portable import base_chat, spin


def _hang(*args, **kwargs):
    try:
        spin()
    except BaseException:  # the first interruption is swallowed; the next ends it
        pass
    spin()


class async_chat(base_chat):
    set_terminator = push = push_with_producer = _hang


class simple_producer:
    def __init__(self, data, buffer_size=512):
        pass

    more = _hang


find_prefix_at_end = _hang
