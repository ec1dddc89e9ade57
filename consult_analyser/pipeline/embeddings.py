"""Offline sentence embeddings: one small interface, several interchangeable models.

Every part of the application that needs vectors for text (theme discovery, auto-coding,
campaign detection, sector hints) goes through :func:`get_embedder`. Models ship in
``models/embeddings`` and are loaded from local paths only, lazily, once per process; nothing is
ever downloaded. ``models/README.md`` records how the default was chosen (measured on real,
human-coded survey answers) and ``benchmarks/eval_embeddings.py`` reproduces the measurements.

Embedders:

- ``minilm-l6-onnx-int8`` (default): all-MiniLM-L6-v2 exported to ONNX with mean pooling in the
  graph and int8 weights, run with onnxruntime and the ``tokenizers`` package (no torch).
- ``minilm-m2v``: a Model2Vec static model distilled from the same MiniLM; about 10x faster, a
  little weaker; the sensible choice for very large consultations.
- ``tfidf-svd``: TF-IDF + truncated SVD fitted on the texts it is first given; needs no model files.

:func:`choose_embedder` picks MiniLM when it fits a time budget and the static model otherwise
(on two idle cores MiniLM embeds roughly 100,000 characters of text a second, the static model well
over a million); theme discovery applies it once per project
(:func:`consult_analyser.pipeline.themes.discover.project_embedder`) and keeps the choice.

All return float32 arrays of shape ``(n, dim)`` with L2-normalised rows; empty or whitespace-only
texts give zero rows.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from consult_analyser.progress import ProgressFn

if TYPE_CHECKING:  # pragma: no cover
    from bertopic.backend import BaseEmbedder

DEFAULT_EMBEDDER = "minilm-l6-onnx-int8"
FAST_EMBEDDER = "minilm-m2v"
FALLBACK_EMBEDDER = "tfidf-svd"

# Cost model for choose_embedder(): characters of text embedded per CPU-second by one inference
# thread, measured with benchmarks/eval_embeddings.py (CPU ms per answer; see models/README.md):
# MiniLM 9.8 CPU ms for the AU answers (mean 509 characters), long answers being the slowest per character.
CHARS_PER_CPU_SECOND = {DEFAULT_EMBEDDER: 50_000.0, FAST_EMBEDDER: 1_500_000.0}


@runtime_checkable
class Embedder(Protocol):
    """What every embedding model offers. ``name`` + ``version`` key cached vectors."""

    @property
    def name(self) -> str:
        """Stable identifier, e.g. ``minilm-l6-onnx-int8``."""
        ...

    @property
    def version(self) -> str:
        """Changes whenever the vectors would change (model file digest, settings)."""
        ...

    @property
    def dim(self) -> int:
        """Length of each vector."""
        ...

    def encode(self, texts: Sequence[str], progress: ProgressFn | None = None, batch_size: int = 64) -> np.ndarray:
        """Embed ``texts`` as float32 ``(n, dim)`` with L2-normalised rows (zero rows for blank text)."""
        ...


def models_dir() -> Path:
    """Folder holding the shipped embedding models (source tree, frozen bundle or override)."""
    override = os.environ.get("CONSULT_MODELS_DIR")
    if override:
        return Path(override) / "embeddings"
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "models" / "embeddings"
    return Path(__file__).resolve().parents[2] / "models" / "embeddings"


def n_threads() -> int:
    """Threads for model inference: the cores this process may use (``CONSULT_THREADS`` overrides)."""
    env = os.environ.get("CONSULT_THREADS")
    if env and env.isdigit() and int(env) > 0:
        return int(env)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    np.divide(matrix, norms, out=matrix, where=norms > 0)
    return matrix


def _blank_mask(texts: Sequence[str]) -> np.ndarray:
    return np.fromiter((not (t or "").strip() for t in texts), dtype=bool, count=len(texts))


def _file_digest(path: Path) -> str:
    """Short content hash of a shipped file, so cached vectors go stale when a model changes."""
    meta = path.parent / "embedder.json"
    if meta.exists():
        recorded = json.loads(meta.read_text(encoding="utf-8")).get("sha256", {}).get(path.name)
        if recorded:
            return str(recorded)[:12]
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()[:12]


_LOCK = threading.Lock()
_LOADED: dict[str, Any] = {}


def _cached(key: str, loader: Callable[[], Any]) -> Any:
    """Load a model once per process (thread-safe)."""
    with _LOCK:
        if key not in _LOADED:
            _LOADED[key] = loader()
        return _LOADED[key]


def _require(path: Path) -> Path:
    if not path.exists():
        raise FileNotFoundError(f"Embedding model file missing: {path} (models ship in models/embeddings)")
    return path


def token_batches(lengths: Sequence[int], max_tokens: int = 512, max_texts: int = 64) -> list[np.ndarray]:
    """Group windows (given their token counts) into batches, shortest first: each batch holds at
    most ``max_texts`` windows and at most ``max_tokens`` padded tokens (one window at least).

    Small, evenly padded batches keep the working set in the CPU cache: on the measured machine
    512 tokens a batch embedded about 1.25x faster than 64 texts a batch (see models/README.md).
    """
    order = np.argsort(np.asarray(lengths, dtype=np.int64), kind="stable")
    batches: list[np.ndarray] = []
    start = 0
    for end in range(1, len(order) + 1):
        if end == len(order):
            batches.append(order[start:end])
            break
        size = end + 1 - start
        if size > max_texts or size * int(lengths[order[end]]) > max_tokens:
            batches.append(order[start:end])
            start = end
    return batches


class OnnxMiniLMEmbedder:
    """all-MiniLM-L6-v2 as int8 ONNX; texts longer than ``max_length`` tokens are split into
    windows (at most ``max_windows``) whose pooled vectors are averaged.

    Windows are sorted by length and cut into batches of at most ``max_tokens`` padded tokens;
    :func:`n_threads` batches run at once, each on one core (single-threaded runs of one shared
    session), which wastes less than splitting every operator across the cores. Identical windows
    (answers repeated word for word, or differing only in case) are run once.
    """

    name = DEFAULT_EMBEDDER
    dim = 384

    def __init__(
        self, folder: Path | None = None, max_length: int = 256, max_windows: int = 4, max_tokens: int = 512
    ) -> None:
        self.folder = folder or models_dir() / "minilm-l6-onnx-int8"
        self.max_length = max_length
        self.max_windows = max_windows
        self.max_tokens = max_tokens

    @property
    def version(self) -> str:
        return f"1-{_file_digest(_require(self.folder / 'model.onnx'))}-w{self.max_length}x{self.max_windows}"

    def _load(self) -> tuple[Any, Any]:
        from consult_analyser.paths import configure_runtime

        configure_runtime()  # before onnxruntime loads: no telemetry uploader (see there)
        import onnxruntime as ort
        from tokenizers import Tokenizer

        ort.disable_telemetry_events()

        tokenizer = Tokenizer.from_file(str(_require(self.folder / "tokenizer.json")))
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=self.max_length)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # parallel over batches instead (see encode)
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        # onnxruntime's SkipLayerNormalization kernel is slower here than the LayerNormalization +
        # Add it replaces (about 5 % of the whole run); the vectors are the same either way.
        session = ort.InferenceSession(
            str(_require(self.folder / "model.onnx")),
            sess_options=options,
            providers=["CPUExecutionProvider"],
            disabled_optimizers=["SkipLayerNormFusion"],
        )
        return tokenizer, session

    def load(self) -> tuple[Any, Any]:
        """The (tokenizer, onnxruntime session) pair, loaded on first use."""
        return _cached(f"onnx:{self.folder}:{self.max_length}", self._load)

    def encode(self, texts: Sequence[str], progress: ProgressFn | None = None, batch_size: int = 64) -> np.ndarray:
        """Embed texts; ``batch_size`` caps the windows per batch (``max_tokens`` caps its tokens)."""
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        blank = _blank_mask(texts)
        todo = [i for i in range(len(texts)) if not blank[i]]
        if progress:
            progress(0.0, "Embedding texts")
        if not todo:
            return out
        tokenizer, session = self.load()
        encodings = tokenizer.encode_batch([texts[i] for i in todo])
        owners: list[int] = []
        slots: list[int] = []  # each owner's window among the distinct ones (repeated answers run once)
        distinct: dict[tuple[int, ...], int] = {}
        windows: list[list[int]] = []
        for row, enc in zip(todo, encodings, strict=True):
            for part in [enc, *enc.overflowing][: self.max_windows]:
                ids = tuple(part.ids)
                if ids not in distinct:
                    distinct[ids] = len(windows)
                    windows.append(part.ids)
                owners.append(row)
                slots.append(distinct[ids])
        pooled = np.zeros((len(windows), self.dim), dtype=np.float32)
        batches = token_batches([len(w) for w in windows], self.max_tokens, max(1, int(batch_size)))

        def run(chosen: np.ndarray) -> int:
            width = max(len(windows[j]) for j in chosen)
            ids = np.zeros((len(chosen), width), dtype=np.int64)
            mask = np.zeros((len(chosen), width), dtype=np.int64)
            for r, j in enumerate(chosen):
                ids[r, : len(windows[j])] = windows[j]
                mask[r, : len(windows[j])] = 1
            (vectors,) = session.run(None, {"input_ids": ids, "attention_mask": mask})
            pooled[chosen] = vectors
            return len(chosen)

        workers = min(n_threads(), len(batches))
        pool = ThreadPoolExecutor(max_workers=workers) if workers > 1 else None
        try:
            done = 0
            results = pool.map(run, batches) if pool else map(run, batches)
            for count in results:
                done += count
                if progress:
                    progress(done / len(windows), "Embedding texts")
        finally:
            if pool:
                pool.shutdown(wait=True, cancel_futures=True)
        np.add.at(out, np.asarray(owners), _normalise_rows(pooled)[np.asarray(slots)])
        return _normalise_rows(out)


class Model2VecEmbedder:
    """A static (Model2Vec) model distilled from MiniLM: a token-vector lookup and a mean."""

    name = FAST_EMBEDDER
    dim = 256

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or models_dir() / "minilm-m2v"

    @property
    def version(self) -> str:
        return f"1-{_file_digest(_require(self.folder / 'model.safetensors'))}"

    def _load(self) -> Any:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from model2vec import StaticModel

        return StaticModel.from_pretrained(_require(self.folder), normalize=True, force_download=False)

    def load(self) -> Any:
        """The model2vec ``StaticModel``, loaded on first use."""
        return _cached(f"m2v:{self.folder}", self._load)

    def encode(self, texts: Sequence[str], progress: ProgressFn | None = None, batch_size: int = 64) -> np.ndarray:
        """Embed texts in chunks (so progress and cancel are responsive)."""
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        blank = _blank_mask(texts)
        todo = np.flatnonzero(~blank)
        if progress:
            progress(0.0, "Embedding texts")
        if not len(todo):
            return out
        model = self.load()
        chunk = max(1024, int(batch_size))
        for start in range(0, len(todo), chunk):
            rows = todo[start : start + chunk]
            vectors = model.encode([texts[i] for i in rows], use_multiprocessing=False, batch_size=chunk)
            out[rows] = vectors
            if progress:
                progress(min(1.0, (start + len(rows)) / len(todo)), "Embedding texts")
        return _normalise_rows(out)


class TfidfSvdEmbedder:
    """TF-IDF (words and bigrams, sublinear) reduced by truncated SVD; no model files.

    The first :meth:`encode` (or :meth:`fit`) learns the vocabulary and the SVD from the texts it is
    given; later calls project new texts into that same space. Deterministic for the same input.
    """

    name = FALLBACK_EMBEDDER
    version = "1"

    def __init__(self, dim: int = 256, min_df: int = 2, max_fit_docs: int = 20000, random_state: int = 0) -> None:
        self.dim = dim
        self.min_df = min_df
        self.max_fit_docs = max_fit_docs
        self.random_state = random_state

    def fit(self, texts: Sequence[str]) -> TfidfSvdEmbedder:
        """Learn vocabulary, IDF weights and SVD axes from ``texts`` (a fixed sample if very many)."""
        self._fit(texts)
        return self

    def _fit(self, texts: Sequence[str]) -> np.ndarray | None:
        """:meth:`fit`; returns the reduced rows of the non-blank ``texts`` when every one of them
        was fitted on (so that :meth:`encode` need not read them twice), else None."""
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        docs = [t for t in texts if (t or "").strip()]
        whole = bool(docs) and len(docs) <= self.max_fit_docs
        docs = docs or ["empty"]
        if len(docs) > self.max_fit_docs:
            keep = np.random.default_rng(self.random_state).choice(len(docs), self.max_fit_docs, replace=False)
            docs = [docs[i] for i in np.sort(keep)]
        options: dict[str, Any] = {"sublinear_tf": True, "strip_accents": "unicode", "dtype": np.float32}
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=self.min_df if len(docs) >= 20 else 1, **options)
        try:
            matrix = vectorizer.fit_transform(docs)
        except ValueError:  # nothing but stop words or punctuation: fall back to character n-grams
            vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), **options)
            matrix = vectorizer.fit_transform(docs)
        n_components = min(self.dim, matrix.shape[1] - 1, matrix.shape[0] - 1)
        svd = None
        if n_components >= 1:
            svd = TruncatedSVD(n_components=n_components, random_state=self.random_state)
            with np.errstate(invalid="ignore", divide="ignore"):  # identical texts: no variance to explain
                reduced = svd.fit_transform(matrix)
        else:
            reduced = matrix.toarray()
        self.vectorizer_ = vectorizer
        self.svd_ = svd
        return reduced if whole else None

    def encode(self, texts: Sequence[str], progress: ProgressFn | None = None, batch_size: int = 64) -> np.ndarray:
        """Project ``texts`` (fitting first if this embedder has not been fitted yet)."""
        texts = list(texts)
        if progress:
            progress(0.0, "Embedding texts")
        reduced = None if hasattr(self, "vectorizer_") else self._fit(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        blank = _blank_mask(texts)
        rows = np.flatnonzero(~blank)
        if len(rows):
            if reduced is None or len(reduced) != len(rows):
                sparse = self.vectorizer_.transform([texts[i] for i in rows])
                reduced = self.svd_.transform(sparse) if self.svd_ is not None else sparse.toarray()
            width = min(self.dim, reduced.shape[1])
            out[rows, :width] = reduced[:, :width]
        if progress:
            progress(1.0, "Embedding texts")
        return _normalise_rows(out)


class ConcatEmbedder:
    """Concatenation of several embedders' (normalised) vectors, each scaled by a weight."""

    def __init__(self, parts: Sequence[Embedder], weights: Sequence[float] | None = None) -> None:
        self.parts = list(parts)
        self.weights = list(weights) if weights is not None else [1.0] * len(self.parts)
        self.name = "+".join(p.name for p in self.parts)
        self.dim = sum(p.dim for p in self.parts)

    @property
    def version(self) -> str:
        return "+".join(f"{p.version}*{w:g}" for p, w in zip(self.parts, self.weights, strict=True))

    def encode(self, texts: Sequence[str], progress: ProgressFn | None = None, batch_size: int = 64) -> np.ndarray:
        """Embed with each part in turn and concatenate."""
        from consult_analyser.progress import scaled

        blocks = []
        for k, (part, weight) in enumerate(zip(self.parts, self.weights, strict=True)):
            sub = scaled(progress, k / len(self.parts), (k + 1) / len(self.parts)) if progress else None
            blocks.append(part.encode(texts, progress=sub, batch_size=batch_size) * np.float32(weight))
        return _normalise_rows(np.hstack(blocks))


