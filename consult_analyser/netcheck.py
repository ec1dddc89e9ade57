"""Proof that nothing leaves the machine: run a command under ``strace`` and list every socket it
opened, or tried to reach, outside this computer.

Python's own audit hooks see only sockets opened from Python; the libraries underneath (a model
runtime's telemetry, a resolver called from C) are seen only by the kernel, so the check traces
system calls. ``strace -f -e trace=network`` logs every ``socket``, ``connect``, ``bind``,
``sendto``/``sendmsg`` of the process and its threads and children. A socket of family AF_INET
or AF_INET6 is allowed only when every address it names is loopback (``127.*``, ``::1``);
AF_UNIX and AF_NETLINK (local by nature) are ignored. A DNS query (``htons(53)``) is never
allowed, whatever resolver it goes to.

Where ``strace`` is missing or cannot trace (not Linux, no ptrace permission), :func:`can_trace`
says why, and callers skip the check with that message.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

_FAMILY = re.compile(r"\b(AF_INET6?|PF_INET6?)\b")
_ADDRESS = re.compile(r'inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6?, "([^"]+)"')
_LOCAL_FAMILY = re.compile(r"\b(?:AF|PF)_(?:UNIX|LOCAL|NETLINK)\b")
_DNS = re.compile(r"htons\(53\)")
_CALL = re.compile(r"\b(socket|socketpair|connect|bind|sendto|sendmsg|sendmmsg)\(")


def _loopback(address: str) -> bool:
    return (address.startswith("127.") or address in ("::1", "::", "0.0.0.0", "::ffff:127.0.0.1")
            or address.startswith("::ffff:127."))


_INTERNET_SOCKET = re.compile(r"\bsocket\(AF_INET6?,")


def outside_lines(trace: str) -> list[str]:
    """The lines of an ``strace -f -e trace=network`` log that open or reach a non-loopback
    internet socket (any DNS query counts)."""
    bad: list[str] = []
    for line in trace.splitlines():
        if not _CALL.search(line) or _LOCAL_FAMILY.search(line):
            continue
        if _DNS.search(line):
            bad.append(line.strip())
            continue
        addresses = [a or b for a, b in _ADDRESS.findall(line)]
        if addresses:
            if not all(_loopback(a) for a in addresses):
                bad.append(line.strip())
    return bad


def can_trace() -> str | None:
    """None when this machine can trace a command's network calls, else the reason it cannot."""
    if not sys.platform.startswith("linux"):
        return f"the network check needs strace, which this platform ({sys.platform}) lacks"
    if shutil.which("strace") is None:
        return "strace is not installed (on Debian or Ubuntu: apt-get install strace)"
    try:
        probe = subprocess.run(["strace", "-f", "-qq", "-e", "trace=network", "-o", os.devnull, "true"],
                               capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"strace cannot run here ({exc})"
    if probe.returncode != 0:
        return f"strace cannot trace here: {probe.stderr.decode(errors='replace').strip()[:200]}"
    return None


@dataclass
class TraceResult:
    returncode: int
    stdout: str
    stderr: str
    outside: list[str] = field(default_factory=list)
    calls: int = 0  # network system calls seen (local ones included)
    #: internet sockets opened at all, loopback included (a library probing whether IPv6 works binds one
    #: to ::1): the application opens none
    internet: list[str] = field(default_factory=list)


def run_traced(argv: Sequence[str], *, env: dict[str, str] | None = None, cwd: str | Path | None = None,
               timeout: float = 1800, echo: bool = False) -> TraceResult:
    """Run ``argv`` under ``strace -f -e trace=network`` and report the sockets it opened outside
    this machine. With ``echo`` the command's output goes to this process's output as it comes."""
    with tempfile.TemporaryDirectory(prefix="consult-netcheck-") as tmp:
        log = Path(tmp) / "trace.txt"
        command = ["strace", "-f", "-qq", "-e", "trace=network", "-o", str(log), *argv]
        if echo:
            returncode = subprocess.run(command, env=env, cwd=cwd, timeout=timeout).returncode
            stdout = stderr = ""
        else:
            done = subprocess.run(command, env=env, cwd=cwd, timeout=timeout, capture_output=True, text=True)
            returncode, stdout, stderr = done.returncode, done.stdout, done.stderr
        trace = log.read_text(errors="replace") if log.exists() else ""
    calls = sum(1 for line in trace.splitlines() if _CALL.search(line))
    internet = [line.strip() for line in trace.splitlines() if _INTERNET_SOCKET.search(line)]
    return TraceResult(returncode, stdout, stderr, outside_lines(trace), calls, internet)
