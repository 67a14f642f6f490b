"""Batch stage, engines: where the tasks run — this process, a local process pool, or a Dask cluster.

In: the reading requests and ``PairTask``s of a batch. Out: their results, one at a
time as each finishes (``(position, result)``, so the caller puts them back in plan
order). An engine runs ``tasks`` functions and nothing else; it writes no file.

- ``LocalEngine(workers)``: with one worker, each task in this process; with more, a
  ``concurrent.futures`` process pool of that many processes. The reading phase fills the
  on-disk read cache and each comparison loads its two documents from it, so a
  document is read once however many pairs it is in, and nothing large crosses
  between processes but the rendered reports. Workers ignore Ctrl-C: the batch
  stops them itself (``stop``), so an interrupt prints no worker tracebacks. A
  worker that dies (out of memory) fails its task with a clear line; the rest go on.
  The longest work is handed out first (largest files, most pages), so two workers
  finish close together.
- ``DaskEngine(client)``: the same tasks on an existing Dask distributed cluster
  (``connect("tcp://host:8786")``, or a ``distributed.Client`` of a
  ``LocalCluster``). Each file's bytes are scattered once under the key
  ``guidediff-pdf-<sha256>``; its document is the task ``guidediff-document-<sha256>``
  and stays in the cluster's memory until the last pair it is in is done; each pair is the task
  ``guidediff-pair-<PairTask.key>``. Keys are digests of the inputs, so equal work
  is done once and a result is the same wherever it ran. Workers must run the same
  guidediff (version and reader) as the client, or ``connect`` refuses them.
"""

from __future__ import annotations

import signal
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from guidediff.batch import tasks
from guidediff.batch.pairing import DocumentSummary
from guidediff.batch.tasks import CacheSetting, Failure, PairOutcome, PairTask
from guidediff.errors import GuidediffError, InputError
from guidediff.pdf.files import read_bytes

DASK_EXTRA = "pip install 'guidediff[dask]'"
CONNECT_TIMEOUT_SECONDS = 20


@dataclass(frozen=True, slots=True)
class ReadRequest:
    """One file to read: where it is, its SHA-256 and its size in bytes (to hand out the largest first)."""

    path: str
    sha256: str
    size: int = 0


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


CRASHED = ("a worker process died while working on it (out of memory?); "
           "run the batch again with fewer --workers")


class LocalEngine:
    """Tasks in this process (one worker) or in a pool of worker processes."""

    def __init__(self, workers: int = 1) -> None:
        if workers < 1:
            raise InputError(f"--workers must be at least 1, not {workers}")
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._scratch: tempfile.TemporaryDirectory[str] | None = None

    @property
    def description(self) -> str:
        return "this process" if self.workers == 1 else f"{self.workers} worker processes"

    def _cache(self, cache: CacheSetting) -> CacheSetting:
        """Without a cache (--no-cache), a private one for this batch: each file is still read once, nothing old is used."""
        if cache is not False:
            return cache
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="guidediff-batch-")
        return self._scratch.name

    def _run(self, function: Callable[..., Any], jobs: list[tuple[int, tuple[Any, ...]]],
             crashed: Callable[[int], Any]) -> Iterator[tuple[int, Any]]:
        if self.workers == 1 or len(jobs) == 1:
            for position, arguments in jobs:
                yield position, function(*arguments)
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, initializer=_ignore_interrupts)
        # Submitted longest first; the pool hands them out in that order.
        futures = {self._pool.submit(function, *arguments): position for position, arguments in jobs}
        for future in as_completed(futures):
            try:
                result = future.result()
            except BrokenProcessPool:
                self._pool = None  # every task still in it fails the same way; the next phase gets a new pool
                result = crashed(futures[future])
            yield futures[future], result

    def read(self, requests: Sequence[ReadRequest], password: str | None,
             cache: CacheSetting) -> Iterator[tuple[int, DocumentSummary | Failure]]:
        cache = self._cache(cache)
        order = sorted(range(len(requests)), key=lambda position: (-requests[position].size, position))
        jobs = [(position, (requests[position].path, requests[position].sha256, password, cache)) for position in order]
        return self._run(tasks.read_summary, jobs, lambda position: Failure(CRASHED))

    def compare(self, pairs: Sequence[PairTask], weights: Sequence[int], password: str | None,
                cache: CacheSetting) -> Iterator[tuple[int, PairOutcome]]:
        cache = self._cache(cache)
        order = sorted(range(len(pairs)), key=lambda position: (-weights[position], position))
        return self._run(tasks.compare_cached, [(position, (pairs[position], password, cache)) for position in order],
                         lambda position: PairOutcome(tasks.failed_entry(pairs[position], CRASHED)))

    def stop(self) -> None:
        """Abandon all work at once (Ctrl-C): queued tasks are cancelled and worker processes ended, not waited for."""
        pool, self._pool = self._pool, None
        if pool is not None:
            processes = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:  # concurrent.futures has no public way to end a running task
                process.terminate()
            for process in processes:
                process.join()
        self.close()

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None


