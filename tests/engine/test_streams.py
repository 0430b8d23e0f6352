"""Named random streams: independent of creation order, restartable per week."""

from __future__ import annotations

import numpy as np

from sim.engine.streams import Streams


def test_named_streams_are_independent_of_creation_order():
    s1, s2 = Streams(7), Streams(7)
    x = s1["deaths"].random(5)
    s2["needs"].random(1000)
    assert np.array_equal(x, s2["deaths"].random(5))
    assert not np.array_equal(Streams(7)["deaths"].random(5), Streams(7)["needs"].random(5))


def test_a_restarted_stream_does_not_remember_how_much_was_drawn_before():
    s1, s2 = Streams(7), Streams(7)
    s1["needs"].random(123)  # one run drew more this week than the other
    s1.restart(5), s2.restart(5)  # s2 creates the stream after the restart
    x = s1["needs"].standard_normal(10)
    assert np.array_equal(x, s2["needs"].standard_normal(12)[:10])  # and fewer slots
    s1.restart(6)
    assert not np.array_equal(x, s1["needs"].standard_normal(10))
    s1.restart("year 52")
    assert not np.array_equal(x, s1["needs"].standard_normal(10))
