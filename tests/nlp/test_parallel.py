"""ordered_map: results in input order on any number of workers, and a stream is read only a bounded way ahead."""

import itertools

import pytest

from nlp.parallel import ordered_map


def _square(x: int) -> int:
    return x * x


@pytest.mark.parametrize("workers, chunk", [(1, 1), (2, 1), (2, 7), (3, 50)])
def test_results_come_in_input_order(workers, chunk):
    assert list(ordered_map(_square, range(200), workers, chunk=chunk)) == [x * x for x in range(200)]


def test_an_endless_stream_is_read_a_bounded_way_ahead():
    read = []
    stream = (read.append(x) or x for x in itertools.count())
    first = list(itertools.islice(ordered_map(_square, stream, 2, chunk=3, ahead=2), 5))
    assert first == [0, 1, 4, 9, 16]
    assert len(read) <= 2 * 2 * 3 + 3  # the chunks in flight, and the one being filled
