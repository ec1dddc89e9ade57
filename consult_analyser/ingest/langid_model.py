"""py3langid's naive Bayes language model, scored with numpy for many texts at once.

py3langid walks a byte n-gram automaton one text and one byte at a time in Python. Here the
automaton is walked for a whole batch of texts in lock-step (a few numpy operations per byte
position), the n-gram counts of every text are collected in a sparse matrix, and the naive
Bayes sums are one sparse-matrix product. Features, weights (log1p of the count), the
temperature (square root of the byte length) and the softmax are py3langid's
(``classify`` with ``norm_probs=True``); the float32 sums run from the class prior through
the features in ascending order, so probabilities can differ from the library's in the last
bits only.

Loading py3langid's model means decompressing about 70 MB of LZMA (a second or more), so the
tables restricted to our languages are kept, uncompressed, in a per-user cache folder and read
from there afterwards (a few tens of milliseconds). The cache is keyed by the library version,
the model file's size and date and the language list, and is rebuilt whenever any of them
changes; without a writable folder the model is simply loaded from the library every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from consult_analyser.paths import prune_cache

__all__ = ["LangidModel", "encode"]

_BYTE_BUDGET = 1 << 20  # texts x padded length walked at once: bounds the temporary arrays
_MAX_GROUP = 4096
_SMALL_BATCH_BYTES = 4096  # below this many bytes in all, a plain Python walk is quicker
_CACHE_FORMAT = 1


def encode(text: str) -> bytes:
    """The bytes py3langid scores for ``text``: lower-cased when all in capitals, NFC, UTF-8."""
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf-8", "surrogatepass")


class LangidModel:
    """py3langid's model restricted to ``languages``; :meth:`classify_many` scores a batch."""

    def __init__(self, languages: Sequence[str], cache_dir: Path | None = None) -> None:
        tables = _load_tables(tuple(languages), cache_dir)
        self.labels: list[str] = [str(label) for label in tables["labels"]]
        self.nextmove = tables["nextmove"]  # (rows x 256,) next state for (row of state, byte)
        self.rowbase = tables["rowbase"].astype(np.int32)  # state -> offset of its row in nextmove
        self.output = tables["output"]  # state -> feature completed on entering it, or -1
        # Row 0 holds the class priors, row f + 1 the log P(feature f | language) column.
        self.table = np.ascontiguousarray(np.vstack([tables["pc"][None, :].astype(np.float32),
                                                     tables["ptc"].astype(np.float32)]))
        self.n_features = self.table.shape[0] - 1
        self._plain: tuple[memoryview, list[int], list[int]] | None = None
        first: dict[str, int] = {}
        self.alias_pairs: list[tuple[int, int]] = []  # (first, duplicate) columns of a label held twice
        for i, label in enumerate(self.labels):
            if label in first:
                self.alias_pairs.append((first[label], i))
            else:
                first[label] = i

    def classify(self, text: str) -> tuple[str, float]:
        """(language code, probability) for ``text``; ("", 0.0) when it has no known n-gram."""
        return self.classify_many([text])[0]

    def classify_many(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """(language code, probability) for each text, as :meth:`classify` would give one by one."""
        encoded = [encode(text) for text in texts]
        best, probability = self.score_encoded(encoded)
        return [(self.labels[b], float(p)) if b >= 0 else ("", 0.0) for b, p in zip(best.tolist(), probability, strict=False)]

    def score_encoded(self, encoded: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
        """Best class index (-1 when no n-gram of the model occurs) and its probability, per text."""
        n = len(encoded)
        best = np.full(n, -1, dtype=np.int64)
        probability = np.zeros(n, dtype=np.float64)
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=n)
        order = np.argsort(lengths, kind="stable")
        start = int(np.searchsorted(lengths[order], 1))  # empty texts have no n-grams
        while start < n:
            stop = min(n, start + _MAX_GROUP)
            while stop - start > 16 and (stop - start) * int(lengths[order[stop - 1]]) > _BYTE_BUDGET:
                stop = start + (stop - start) // 2
            rows = order[start:stop]
            group_best, group_probability = self._score_group([encoded[i] for i in rows.tolist()], lengths[rows])
            best[rows] = group_best
            probability[rows] = group_probability
            start = stop
        return best, probability

    def _score_group(self, chunks: list[bytes], lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        from scipy.sparse import csr_matrix

        n = len(chunks)
        if int(lengths.sum()) <= _SMALL_BATCH_BYTES:
            text, feature = self._walk_one_by_one(chunks)
        else:
            text, feature = self._walk_in_step(chunks, lengths)
        # Counts per (text, feature) in a sparse matrix; column 0 is each text's class prior and
        # feature f is column f + 1, so a row's sum runs prior first, then features in ascending
        # order, each weighted by log1p(count): the order and float32 arithmetic of py3langid.
        rows = np.concatenate([text, np.arange(n)])
        columns = np.concatenate([feature + 1, np.zeros(n, dtype=np.int32)])
        counts = csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=(n, self.n_features + 1))
        counts.sum_duplicates()
        counts.data = np.log1p(counts.data.astype(np.float64)).astype(np.float32)
        counts.data[counts.indices == 0] = 1.0
        scores = np.asarray(counts @ self.table, dtype=np.float32)  # (text, class)
        scores /= np.sqrt(lengths.astype(np.float32))[:, None]  # py3langid's temperature: sqrt(bytes)
        has_features = np.diff(counts.indptr) > 1
        if self.alias_pairs:  # pragma: no cover - none among the languages we keep
            return self._folded(scores, has_features)
        best = scores.argmax(axis=1)
        top = np.take_along_axis(scores, best[:, None], axis=1)
        total = np.cumsum(np.exp(scores - top), axis=1)[:, -1]  # summed in class order
        probability = 1.0 / total.astype(np.float64)
        return np.where(has_features, best, -1), np.where(has_features, probability, 0.0)

    def _walk_in_step(self, chunks: list[bytes], lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(text, feature) of every n-gram met, walking all texts together one byte position at a time."""
        n, width = len(chunks), int(lengths.max())
        flat = np.frombuffer(b"".join(chunks), dtype=np.uint8)
        offsets = np.zeros(n, dtype=np.int64)
        np.cumsum(lengths[:-1], out=offsets[1:])
        steps = np.arange(width)[:, None]
        inside = steps < lengths[None, :]  # (position, text)
        data = np.where(inside, flat[np.minimum(offsets[None, :] + steps, len(flat) - 1)], 0).astype(np.int32)
        states = np.empty((width, n), dtype=np.uint32)
        base = np.full(n, self.rowbase[0], dtype=np.int32)  # every text starts in state 0
        index = np.empty(n, dtype=np.int32)
        nextmove, rowbase, add = self.nextmove, self.rowbase, np.add
        for t in range(width):  # padding past a text's end is walked too, and masked below
            add(base, data[t], out=index)
            nextmove.take(index, out=states[t], mode="clip")
            rowbase.take(states[t], out=base, mode="clip")
        features = self.output.take(states, mode="clip")
        position, text = np.nonzero(inside & (features >= 0))
        return text, features[position, text]

    def _walk_one_by_one(self, chunks: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
        """The same walk in plain Python: cheaper than numpy calls per byte for a few short texts."""
        nextmove, rowbase, output = self._lists()
        texts: list[int] = []
        features: list[int] = []
        for number, chunk in enumerate(chunks):
            state = 0
            for byte in chunk:
                state = nextmove[rowbase[state] + byte]
                feature = output[state]
                if feature >= 0:
                    features.append(feature)
                    texts.append(number)
        return np.array(texts, dtype=np.int64), np.array(features, dtype=np.int32)

    def _lists(self) -> tuple[memoryview, list[int], list[int]]:
        if self._plain is None:
            self._plain = (self.nextmove.data, self.rowbase.tolist(), self.output.tolist())
        return self._plain

    def _folded(self, scores: np.ndarray, has_features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Probabilities with a duplicated label's columns summed into its first one."""
        probabilities = np.exp(scores - scores.max(axis=1, keepdims=True))
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        for i, j in self.alias_pairs:
            probabilities[:, i] += probabilities[:, j]
            probabilities[:, j] = 0.0
        best = probabilities.argmax(axis=1)
        probability = np.take_along_axis(probabilities, best[:, None], axis=1)[:, 0].astype(np.float64)
        return np.where(has_features, best, -1), np.where(has_features, probability, 0.0)


# ------------------------------------------------------------------------------------- loading

def _model_file() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return Path(MODEL_DIR) / MODEL_FILE


def _cache_key(languages: tuple[str, ...]) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        library = version("py3langid")
    except PackageNotFoundError:  # pragma: no cover - a frozen bundle without metadata
        library = "unknown"
    stat = _model_file().stat()
    raw = f"{_CACHE_FORMAT}|{library}|{stat.st_size}|{stat.st_mtime_ns}|{','.join(languages)}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def default_cache_dir() -> Path | None:
    """``CONSULT_CACHE_DIR`` when set, else ``cache`` in the per-user data folder; None if unwritable."""
    override = os.environ.get("CONSULT_CACHE_DIR")
    try:
        if override:
            path = Path(override)
        else:
            from consult_analyser.paths import user_data_dir

            path = user_data_dir() / "cache"
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path


def _load_tables(languages: tuple[str, ...], cache_dir: Path | None) -> dict[str, np.ndarray]:
    cache_dir = cache_dir if cache_dir is not None else default_cache_dir()
    path = cache_dir / f"langid-{_cache_key(languages)}.npz" if cache_dir is not None else None
    if path is not None and path.exists():
        try:
            with np.load(path, allow_pickle=False) as data:
                return {name: data[name] for name in data.files}
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache file: rebuild it below
    tables = _tables_from_library(languages)
    if path is not None:
        _write_atomically(path, tables)
    return tables


def _tables_from_library(languages: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The model's automaton and the naive Bayes columns of ``languages`` (slow: decompresses it)."""
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, output = load_model(_model_file())
    keep = [i for i, label in enumerate(classes) if label in set(languages)]
    return {
        "labels": np.array([classes[i] for i in keep]),
        "nextmove": np.frombuffer(nextmove, dtype=f"u{nextmove.itemsize}").copy(),
        "rowbase": np.asarray(row, dtype=np.int32) * np.int32(256),
        "output": np.asarray(output, dtype=np.int32),
        "ptc": np.ascontiguousarray(np.asarray(ptc)[:, keep]),
        "pc": np.asarray(pc, dtype=np.float32)[keep],
    }


def _write_atomically(path: Path, tables: dict[str, np.ndarray]) -> None:
    """Write the cache file under a temporary name, then rename it (readers never see half a file)."""
    temporary = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.stem, suffix=".tmp", delete=False) as fh:
            temporary = fh.name
            np.savez(fh, **tables)  # type: ignore[arg-type]
        os.replace(temporary, path)
        prune_cache(path.parent, "langid-*.npz", keep=3)  # about 50 MB each
    except OSError:  # a read-only or full disk: run without the cache
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
