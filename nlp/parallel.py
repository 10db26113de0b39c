"""A function over a stream of items on every core: results in input order, a bounded number in flight."""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def ordered_map(
    fn: Callable[[T], R], items: Iterable[T], workers: int, *, chunk: int = 1, ahead: int = 4
) -> Iterator[R]:
    """fn(item) for each item, in order. With more than one worker, items go to forked processes `chunk` at a time
    and at most `ahead` chunks a worker wait unread, so memory stays flat however long the stream is."""
    if workers <= 1:
        yield from map(fn, items)
        return
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker, initargs=(os.getpid(),)
    )
    try:
        pending: deque[Future[list[R]]] = deque()
        items = iter(items)
        while group := tuple(islice(items, chunk)):
            pending.append(pool.submit(_apply, fn, group))
            if len(pending) >= workers * ahead:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(cancel_futures=True)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _start_worker(parent: int) -> None:
    """A worker ends with its parent: killed with SIGKILL the moment the parent dies however it dies (kill -9
    included), instead of sleeping on its queue for ever under init; gone at once if the parent died before this.

    A worker never collects what it inherited: a collection writes to every object it visits, which would copy
    all of the parent's pages into each worker."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
    gc.freeze()


def _apply(fn: Callable[[T], R], group: tuple[T, ...]) -> list[R]:
    return [fn(item) for item in group]
