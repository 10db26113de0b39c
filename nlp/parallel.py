"""A function over a stream of items on every core: results in input order, a bounded number in flight."""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int, *, chunk: int = 1,
                ahead: int = 4) -> Iterator[R]:
    """fn(item) for each item, in order. With more than one worker, items go to forked processes `chunk` at a time
    and at most `ahead` chunks a worker wait unread, so memory stays flat however long the stream is."""
    if workers <= 1:
        yield from map(fn, items)
        return
    # A worker never collects what it inherited: a collection writes to every object it visits, which would copy
    # all of the parent's pages into each worker.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=gc.freeze)
    try:
        pending = deque()
        items = iter(items)
        while group := tuple(islice(items, chunk)):
            pending.append(pool.submit(_apply, fn, group))
            if len(pending) >= workers * ahead:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(cancel_futures=True)


def _apply(fn: Callable[[T], R], group: tuple[T, ...]) -> list[R]:
    return [fn(item) for item in group]
