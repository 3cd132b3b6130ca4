"""Side-by-side throughput of async_chat implementations: ``python -m bench``.

What is compared
    ``reference``  this project's ``reference`` package;
    ``cpython``    CPython's own ``asynchat`` (3.8 to 3.11), or on 3.12+ the
                   copy kept as ``test.support.asynchat`` when the interpreter
                   ships its test package; otherwise the baseline is absent
                   and the run says so;
    ``ideal``      the ceiling for short messages: a plain ``recv()`` loop
                   that cuts each whole read with ``bytes.split(term)`` at C
                   speed and hands the pieces to the same user callbacks
                   (long messages are faster found by memchr(), as the
                   reference does, than split), falling back to
                   ``find(term, offset)`` from where it got to when
                   ``found_terminator()`` changes the terminator, carrying
                   only a possible terminator prefix to the next read, with
                   none of async_chat's compatibility work (for sends:
                   ``socket.send()`` of at most 64 KiB per call from a deque
                   of memoryviews);
    ``ideal-find`` receiving only: the plain loop that finds every terminator
                   with ``bytes.find(term, offset)`` and slices each message
                   out, searching with the whole terminator;
    ``NAME``       with ``--also NAME=DIRECTORY``, another copy of an
                   asynchat-like package -- the reference as an earlier
                   commit had it, say -- raced alongside.

How it is measured
    Everything runs in one process on one ``socket.socketpair()`` whose
    buffers are enlarged to hold several MiB.  The implementations under
    test share one end -- each has its own channel on a private asyncore map,
    never registered with a global loop -- and the benchmark plays the other
    end, single-threaded and non-blocking.

    A *race* runs a scenario's payload through every implementation unit by
    unit, the implementations taking turns on each unit in an order shuffled
    afresh for every unit (by a generator seeded with the round), so that
    load from elsewhere on the machine lands on all of them alike rather
    than on whichever happened to be running, and no implementation always
    inherits the heap and caches of the same other one:

    * receiving, a unit is 64 KiB of input (or one read, if larger): the peer
      writes it, then the clock runs while the channel's ``handle_read()`` is
      called directly, once per read those bytes need (``ceil(bytes /
      ac_in_buffer_size)``; anything a kernel that reads differently left
      over is drained the same way).  Every implementation sees the same
      bytes in the same reads; filling the socket is not timed.
    * sending, a unit is one batch of user code -- up to 1024 ``push()``
      calls, or one ``push_with_producer()`` -- then ``handle_write()`` until
      ``producer_fifo`` is empty.  The peer's reading is not timed: it runs
      between units, or when a send made no progress.

    Calling ``handle_read()``/``handle_write()`` directly rather than through
    ``asyncore.poll()`` leaves out the ``select()`` that every implementation
    would pay alike, so the ratios show the implementations' own cost.

    After an untimed warm-up race, ``--rounds`` races are timed (default 5).
    A pass's time is the sum over units of each unit's median over the rounds
    -- the median, per unit, so that a unit slowed by a burst of outside load
    in a minority of rounds does not count.  The clock is
    ``time.perf_counter``; ``--clock cpu`` uses ``time.thread_time`` instead
    (CPU time of the benchmark thread, system time included), which on a
    machine busy with other work leaves out the time the benchmark was not
    running at all.  Figures are MB/s with MB = 10**6 bytes.  The payloads
    are checked: every implementation must deliver the same messages and
    bytes, or the run stops.

Receiving scenarios with short messages come twice: with a handler that
joins the collected parts of every message (``Lines``, about the least a
real protocol handler does) and with a light one that only counts
(``Counts``), where the framing's own cost per message shows most.

The three scaling series report cost per byte (ns/B) as one parameter
grows, and the growth factor (largest / smallest cost per byte): 8-byte
lines as ``ac_in_buffer_size`` goes from 4 KiB to 1 MiB, a
``simple_producer`` whose payload goes from 64 KiB to 4 MiB, and one
``push()`` per batch of a block from 1 MiB to 64 MiB with
``ac_out_buffer_size`` as large (the socket pair holds some 8 MiB, so from
16 MiB on a block leaves the queue in several sends).  An implementation whose next point
would take too long (CPython's quadratic cases) is left out of the rest of
that series, and the table says so.

Nothing here asserts a timing; the benchmark prints figures (and writes them
as JSON with ``--json PATH``).
"""
