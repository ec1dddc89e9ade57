"""Nothing leaves the machine: import, sectors, themes (with the ONNX MiniLM model, whose runtime
carries telemetry), autocode and every export run under ``strace -f -e trace=network``; any
AF_INET/AF_INET6 socket call outside loopback (a DNS query included) fails the test.

strace is installed here when missing and possible (Debian/Ubuntu, as root); otherwise the test
is skipped with the reason."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from consult_analyser.netcheck import can_trace, outside_lines, run_traced
from tests.conftest import REPO

# onnxruntime's uploader looked up its collector about 30 s after the runtime loaded: the run
# stays alive that long after loading it, so a lookup would be seen.
SETTLE = 35

SCRIPT = r"""
import sys, time
from pathlib import Path
from consult_analyser.paths import configure_runtime
configure_runtime()
from consult_analyser.cli.main import main

work = Path(sys.argv[1])
project = str(work / "p.consult")
sample = Path(sys.argv[2])
assert main(["-q", "import", project, str(sample)]) == 0
assert main(["-q", "sectors", project]) == 0
assert main(["-q", "themes", project, "--embedder", "minilm-l6-onnx-int8"]) == 0
loaded = time.monotonic()
assert main(["-q", "autocode", project]) in (0, 1)
for name in ("annex.xlsx", "report.docx", "project.qdpx", "codebook.qdc", "responses.csv"):
    main(["-q", "export", project, str(work / name)])
main(["-q", "codebook", project, "--export", str(work / "codebook.csv")])
from consult_analyser.pipeline.embeddings import OnnxMiniLMEmbedder
OnnxMiniLMEmbedder().encode(["nothing leaves the machine"])
time.sleep(float(sys.argv[3]))
import socket
socket.socketpair()[0].close()  # a local call the trace must see: proof that it traced this process
print("done")
"""


def _ensure_strace() -> str | None:
    if shutil.which("strace") is None and sys.platform.startswith("linux") and shutil.which("apt-get") \
            and hasattr(os, "geteuid") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-q", "strace"], capture_output=True, timeout=300)
    return can_trace()


def test_outside_lines_reads_strace_output():
    trace = "\n".join([
        '12 socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 5',
        '12 connect(5, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT',
        '12 bind(7, {sa_family=AF_INET6, sin6_port=htons(0), inet_pton(AF_INET6, "::1", &sin6_addr)}, 28) = 0',
        '12 connect(8, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
        '13 connect(13, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0',
        '14 connect(9, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("20.42.65.92")}, 16) = 0',
    ])
    bad = outside_lines(trace)
    assert len(bad) == 2 and "htons(53)" in bad[0] and "20.42.65.92" in bad[1]


def test_no_network_access_in_the_whole_pipeline(tmp_path):
    reason = _ensure_strace()
    if reason:
        pytest.skip(f"network check not possible here: {reason}")
    from tests.conftest import write_survey

    sample = write_survey(tmp_path / "survey.csv")
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    env.pop("ORT_DISABLE_TELEMETRY", None)  # the application must turn it off itself
    result = run_traced([sys.executable, "-c", SCRIPT, str(tmp_path), str(sample), str(SETTLE)], env=env,
                        cwd=str(tmp_path), timeout=900)
    assert result.returncode == 0 and "done" in result.stdout, result.stderr[-3000:]
    assert result.calls > 0  # the trace saw the script's own local socket pair
    assert not result.outside, "\n".join(result.outside[:10])
    assert not result.internet, "\n".join(result.internet[:10])  # not even on loopback (urllib3's IPv6 probe)