_FACTORIES: dict[str, Callable[[], Embedder]] = {
    DEFAULT_EMBEDDER: OnnxMiniLMEmbedder,
    FAST_EMBEDDER: Model2VecEmbedder,
    FALLBACK_EMBEDDER: TfidfSvdEmbedder,
}
_SHARED: dict[str, Embedder] = {}


def available_embedders() -> list[str]:
    """Names accepted by :func:`get_embedder`, default first; models whose files are missing are left out."""
    names = []
    for name in _FACTORIES:
        if name == DEFAULT_EMBEDDER and not (models_dir() / "minilm-l6-onnx-int8" / "model.onnx").exists():
            continue
        if name == FAST_EMBEDDER and not (models_dir() / "minilm-m2v" / "model.safetensors").exists():
            continue
        names.append(name)
    return names


def get_embedder(name: str | None = None) -> Embedder:
    """The embedder called ``name`` (``None``: the measured default). Cheap: models load on first encode.

    Model-backed embedders are shared per process; ``tfidf-svd`` is stateful (fitted on first use)
    so each call returns a fresh instance.
    """
    name = name or DEFAULT_EMBEDDER
    if name not in _FACTORIES:
        raise KeyError(f"Unknown embedder {name!r}; choose from {sorted(_FACTORIES)}")
    if name == FALLBACK_EMBEDDER:
        return _FACTORIES[name]()
    with _LOCK:
        if name not in _SHARED:
            _SHARED[name] = _FACTORIES[name]()
        return _SHARED[name]


