"""Search finds a word inside Chinese (or Japanese, Thai, Korean) text (trial 44: `search P '反对'` found nothing;
the full-text index holds a run of such letters as one word), and English search is as it was."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from consult_analyser.ingest.importer import import_files
from consult_analyser.store.answer_index import filter_index, load_answer_index
from consult_analyser.store.responses import ResponseFilter, count, fts_query, list_seqs, search, text_terms

ANSWERS = {
    "R1": "我们反对这项拟议的规则，因为它会伤害家庭。",
    "R2": "我们支持这项规则。反对的人很少，反对无效。",
    "R3": "この規則に反対します。",
    "R4": "เราไม่เห็นด้วยกับกฎนี้",
    "R5": "우리는 이 규칙에 반대합니다",
    "R6": "We oppose the proposed rule because it hurts families.",
    "R7": "The rule is fine; 反对 is Chinese for oppose.",
    "R8": "Proposed rules should be read slowly. The proposed rule is long.",
}


@pytest.fixture
def searched(project, tmp_path: Path):
    path = tmp_path / "answers.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["Response ID", "Q1. Your views"], *ANSWERS.items()])
    import_files(project, [path])
    return project


def _ids(project, query: str) -> set[str]:
    return {hit.external_id for hit in search(project, query)}


def test_a_word_inside_a_run_of_chinese_is_found(searched):
    assert _ids(searched, "反对") == {"R1", "R2", "R7"}
    assert _ids(searched, "拟议的规则") == {"R1"}
    assert _ids(searched, "我们*") == {"R1", "R2"}
    assert _ids(searched, "反対") == {"R3"}  # Japanese
    assert _ids(searched, "กฎ") == {"R4"}  # Thai
    assert _ids(searched, "반대") == {"R5"}  # Korean, its ending joined on
    hit = search(searched, "反对")[0]
    assert hit.external_id == "R2"  # twice in R2: first
    assert "[反对]" in hit.snippet


def test_chinese_and_english_words_together(searched):
    assert _ids(searched, "rule 反对") == {"R7"}
    assert _ids(searched, '"proposed rule" 反对') == set()
    assert "[反对]" in search(searched, "chinese 反对")[0].snippet


def test_the_answers_table_filters_and_counts_find_it_too(searched):
    found = ResponseFilter(text="反对")
    assert count(searched, found) == 3
    assert len(list_seqs(searched, found)) == 3
    index = load_answer_index(searched)
    assert sorted(filter_index(searched, index, found) or []) == sorted(list_seqs(searched, found))
    assert sorted(filter_index(searched, index, ResponseFilter(text="oppose 反对")) or []) == \
        sorted(list_seqs(searched, ResponseFilter(text="oppose 反对")))


def test_english_search_is_as_before(searched):
    for query in ("rule", "proposed rule", '"proposed rule"', "propos*", "A&E co-op", '"unclosed', "rule*", ""):
        assert text_terms(query) == (fts_query(query), [])
    assert [h.external_id for h in search(searched, "proposed rule")] == ["R8", "R6"]  # ranked as the index ranks
    assert "[rule]" in search(searched, "rule")[0].snippet.lower()


def test_sector_reviews_search_finds_a_word_inside_chinese_text_too(searched):
    """Sector review's search box found respondents by words of their answers through the index only, so a word
    inside a run of Chinese letters found no one (trial 44 left it for the respondents list)."""
    from consult_analyser.store.browse import review_search
    from consult_analyser.store.responses import respondent

    external = {respondent(searched, rid).external_id for rid in review_search(searched, "反对")}
    assert external == {"R1", "R2", "R7"}
    english = {respondent(searched, rid).external_id for rid in review_search(searched, "oppose")}
    assert english == {"R6", "R7"}
