"""Per-text results cached in the project, keyed by model and text: embeddings (so re-clustering
is instant) in ``embeddings``, and other per-text results that are costly to recompute, such as
the phrases the tagger finds in an answer, as bytes in ``text_cache`` (see :func:`load_blobs`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np

from consult_analyser.store.project import Project


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def cached_embeddings(
    project: Project, model_key: str, texts: Sequence[str], compute: Callable[[list[str]], np.ndarray]
) -> np.ndarray:
    """Vectors for ``texts``: from the cache where present, computed (and stored) otherwise."""
    hashes = [text_hash(t) for t in texts]
    found: dict[str, np.ndarray] = {}
    unique = list(dict.fromkeys(hashes))
    for start in range(0, len(unique), 900):
        part = unique[start:start + 900]
        rows = project.query(
            f"SELECT text_hash, dim, vector FROM embeddings WHERE model = ? AND text_hash IN ({','.join('?' * len(part))})",
            [model_key, *part])
        for row in rows:
            found[row["text_hash"]] = np.frombuffer(row["vector"], dtype=np.float32, count=row["dim"])
    missing = {}
    for h, t in zip(hashes, texts, strict=True):
        if h not in found and h not in missing:
            missing[h] = t
    if missing:
        vectors = np.asarray(compute(list(missing.values())), dtype=np.float32)
        if not project.readonly:
            with project.transaction() as conn:
                conn.executemany(
                    "INSERT OR REPLACE INTO embeddings(model, text_hash, dim, vector) VALUES (?,?,?,?)",
                    [(model_key, h, int(v.shape[0]), v.tobytes()) for h, v in zip(missing, vectors, strict=True)])
        found.update(zip(missing, vectors, strict=True))
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.vstack([found[h] for h in hashes])


def clear(project: Project, model_key: str | None = None) -> None:
    """Forget the cached embeddings of one model, or every cached per-text result."""
    with project.transaction() as conn:
        if model_key:
            conn.execute("DELETE FROM embeddings WHERE model = ?", (model_key,))
        else:
            conn.execute("DELETE FROM embeddings")
            conn.execute("DELETE FROM text_cache")


def load_blobs(project: Project, key: str, texts: Sequence[str]) -> dict[str, bytes]:
    """Cached bytes for those of ``texts`` that have them under ``key``."""
    by_hash = {text_hash(t): t for t in dict.fromkeys(texts)}
    hashes = list(by_hash)
    out: dict[str, bytes] = {}
    for start in range(0, len(hashes), 900):
        part = hashes[start:start + 900]
        for row in project.query(
                f"SELECT text_hash, value FROM text_cache WHERE kind = ? AND text_hash IN ({','.join('?' * len(part))})",
                [key, *part]):
            out[by_hash[row["text_hash"]]] = bytes(row["value"])
    return out


def store_blobs(project: Project, key: str, items: dict[str, bytes]) -> None:
    """Cache bytes per text under ``key`` (nothing is written to a read-only project)."""
    if not items or project.readonly:
        return
    with project.transaction() as conn:
        conn.executemany("INSERT OR REPLACE INTO text_cache(kind, text_hash, value) VALUES (?,?,?)",
                         [(key, text_hash(t), value) for t, value in items.items()])
