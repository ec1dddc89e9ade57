"""Embedding models: shapes, normalisation, determinism, blanks, offline loading, cancel, BERTopic adapter."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from consult_analyser.pipeline import embeddings as emb
from consult_analyser.progress import Cancelled

TEXTS = [
    "Councils should fund youth clubs and libraries.",
    "More English classes for new arrivals, please.",
    "Schools twinning works well in our town.",
    "Libraries and youth clubs need long-term money.",
    "",
    "   ",
    "Faith groups are left out of the strategy.",
]
BLANK = [4, 5]


def _check_rows(vectors: np.ndarray, n: int, dim: int) -> None:
    assert vectors.shape == (n, dim)
    assert vectors.dtype == np.float32
    norms = np.linalg.norm(vectors, axis=1)
    for i, norm in enumerate(norms):
        assert norm == pytest.approx(0.0 if i in BLANK else 1.0, abs=1e-5)


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_default_is_listed_first_and_unknown_name_fails() -> None:
    names = emb.available_embedders()
    assert names[0] == emb.DEFAULT_EMBEDDER
    assert {emb.FAST_EMBEDDER, emb.FALLBACK_EMBEDDER} <= set(names)
    with pytest.raises(KeyError):
        emb.get_embedder("no-such-model")


def test_get_embedder_is_lazy_and_shared() -> None:
    first = emb.get_embedder()
    assert first is emb.get_embedder(emb.DEFAULT_EMBEDDER)
    assert isinstance(first, emb.Embedder)
    assert emb.get_embedder("tfidf-svd") is not emb.get_embedder("tfidf-svd")  # stateful: fresh each time


@pytest.mark.parametrize("name", [emb.DEFAULT_EMBEDDER, emb.FAST_EMBEDDER])
def test_shipped_models_load_from_repo_without_network(name: str, offline: None) -> None:
    emb._LOADED.clear()  # force a real load under the network guard
    embedder = emb.get_embedder(name)
    vectors = embedder.encode(TEXTS, batch_size=3)
    _check_rows(vectors, len(TEXTS), embedder.dim)
    again = embedder.encode(TEXTS, batch_size=3)
    np.testing.assert_array_equal(vectors, again)
    sims = vectors @ vectors.T
    assert sims[0, 3] > sims[0, 1]  # the two answers about youth clubs and libraries are closest
    assert embedder.name == name and embedder.version


def test_default_handles_long_texts_and_empty_input() -> None:
    embedder = emb.get_embedder()
    assert embedder.encode([]).shape == (0, embedder.dim)
    assert not embedder.encode(["", " \n"]).any()
    filler = " ".join(f"Paragraph {i} repeats our general support for the proposals." for i in range(60))
    point = "Rural bus services must not be cut because older people depend on them."
    long_text = filler + " " + point  # the point lies beyond the first 256-token window
    windowed = embedder.encode([long_text, point])
    first_only = emb.OnnxMiniLMEmbedder(max_windows=1).encode([long_text, point])
    assert np.linalg.norm(windowed, axis=1) == pytest.approx([1.0, 1.0], abs=1e-5)
    assert float(windowed[0] @ windowed[1]) > float(first_only[0] @ first_only[1]) + 0.05


def test_token_batches_respect_both_limits() -> None:
    lengths = [5, 40, 7, 300, 12, 12, 90, 3]
    batches = emb.token_batches(lengths, max_tokens=64, max_texts=3)
    flat = np.concatenate(batches)
    assert sorted(flat.tolist()) == list(range(len(lengths)))  # every window exactly once
    assert [lengths[j] for j in flat] == sorted(lengths)  # shortest first
    for batch in batches:
        widths = [lengths[j] for j in batch]
        assert len(batch) <= 3
        assert len(batch) == 1 or len(batch) * max(widths) <= 64  # a window longer than the budget goes alone
    assert emb.token_batches([], max_tokens=64) == []


def test_default_gives_the_same_vectors_on_one_or_several_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    embedder = emb.get_embedder()
    texts = [t for t in TEXTS if t.strip()] * 5
    monkeypatch.setenv("CONSULT_THREADS", "1")
    one = embedder.encode(texts, batch_size=4)
    monkeypatch.setenv("CONSULT_THREADS", "2")
    two = embedder.encode(texts, batch_size=4)
    np.testing.assert_array_equal(one, two)


def test_tfidf_svd_needs_no_model_files_and_is_deterministic(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("CONSULT_MODELS_DIR", str(tmp_path))
    assert emb.available_embedders() == [emb.FALLBACK_EMBEDDER]
    corpus = TEXTS * 4
    first = emb.get_embedder("tfidf-svd").encode(corpus)
    second = emb.get_embedder("tfidf-svd").encode(corpus)
    np.testing.assert_array_equal(first, second)
    embedder = emb.get_embedder("tfidf-svd")
    assert first.shape == (len(corpus), embedder.dim)
    blank = [i for i, t in enumerate(corpus) if not t.strip()]
    assert not first[blank].any()
    fitted = emb.TfidfSvdEmbedder().fit(corpus)
    np.testing.assert_allclose(fitted.encode(TEXTS[:1]), first[:1], atol=1e-6)  # same space after fitting


def test_tfidf_svd_copes_with_tiny_or_odd_input() -> None:
    assert emb.TfidfSvdEmbedder().encode(["the", "and"]).shape == (2, 256)
    vectors = emb.TfidfSvdEmbedder(dim=8).encode(["one answer only"])
    assert vectors.shape == (1, 8)


@pytest.mark.parametrize("name", [emb.DEFAULT_EMBEDDER, emb.FAST_EMBEDDER, emb.FALLBACK_EMBEDDER])
def test_progress_reports_and_cancel_propagates(name: str) -> None:
    seen: list[float] = []
    emb.get_embedder(name).encode(TEXTS, progress=lambda f, m: seen.append(f), batch_size=2)
    assert seen and seen[-1] == pytest.approx(1.0)
    assert all(0.0 <= f <= 1.0 for f in seen)

    def cancel(fraction: float, message: str) -> None:
        raise Cancelled()

    with pytest.raises(Cancelled):
        emb.get_embedder(name).encode(TEXTS, progress=cancel, batch_size=2)


def test_concat_embedder_stacks_parts() -> None:
    both = emb.ConcatEmbedder([emb.get_embedder(emb.FAST_EMBEDDER), emb.TfidfSvdEmbedder(dim=16)])
    vectors = both.encode(TEXTS * 3)
    assert vectors.shape == (len(TEXTS) * 3, both.dim) and both.dim == 256 + 16
    assert both.name == "minilm-m2v+tfidf-svd"


def test_bertopic_adapter_returns_the_same_vectors() -> None:
    from bertopic.backend import BaseEmbedder
    from bertopic.backend._utils import select_backend

    embedder = emb.get_embedder()
    backend = emb.bertopic_backend(embedder)
    assert isinstance(backend, BaseEmbedder)
    assert select_backend(backend) is backend
    docs = TEXTS[:4]
    np.testing.assert_array_equal(backend.embed(docs), embedder.encode(docs))
    np.testing.assert_array_equal(backend.embed_documents(docs), embedder.encode(docs))
    assert backend.embed_words(["libraries", "schools"]).shape == (2, embedder.dim)


def test_choose_embedder_trades_quality_for_speed_on_big_inputs(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    assert emb.choose_embedder(TEXTS) == emb.DEFAULT_EMBEDDER
    huge = ["A long answer about funding for English classes and youth clubs. " * 5] * 100_000
    assert emb.estimate_seconds(emb.DEFAULT_EMBEDDER, huge) > emb.estimate_seconds(emb.FAST_EMBEDDER, huge)
    assert emb.choose_embedder(huge, budget_s=20.0) == emb.FAST_EMBEDDER
    monkeypatch.setenv("CONSULT_MODELS_DIR", str(tmp_path))
    assert emb.choose_embedder(TEXTS) == emb.FALLBACK_EMBEDDER
