"""Numba's on-disk cache inside the frozen desktop bundle.

Functions compiled with ``cache=True`` (UMAP, PyNNDescent, the language identifier) need a cache
locator. In a PyInstaller bundle their modules live in the PYZ archive, so ``co_filename`` is a
relative path that does not exist on disk, Numba's ``NUMBA_CACHE_DIR`` locator refuses it and the
fallback writes to a folder named after the *current directory*. This locator keeps every compiled
function in ``NUMBA_CACHE_DIR`` (set by ``consult_analyser.paths.configure_runtime`` to a writable
per-user folder), under a path that depends only on the module, and stamps entries with the hash of
the launcher (which holds the bytecode archive), so a new build never reuses stale machine code.

``build_spec/entry.py`` selects it through ``NUMBA_CACHE_LOCATOR_CLASSES`` before Numba is imported;
Numba imports this module the first time it caches a function.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from numba.core import config
from numba.core.caching import UserProvidedCacheLocator, _hash_source_file


def bundled_relative_path(py_file: str) -> str | None:
    """``py_file`` relative to the bundle (``umap/layouts.py``), or None when it is not bundled."""
    if not os.path.isabs(py_file):
        return py_file
    root = getattr(sys, "_MEIPASS", None)
    if root and os.path.normcase(os.path.abspath(py_file)).startswith(os.path.normcase(os.path.abspath(root))):
        return os.path.relpath(py_file, root)
    return None


class FrozenBundleCacheLocator(UserProvidedCacheLocator):
    """Cache functions of modules frozen into the bundle under ``NUMBA_CACHE_DIR/<package path>``."""

    def __init__(self, py_func: Any, py_file: str) -> None:
        relative = bundled_relative_path(py_file) or os.path.basename(py_file)
        self._py_file = py_file
        self._lineno = py_func.__code__.co_firstlineno
        package = os.path.dirname(relative).replace("\\", "/").strip("/").replace("/", "_") or "_top"
        self._cache_path = os.path.join(config.CACHE_DIR, "bundle", package)

    def get_source_stamp(self) -> Any:
        st = os.stat(sys.executable)
        return _hash_source_file(sys.executable, st.st_mtime, st.st_size)

    @classmethod
    def from_function(cls, py_func: Any, py_file: str) -> FrozenBundleCacheLocator | None:
        if not getattr(sys, "frozen", False) or not config.CACHE_DIR or bundled_relative_path(py_file) is None:
            return None
        self = cls(py_func, py_file)
        try:
            self.ensure_cache_path()
        except OSError:
            return None
        return self

