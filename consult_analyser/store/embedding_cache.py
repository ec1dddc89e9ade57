"""Per-text results cached in the project, keyed by model and text: embeddings (so re-clustering
is instant) in ``embeddings``, and other per-text results that are costly to recompute, such as
the phrases the tagger finds in an answer, as bytes in ``text_cache`` (see :func:`load_all_blobs`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np

from consult_analyser.store.project import Project


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def lookup_embeddings(project: Project, model_key: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
    """Cached vectors of those of ``texts`` that have one under ``model_key``, by text."""
    by_hash = {text_hash(t): t for t in dict.fromkeys(texts)}
    hashes = list(by_hash)
    found: dict[str, np.ndarray] = {}
    for start in range(0, len(hashes), 900):
        part = hashes[start:start + 900]
        rows = project.query(
            f"SELECT text_hash, dim, vector FROM embeddings WHERE model = ? AND text_hash IN ({','.join('?' * len(part))})",
            [model_key, *part])
        for row in rows:
            found[by_hash[row["text_hash"]]] = np.frombuffer(row["vector"], dtype=np.float32, count=row["dim"])
    return found


def save_embeddings(project: Project, model_key: str, vectors: dict[str, np.ndarray]) -> None:
    """Cache vectors by text under ``model_key`` (nothing is written to a read-only project)."""
    if not vectors or project.readonly:
        return
    with project.transaction() as conn:
        conn.executemany(
            "INSERT OR REPLACE INTO embeddings(model, text_hash, dim, vector) VALUES (?,?,?,?)",
            [(model_key, text_hash(t), int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes())
             for t, v in vectors.items()])


def cached_embeddings(
    project: Project, model_key: str, texts: Sequence[str], compute: Callable[[list[str]], np.ndarray]
) -> np.ndarray:
    """Vectors for ``texts``: from the cache where present, computed (and stored) otherwise."""
    found = lookup_embeddings(project, model_key, texts)
    missing = [t for t in dict.fromkeys(texts) if t not in found]
    if missing:
        vectors = np.asarray(compute(missing), dtype=np.float32)
        new = dict(zip(missing, vectors, strict=True))
        save_embeddings(project, model_key, new)
        found.update(new)
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.vstack([found[t] for t in texts])


def clear(project: Project, model_key: str | None = None) -> None:
    """Forget the cached embeddings of one model, or every cached per-text result."""
    with project.transaction() as conn:
        if model_key:
            conn.execute("DELETE FROM embeddings WHERE model = ?", (model_key,))
        else:
            conn.execute("DELETE FROM embeddings")
            conn.execute("DELETE FROM text_cache")


def load_all_blobs(project: Project, prefix: str, texts: Sequence[str]) -> dict[str, dict[str, bytes]]:
    """Cached bytes of ``texts`` under every key starting with ``prefix``: key -> text -> bytes."""
    by_hash = {text_hash(t): t for t in dict.fromkeys(texts)}
    hashes = list(by_hash)
    out: dict[str, dict[str, bytes]] = {}
    for start in range(0, len(hashes), 900):
        part = hashes[start:start + 900]
        for row in project.query(
                f"SELECT kind, text_hash, value FROM text_cache WHERE kind LIKE ? || '%' "
                f"AND text_hash IN ({','.join('?' * len(part))})", [prefix, *part]):
            out.setdefault(row["kind"], {})[by_hash[row["text_hash"]]] = bytes(row["value"])
    return out


def store_blobs(project: Project, key: str, items: dict[str, bytes]) -> None:
    """Cache bytes per text under ``key`` (nothing is written to a read-only project)."""
    if not items or project.readonly:
        return
    with project.transaction() as conn:
        conn.executemany("INSERT OR REPLACE INTO text_cache(kind, text_hash, value) VALUES (?,?,?)",
                         [(key, text_hash(t), value) for t, value in items.items()])