def estimate_seconds(name: str, texts: Sequence[str] | int) -> float:
    """Rough wall-clock seconds ``name`` needs to embed ``texts`` (or that many characters) here,
    model load excluded."""
    rate = CHARS_PER_CPU_SECOND.get(name)
    if rate is None:
        return 0.0
    threads = n_threads() if name == DEFAULT_EMBEDDER else 1
    parallel = 1.0 + 0.8 * (threads - 1)  # two threads give about 1.8x, not 2x
    chars = texts if isinstance(texts, int) else sum(len(t) for t in texts)
    return chars / (rate * parallel)


def choose_embedder(texts: Sequence[str] | int, budget_s: float = 20.0) -> str:
    """The best embedder that fits the time budget: MiniLM (ONNX) when it would embed ``texts``
    (or that many characters) within ``budget_s`` seconds, else the distilled static model, else TF-IDF.

    Decide once per analysis (theme discovery decides once per project, see
    :func:`consult_analyser.pipeline.themes.discover.project_embedder`) and keep the name: vectors from
    different embedders do not share a space.
    """
    names = available_embedders()
    if DEFAULT_EMBEDDER in names and estimate_seconds(DEFAULT_EMBEDDER, texts) <= budget_s:
        return DEFAULT_EMBEDDER
    if FAST_EMBEDDER in names:
        return FAST_EMBEDDER
    return names[0]


def bertopic_backend(embedder: Embedder) -> BaseEmbedder:
    """Wrap ``embedder`` as a BERTopic backend so seed topics and representative documents are
    embedded with the same model as the precomputed document vectors."""
    from bertopic.backend import BaseEmbedder

    class _Backend(BaseEmbedder):
        def __init__(self, inner: Embedder) -> None:
            super().__init__(embedding_model=inner)
            self.inner = inner

        def embed(self, documents: list[str], verbose: bool = False) -> np.ndarray:
            return self.inner.encode(list(documents))

    return _Backend(embedder)
