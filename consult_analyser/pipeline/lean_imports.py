"""Importing BERTopic and spaCy without back ends the application never uses.

BERTopic and spaCy's thinc import PyTorch, transformers and sentence-transformers as soon as they
are installed, to offer them as back ends; the application uses none of them (its embedders run
on onnxruntime or static vectors). The app bundle does not ship them, but a development install
has them for benchmarks; hiding them while those libraries load keeps start-up the same everywhere
(seconds and hundreds of MB otherwise). Modules already imported are left alone.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

TORCH_STACK = ("sentence_transformers", "transformers", "torch")


@contextmanager
def hidden(*names: str) -> Iterator[None]:
    """Make ``import name`` fail inside the block for modules not yet imported."""
    missing = [name for name in names if name not in sys.modules]
    for name in missing:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in missing:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


def urllib3_without_probe() -> None:
    """Load urllib3 with its IPv6 probe skipped. spaCy imports it (through requests, for its download
    command), and urllib3 binds a socket to ``::1`` as it loads to see whether IPv6 works; the app
    opens no socket at all. The probe's answer matters only to connections, which the app never makes."""
    if "urllib3.util.connection" in sys.modules:
        return
    import socket

    saved = socket.has_ipv6
    socket.has_ipv6 = False
    try:
        import urllib3.util.connection  # noqa: F401
    except ImportError:  # pragma: no cover - not installed: nothing to quieten
        pass
    finally:
        socket.has_ipv6 = saved


@contextmanager
def without_torch_stack() -> Iterator[None]:
    """Make ``import torch`` / ``transformers`` / ``sentence_transformers`` fail inside the block (and
    load urllib3 without its socket probe: :func:`urllib3_without_probe`)."""
    urllib3_without_probe()
    with hidden(*TORCH_STACK):
        yield
