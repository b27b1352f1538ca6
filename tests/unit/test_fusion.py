"""Tests for reciprocal rank fusion and retrieval filters (no Chroma, no embedder)."""

from __future__ import annotations

import pytest

from assistant.retrieval import Filters, keep_leaders, rrf_fuse


def ids(fused: list[tuple[str, float]]) -> list[str]:
    """Return the ids of a fused ranking, best first."""
    return [item for item, _ in fused]


def test_item_ranked_high_in_both_lists_wins() -> None:
    fused = rrf_fuse([["a", "b", "c"], ["a", "c", "b"]])
    assert ids(fused)[0] == "a"
    assert dict(fused)["a"] == pytest.approx(2 / 61)


def test_score_is_sum_of_reciprocal_ranks_with_k() -> None:
    fused = dict(rrf_fuse([["x", "y"], ["y"]], k=10))
    assert fused["x"] == pytest.approx(1 / 11)
    assert fused["y"] == pytest.approx(1 / 12 + 1 / 11)


def test_default_k_is_sixty() -> None:
    assert dict(rrf_fuse([["only"]]))["only"] == pytest.approx(1 / 61)


def test_k_changes_whether_agreement_beats_a_single_first_place() -> None:
    # "solo" is first in one list only; "both" is third in each list.
    rankings = [["solo", "p", "both"], ["q", "r", "both"]]
    # Small k rewards top ranks: 1/1 > 2/3.
    sharp = dict(rrf_fuse(rankings, k=0))
    assert sharp["solo"] > sharp["both"]
    # Large k flattens ranks, so appearing twice wins: 2/63 > 1/61.
    flat = rrf_fuse(rankings, k=60)
    assert ids(flat)[0] == "both"
    assert dict(flat)["solo"] < dict(flat)["both"]


def test_item_in_one_list_only_is_kept_and_ranked_below_shared() -> None:
    fused = rrf_fuse([["a", "b"], ["b", "c"]])
    assert set(ids(fused)) == {"a", "b", "c"}
    assert ids(fused)[0] == "b"
    scores = dict(fused)
    assert scores["a"] == pytest.approx(1 / 61)
    assert scores["c"] == pytest.approx(1 / 62)
    assert scores["a"] > scores["c"]


def test_ties_are_broken_by_id_so_the_order_is_stable() -> None:
    # "b" first in list one, "a" first in list two: equal scores.
    fused = rrf_fuse([["b", "a"], ["a", "b"]])
    assert ids(fused) == ["a", "b"]
    assert fused[0][1] == pytest.approx(fused[1][1])
    # The same answer whatever order the lists come in.
    assert rrf_fuse([["a", "b"], ["b", "a"]]) == fused


def test_scores_are_descending() -> None:
    fused = rrf_fuse([list("abcdef"), list("fedcba"), list("cab")])
    scores = [s for _, s in fused]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("rankings", [[], [[]], [[], []]])
def test_empty_input_gives_empty_result(rankings: list[list[str]]) -> None:
    assert rrf_fuse(rankings) == []


def test_one_empty_list_does_not_change_the_other() -> None:
    assert ids(rrf_fuse([[], ["a", "b", "c"]])) == ["a", "b", "c"]


class TestFiltersActive:
    def test_default_is_inactive(self) -> None:
        assert Filters().active() is False

    @pytest.mark.parametrize(
        "filters",
        [
            Filters(doc_ids={"d1"}),
            Filters(date_from="2022-01-01"),
            Filters(date_to="2023"),
            Filters(doc_ids={"d1"}, date_from="2020", date_to="2021"),
        ],
    )
    def test_any_restriction_makes_it_active(self, filters: Filters) -> None:
        assert filters.active() is True

    def test_empty_document_set_is_no_restriction(self) -> None:
        # An empty selection (nothing ticked in the UI) means "all documents".
        assert Filters(doc_ids=set()).active() is False


def test_each_rankings_leader_reaches_the_answerer() -> None:
    # "rare" tops BM25 alone; six others are in both lists and outrank it in the fusion.
    dense = ["a", "b", "c", "d", "e", "f", "x"]
    sparse = ["rare", "a", "b", "c", "d", "e", "f"]
    fused = rrf_fuse([dense, sparse])
    assert "rare" not in ids(fused[:4])
    kept = ids(keep_leaders(fused, [dense, sparse], 4, lead=1))
    assert len(kept) == 4 and "rare" in kept and kept[:3] == ids(fused[:3])


def test_leaders_already_in_the_fused_list_change_nothing() -> None:
    rankings = [["a", "b", "c"], ["b", "a", "c"]]
    fused = rrf_fuse(rankings)
    assert keep_leaders(fused, rankings, 2) == fused[:2]


def test_a_leader_in_the_list_is_not_replaced_by_another_leader() -> None:
    # BM25's first two are "top" (last in the fused list) and "second" (just outside it):
    # "second" takes a follower's place, never the place of "top".
    dense = ["a", "b", "c", "d"]
    sparse = ["top", "second", "a", "b"]
    fused = [("a", 0.9), ("b", 0.8), ("c", 0.7), ("top", 0.6), ("second", 0.5), ("d", 0.4)]
    kept = ids(keep_leaders(fused, [dense, sparse], 4, lead=2))
    assert "top" in kept and "second" in kept and kept[:2] == ["a", "b"]


def test_dense_top_is_exact_best_first_and_kept_to_the_mask() -> None:
    import numpy as np

    from assistant.ingest.library import dense_top

    vectors = np.array([[1, 0], [0.6, 0.8], [0, 1], [-1, 0]], dtype=np.float32)
    query = np.array([2.0, 1.0], dtype=np.float32)  # need not be unit length
    assert [i for i, _ in dense_top(vectors, query, 3)] == [0, 1, 2]
    assert dense_top(vectors, query, 2)[0][1] == pytest.approx(2 / 5 ** 0.5)
    mask = np.array([False, True, False, True])
    assert [i for i, _ in dense_top(vectors, query, 3, mask)] == [1, 3]
    assert dense_top(vectors, query, 3, np.zeros(4, dtype=bool)) == []
