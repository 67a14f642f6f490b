"""Output stage: a rendered report (text or bytes) to a file, standard output or a device, never destroying a file.

In: the content, where the user asked it to go (a path, ``-`` or None for standard
output) and the files the command reads (its inputs). Out: the content written
whole, or a ``GuidediffError`` with one sentence and nothing changed on disk.

Rules, in the order they are applied:

- ``-`` (or no path) is standard output; so are ``/dev/stdout``, ``/dev/fd/1`` and
  ``/proc/self/fd/1``, and ``/dev/fd/N`` is the open descriptor N. These are written
  to as they are (a terminal, a pipe or a file the shell opened), never replaced.
- Symbolic links are followed one hop at a time to the file they name, and that file
  is written; the link stays a link. A link to a missing file creates that file.
- An output that is one of the inputs (the same file, through any link or hard
  link) is refused before anything is written.
- A regular file is replaced atomically: the content goes to a temporary file in the
  same folder, which then takes the file's place, so a failure (disk full, an
  interrupt) leaves the old file as it was. The replacement keeps the old file's
  permission bits (and its owner, where the process may set it); a new file gets
  the usual permissions of the umask.
- A character device (a terminal, ``/dev/null``, ``/dev/full``) or a named pipe is
  opened and written to directly; it is never replaced by a regular file.
- Folders, block devices (disks) and sockets are refused.
- Every failure (no space left, permission denied, missing folder, read-only file
  system) is one ``OutputError`` sentence naming the path.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from guidediff.errors import GuidediffError

STDOUT = "-"
MAX_LINK_HOPS = 40  # as the kernel's own limit on symbolic links in one lookup

_FD_DIRECTORIES = ("/dev/fd", "/proc/self/fd")
_STANDARD_STREAMS = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
_REASONS = {
    errno.ENOSPC: "no space is left on the device",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "it is on a read-only file system",
    errno.ENOENT: "no such file or folder",
    errno.EISDIR: "it is a folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EBADF: "it is not open for writing",
    errno.ENXIO: "no device is there (a named pipe with no reader?)",
    errno.EIO: "an input/output error on the device",
    errno.EFBIG: "the file would be too large",
}


class OutputError(GuidediffError):
    """The output cannot be written where the user asked (or must not be)."""


def reason(error: OSError) -> str:
    """An OSError in a few plain words ("no space is left on the device")."""
    return _REASONS.get(error.errno or 0) or (error.strerror or str(error)).lower()


@dataclass(frozen=True, slots=True)
class Target:
    """Where output goes once links are followed.

    ``kind`` is "stdout", "descriptor" (an open file descriptor ``fd``), "new" (a file
    to create), "file" (a regular file to replace), "device" (a character device) or
    "pipe" (a named pipe). ``path`` is the file reached through any links.
    """

    given: str
    kind: str
    path: str = ""
    fd: int | None = None

    @property
    def shown(self) -> str:
        """The path as given, and where its links lead when that is elsewhere: for messages."""
        if self.path and self.path != os.path.abspath(self.given) and self.fd is None:
            return f"'{self.given}' (the link leads to '{self.path}')"
        return f"'{self.given}'"

    @property
    def replaces(self) -> bool:
        return self.kind in ("new", "file")

    @property
    def is_stream(self) -> bool:
        """Written as a stream (stdout, a descriptor, a device, a pipe), not as a file that gets a name."""
        return self.kind in ("stdout", "descriptor", "device", "pipe")


def _descriptor(path: str) -> int | None:
    """N for /dev/fd/N, /proc/self/fd/N or /proc/<this process>/fd/N; 0-2 for /dev/stdin, stdout, stderr."""
    if path in _STANDARD_STREAMS:
        return _STANDARD_STREAMS[path]
    folder, name = os.path.split(path)
    if name.isdigit() and (folder in _FD_DIRECTORIES or folder == f"/proc/{os.getpid()}/fd"):
        return int(name)
    return None


def _follow_links(given: str) -> tuple[str, int | None]:
    """The path a chain of symbolic links ends at, or the descriptor it names on the way.

    Links are followed one at a time (not with ``realpath``) so that ``/dev/stdout``
    is recognised as standard output before the kernel's ``/proc/self/fd/1`` turns it
    into "pipe:[1234]".
    """
    path = os.path.abspath(given)
    for _ in range(MAX_LINK_HOPS):
        fd = _descriptor(path)
        if fd is not None:
            return path, fd
        folder, name = os.path.split(path)
        real_folder = os.path.realpath(folder)
        fd = _descriptor(os.path.join(real_folder, name))
        if fd is not None:
            return path, fd
        path = os.path.join(real_folder, name)
        try:
            pointed = os.readlink(path)
        except OSError:  # not a link (or not there): this is where the output goes
            return path, None
        path = os.path.normpath(os.path.join(real_folder, pointed))
    raise OutputError(f"cannot write '{given}': it is a chain of more than {MAX_LINK_HOPS} symbolic links (a loop?)")


def same_file(path: str, inputs: Iterable[str | os.PathLike[str]]) -> str | None:
    """The input that ``path`` is (the same file, through links or hard links), or None."""
    try:
        here = os.stat(path)
    except OSError:
        return None
    for source in inputs:
        try:
            there = os.stat(source)
        except (OSError, ValueError):
            continue
        if (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino):
            return os.fspath(source)
    return None


def plan(output: str | None, inputs: Iterable[str | os.PathLike[str]] = ()) -> Target:
    """Where ``output`` would be written, checked before any work is done: one ``OutputError`` sentence otherwise."""
    if output is None or output == STDOUT:
        return Target(STDOUT, "stdout", fd=1)
    if not output.strip():
        raise OutputError("the output file name is empty; give a file name, or - for standard output")
    path, fd = _follow_links(output)
    if fd is not None:
        return Target(output, "stdout" if fd == 1 else "descriptor", path, fd)
    through = f" (the link leads to '{path}')" if os.path.abspath(output) != path else ""
    clash = same_file(path, inputs)
    if clash is not None:
        raise OutputError(f"will not write to '{output}'{through}: it is the input '{clash}', which the output "
                          "would destroy; choose another output file")
    try:
        status = os.stat(path)
    except FileNotFoundError:
        folder = os.path.dirname(path) or "."
        if not os.path.isdir(folder):
            where = f"the folder '{folder}' does not exist"
            raise OutputError(f"cannot write '{output}'{through}: {where}") from None
        return Target(output, "new", path)
    except OSError as error:
        raise OutputError(f"cannot write '{output}'{through}: {reason(error)}") from None
    mode = status.st_mode
    if stat.S_ISREG(mode):
        if not os.access(path, os.W_OK):
            raise OutputError(f"cannot write '{output}'{through}: permission denied (the file is read-only)")
        return Target(output, "file", path)
    if stat.S_ISCHR(mode):
        return Target(output, "device", path)
    if stat.S_ISFIFO(mode):
        return Target(output, "pipe", path)
    if stat.S_ISDIR(mode):
        raise OutputError(f"cannot write '{output}'{through}: it is a folder; give a file name inside it")
    what = "a disk (block device)" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a file"
    raise OutputError(f"will not write to '{output}'{through}: it is {what}, and writing would destroy what is there")


def write(content: str | bytes, output: str | None, inputs: Iterable[str | os.PathLike[str]] = (), *,
          stdout: BinaryIO | None = None) -> Target:
    """Write ``content`` (text is written as UTF-8 with "\\n" line ends) where ``output`` says; see the module rules.

    ``stdout`` is the binary stream standing for standard output (default
    ``sys.stdout.buffer``). Returns the ``Target`` written. Raises ``OutputError``.
    """
    target = plan(output, inputs)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if target.kind == "stdout":
        stream = stdout if stdout is not None else getattr(sys.stdout, "buffer", None)
        if stream is None:
            raise OutputError("standard output takes no bytes here; write to a file with -o FILE")
        try:
            stream.write(data)
            stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError(f"cannot write to standard output: {reason(error)}") from None
        return target
    if target.kind == "descriptor":
        _write_descriptor(target, data)
    elif target.kind in ("device", "pipe"):
        _write_stream(target, data)
    else:
        _replace(target, data)
    return target


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _write_descriptor(target: Target, data: bytes) -> None:
    assert target.fd is not None
    try:
        _write_all(target.fd, data)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write to {target.shown}: {reason(error)}") from None


def _write_stream(target: Target, data: bytes) -> None:
    """A device or named pipe: opened for writing as it is (no create, no truncate, no replace)."""
    try:
        fd = os.open(target.path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise OutputError(f"cannot write to {target.shown}: {reason(error)}") from None
    try:
        _write_all(fd, data)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write to {target.shown}: {reason(error)}") from None
    finally:
        os.close(fd)


def _umask() -> int:
    # The only portable way to read the umask is to set it; set it straight back.
    current = os.umask(0)
    os.umask(current)
    return current


def _replace(target: Target, data: bytes) -> None:
    """A regular file (or a new one) replaced atomically through a temporary file beside it."""
    path = Path(target.path)
    existing: os.stat_result | None = None
    if target.kind == "file":
        existing = os.stat(path)
        if not os.access(path, os.W_OK):
            raise OutputError(f"cannot write {target.shown}: permission denied (the file is read-only)")
    import tempfile  # here, not at the top: the command line imports this module to start (see cli.py)

    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if existing is not None:
            os.chmod(temporary, stat.S_IMODE(existing.st_mode))
            if (existing.st_uid, existing.st_gid) != (os.getuid(), os.getgid()):
                try:
                    os.chown(temporary, existing.st_uid, existing.st_gid)
                except OSError:
                    pass  # only the superuser may give a file away; the content still lands
        else:
            os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes files private (0600); a report is not
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        raise OutputError(f"cannot write {target.shown}: {reason(error)}") from None
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


_SIZE_UNITS = ("bytes", "KB", "MB", "GB")


def describe_size(size: int) -> str:
    """"154 KB" for a byte count, in the units a reader expects."""
    value, unit = float(size), 0
    while value >= 1024 and unit < len(_SIZE_UNITS) - 1:
        value /= 1024
        unit += 1
    return f"{size} bytes" if unit == 0 else f"{value:.0f} {_SIZE_UNITS[unit]}" if value >= 10 \
        else f"{value:.1f} {_SIZE_UNITS[unit]}"