class DaskEngine:
    """Tasks on a Dask distributed cluster, through a ``distributed.Client``."""

    def __init__(self, client: Any, *, owns_client: bool = False) -> None:
        self.client = client
        self._owns_client = owns_client
        self._documents: dict[str, Any] = {}  # sha256 -> the future of its Document, while a pair needs it
        self._futures: set[Any] = set()  # submitted and not finished: what an interrupt cancels

    @property
    def description(self) -> str:
        workers = len(self.client.scheduler_info().get("workers", {}))
        return f"the Dask cluster at {self.client.scheduler.address} ({workers} workers)"

    @classmethod
    def connect(cls, address: str) -> DaskEngine:
        """A client of the scheduler at ``address`` whose workers run this guidediff; one clear sentence otherwise."""
        distributed = import_distributed()
        try:
            client = distributed.Client(address, timeout=CONNECT_TIMEOUT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise InputError(f"cannot reach the Dask scheduler at '{address}': {error}") from None
        engine = cls(client, owns_client=True)
        try:
            engine.check_workers()
        except BaseException:
            client.close()
            raise
        return engine

    def check_workers(self) -> None:
        if not self.client.scheduler_info().get("workers"):
            try:
                self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_SECONDS)
            except (TimeoutError, OSError):
                raise InputError(f"the Dask scheduler at '{self.client.scheduler.address}' has no workers") from None
        mine = tasks.worker_identity()
        theirs = self.client.run(tasks.worker_identity, on_error="return")
        for worker, identity in sorted(theirs.items()):
            if isinstance(identity, BaseException):
                raise InputError(f"the Dask worker {worker} cannot run guidediff ({type(identity).__name__}: "
                                 f"{identity}); install guidediff {mine[0]} on every worker")
            if tuple(identity) != mine:
                raise InputError(f"the Dask worker {worker} runs guidediff {identity[0]} (reader {identity[1]}), "
                                 f"this is {mine[0]} (reader {mine[1]}); install the same guidediff on every worker")

    def _completed(self, futures: dict[Any, list[int]]) -> Iterator[tuple[int, Any]]:
        distributed = import_distributed()
        completed = distributed.as_completed(list(futures), loop=self.client.loop, with_results=True, raise_errors=False)
        for future, result in completed:
            self._futures.discard(future)
            if isinstance(result, BaseException):  # a lost worker, a result that could not travel
                result = Failure(f"the Dask cluster failed this task: {type(result).__name__}: {result}")
            for position in futures[future]:
                yield position, result

    def read(self, requests: Sequence[ReadRequest], password: str | None,
             cache: CacheSetting) -> Iterator[tuple[int, DocumentSummary | Failure]]:
        # The workers' own read caches; a folder of this machine means nothing on theirs.
        worker_cache = cache if isinstance(cache, bool) else True
        summaries: dict[Any, list[int]] = {}  # two paths may hold the same file: one task, two positions
        ready: list[tuple[int, Failure]] = []
        for position, request in enumerate(requests):
            if request.sha256 not in self._documents:
                try:
                    data = read_bytes(request.path)
                except GuidediffError as error:
                    ready.append((position, Failure(str(error))))
                    continue
                scattered = self.client.scatter({f"guidediff-pdf-{request.sha256}": data})
                self._documents[request.sha256] = self.client.submit(
                    tasks.read_document, scattered[f"guidediff-pdf-{request.sha256}"], request.path, request.sha256,
                    password, worker_cache, key=f"guidediff-document-{request.sha256}", priority=request.size)
            summary = self.client.submit(tasks.summarize_document, self._documents[request.sha256],
                                         key=f"guidediff-summary-{request.sha256}")
            summaries.setdefault(summary, []).append(position)
            self._futures.add(summary)
        yield from ready
        yield from self._completed(summaries)

    def compare(self, pairs: Sequence[PairTask], weights: Sequence[int], password: str | None,
                cache: CacheSetting) -> Iterator[tuple[int, PairOutcome]]:
        # A document stays in the cluster's memory only while a pair still needs it.
        uses = Counter(sha256 for task in pairs for sha256 in {task.old.sha256, task.new.sha256})
        for sha256 in [sha256 for sha256 in self._documents if sha256 not in uses]:
            del self._documents[sha256]
        futures: dict[Any, list[int]] = {}
        for position, task in enumerate(pairs):
            future = self.client.submit(tasks.compare_pair, self._documents[task.old.sha256],
                                        self._documents[task.new.sha256], task, key=f"guidediff-pair-{task.key}",
                                        priority=weights[position])
            futures.setdefault(future, []).append(position)
            self._futures.add(future)
        for position, result in self._completed(futures):
            task = pairs[position]
            for sha256 in {task.old.sha256, task.new.sha256}:
                uses[sha256] -= 1
                if not uses[sha256]:
                    self._documents.pop(sha256, None)
            if isinstance(result, Failure):
                result = PairOutcome(tasks.failed_entry(task, result.message))
            yield position, result

    def stop(self) -> None:
        pending = list(self._futures) + list(self._documents.values())
        if pending:
            self.client.cancel(pending)
        self.close()

    def close(self) -> None:
        self._futures.clear()
        self._documents.clear()
        if self._owns_client:
            self._owns_client = False  # closed once, however often close is called
            self.client.close()


def import_distributed() -> Any:
    """The ``distributed`` package, or one sentence saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise InputError(f"--scheduler needs Dask distributed, which is not installed; {DASK_EXTRA}") from None
    return distributed


Engine = LocalEngine | DaskEngine
