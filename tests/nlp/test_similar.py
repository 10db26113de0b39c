"""Similar-case ranking and the retrieval evaluation, on pools whose answer is known."""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from dataclasses import replace

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from nlp.eval import eval_retrieval
from nlp.similar import (
    BM25_ONLY,
    SHOWN_TERMS,
    CaseProfile,
    _bm25,
    _char_vectors,
    char_counts,
    charges,
    default_weights,
    grams_to_bytes,
    rank,
    reason_term,
    text_counts,
)
from nlp.tokens import query_tokens
from tests.conftest import shared_file


def profile(key, text, issues=(), factors=(), mode=None):
    return CaseProfile(key, text, tuple(query_tokens(text)), frozenset(issues), frozenset(factors), mode)


QUERY = profile(
    "q",
    "外卖骑手通过平台接单，站点排班考勤，迟到罚款，按单结算配送费，请求确认劳动关系并支付加班费。",
    issues={"确认劳动关系", "加班费"},
    factors={"attendance", "penalties"},
    mode="专送",
)
POOL = [
    profile("1", "网约车司机自有车辆，自主决定是否接单，平台抽成，请求支付工资。", issues={"工资报酬"}, mode="加盟"),
    profile(
        "2",
        "骑手由配送站点排班考勤，迟到罚款，请求确认劳动关系、支付加班费。",
        issues={"确认劳动关系", "加班费"},
        factors={"attendance", "penalties"},
        mode="专送",
    ),
    profile("3", "主播签订经纪合同，请求支付提成。", issues={"工资报酬"}, mode="兼职"),
]


def test_the_most_similar_case_comes_first_with_its_reasons():
    ranked = rank(QUERY, POOL)
    assert [r.key for r in ranked][0] == "2"
    best = ranked[0]
    assert best.shared_issues == ("加班费", "确认劳动关系") and best.shared_factors == ("attendance", "penalties")
    assert best.same_mode and best.shared_terms and set(best.shared_terms) <= set(QUERY.tokens)
    assert set(best.signals) >= {"bm25", "chars", "issues", "factors", "mode", "feedback"}
    assert best.score == pytest.approx(sum(best.signals.values()), abs=1e-3)


def test_ties_are_broken_by_key_and_an_empty_pool_is_empty():
    same = [profile(k, "无关的文字") for k in ("10", "9", "b", "a")]
    assert [r.key for r in rank(profile("q", "毫不相干"), same, BM25_ONLY)] == ["9", "10", "a", "b"]
    assert rank(QUERY, []) == []


@pytest.mark.parametrize(
    "texts, expected",
    [
        (("被告人张某犯盗窃罪，判处有期徒刑一年。",), {"盗窃罪"}),
        (("被告人李某犯危险驾驶罪、交通肇事罪。",), {"危险驾驶罪", "交通肇事罪"}),
        (
            ("一、被告人陈某犯组织、领导黑社会性质组织罪，判处有期徒刑十年；犯聚众斗殴罪，判处有期徒刑三年。数罪并罚",),
            {"组织、领导黑社会性质组织罪", "聚众斗殴罪"},
        ),
        # The decision's charges win over the reasoning's; the reasoning serves when the decision names none.
        (("被告人甲犯诈骗罪，判处拘役。", "本院认为，被告人甲犯盗窃罪，且系累犯"), {"诈骗罪"}),
        (("维持原判。", "本院认为，被告人王某犯诈骗罪，事实清楚"), {"诈骗罪"}),
        # Words that end in 罪 but name no charge.
        (("本院认为，被告人犯罪事实及罪名成立，应当判处有期徒刑以上刑罚之罪，数罪并罚。",), set()),
        (("本院认为，事实清楚。",), set()),
    ],
)
def test_charges(texts, expected):
    assert charges(*texts) == expected


@pytest.mark.parametrize(
    "query, candidate, shared",
    [
        ({"走私、贩卖、运输、制造毒品罪"}, {"贩卖毒品罪"}, 1.0),  # the statutory name and the act convicted of
        ({"掩饰、隐瞒犯罪所得、犯罪所得收益罪"}, {"掩饰、隐瞒犯罪所得罪"}, 1.0),
        ({"盗窃罪"}, {"盗窃罪", "故意伤害罪"}, 2 / 3),
        ({"抢劫罪"}, {"抢夺罪"}, 0.0),
        ({"故意伤害罪"}, {"故意杀人罪"}, 0.0),
        ({"加班费"}, {"加班费", "二倍工资"}, 2 / 3),  # claim types match only when equal
        ({"工资报酬"}, {"工资"}, 0.0),
    ],
)
def test_issue_overlap(query, candidate, shared):
    best = rank(profile("q", "案情", issues=query), [profile("1", "案情", issues=candidate)])[0]
    assert best.signals["issues"] == pytest.approx(default_weights().issues * shared, abs=1e-4)


def _lecard_file(tmp_path):
    """Two queries: in each, one relevant candidate shares the charge, the distractors share more words."""
    rows = []
    for qid, charge, act in (("1", "盗窃罪", "秘密窃取他人财物"), ("2", "诈骗罪", "虚构事实骗取钱款")):
        cands = [
            {
                "cid": f"{qid}0",
                "title": f"被告人甲{charge[:-1]}一案",
                "text": f"被告人甲{act}，数额较大。",
                "reasoning": f"本院认为，被告人甲犯{charge}。",
                "judgment": f"被告人甲犯{charge}，判处拘役。",
                "relevance": 3,
            }
        ]
        for j in range(1, 6):
            cands.append(
                {
                    "cid": f"{qid}{j}",
                    "title": "被告人乙故意伤害一案",
                    "text": f"被告人乙于某日在街头{act[:2]}殴打他人。",
                    "reasoning": "本院认为，被告人乙犯故意伤害罪。",
                    "judgment": "判处有期徒刑。",
                    "relevance": 0 if j == 1 else None,
                }
            )
        rows.append(
            {"qid": qid, "query": f"被告人于某日在街头{act}，数额较大。", "charges": [charge], "candidates": cands}
        )
    path = tmp_path / "lecard.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    return path


def test_eval_retrieval_scores_pool_ndcg(tmp_path):
    figures = eval_retrieval(_lecard_file(tmp_path))
    assert figures["queries"] == 2
    # caishen puts the relevant case first (its charge matches): ideal, 1.0 at every depth.
    assert figures["caishen"] == {"ndcg@10": 1.0, "ndcg@20": 1.0, "ndcg@30": 1.0}
    baseline = figures["bm25_baseline"]["ndcg@30"]
    # Whatever rank r plain BM25 gives the one relevant case, its NDCG is 1/log2(r + 1).
    assert any(baseline == pytest.approx(1 / math.log2(r + 1), abs=1e-4) for r in range(1, 7))
    assert figures["difference"]["ndcg@30"] == pytest.approx(1.0 - baseline, abs=1e-4)


def test_eval_retrieval_on_lecard_dev_queries(tmp_path):
    source = shared_file("lecard/dev.jsonl.gz")
    subset = tmp_path / "subset.jsonl"
    with gzip.open(source, "rt", encoding="utf-8") as fh, subset.open("w", encoding="utf-8") as out:
        for _, line in zip(range(4), fh):
            out.write(line)
    figures = eval_retrieval(subset)
    assert figures["queries"] == 4
    for system in ("caishen", "bm25_baseline"):
        assert 0.5 < figures[system]["ndcg@30"] <= 1.0


def test_numbers_count_in_the_plain_baseline_only():
    query = profile("q", "被告人盗窃，2018 3000 4500")
    pool = [profile("1", "另案 2018 3000 4500"), profile("2", "被告人盗窃手机")]
    assert [r.key for r in rank(query, pool, BM25_ONLY)] == ["1", "2"]
    skipping = rank(query, pool, replace(BM25_ONLY, skip_numbers=True))
    assert [r.key for r in skipping] == ["2", "1"] and skipping[1].shared_terms == ()
    assert default_weights().skip_numbers


def test_similarity_is_the_share_of_the_highest_score():
    ranked = rank(QUERY, POOL)
    assert all(0 <= r.similarity <= 100 for r in ranked)
    assert ranked[0].similarity == pytest.approx(100 * ranked[0].score / default_weights().most, abs=0.1)
    assert BM25_ONLY.most == 1.0


# Words shown as reasons (共同关键词): legal and factual vocabulary only.
@pytest.mark.parametrize(
    "word, shown",
    [
        ("骑手", True),
        ("加班费", True),
        ("排班", True),
        ("考勤", True),
        ("劳动关系", True),
        ("社区", True),
        ("基于", False),
        ("依据", False),
        ("决定", False),
        ("各项", False),
        ("本院", False),  # stop words
        ("过", False),
        ("为", False),
        ("多", False),  # single characters
        ("粤", False),
        ("广东", False),
        ("广东省", False),
        ("广州", False),
        ("北京市", False),
        ("内蒙古", False),  # regions
        ("天河区", False),
        ("番禺区", False),
        ("城关镇", False),  # districts and towns
        ("民初", False),
        ("民终", False),
        ("劳人仲字", False),
        ("京0105", False),  # case numbers and court codes
        ("2023", False),
        ("12345", False),
        ("十二", False),
        ("三个月", False),
        ("贰万元", False),
        ("8240元", False),  # numbers
        ("APP", False),
        ("张某", False),
        ("欧阳某", False),  # letters; masked names
    ],
)
def test_reason_terms(word, shown):
    assert reason_term(word) is shown


def test_shared_terms_hold_no_stop_word_region_or_number():
    query = profile("q", "基于广东省广州市天河区（2023）粤0106民初12345号，骑手排班考勤，各项加班费8240元。")
    pool = [profile("1", "依据天河区粤0106民初号判决，骑手排班考勤迟到罚款，各项加班费8240元。")]
    assert set(rank(query, pool)[0].shared_terms) <= {"骑手", "排班", "考勤", "加班费"}
    assert "骑手" in rank(query, pool)[0].shared_terms


def _plain_bm25(query, docs, k1, b, unshown):
    """BM25 and the reasons word by word, as the formula reads (what _bm25 computes with numpy)."""
    n, words = len(docs), set(query)
    avg = (sum(map(len, docs)) / n) or 1.0
    df = Counter(t for d in docs for t in set(d) if t in words)
    idf = {t: math.log((n - df[t] + 0.5) / (df[t] + 0.5) + 1) for t in words}
    scores, shared = [], []
    for d, hidden in zip(docs, unshown):
        norm = k1 * (1 - b + b * len(d) / avg)
        parts = {t: idf[t] * f * (k1 + 1) / (f + norm) for t, f in Counter(t for t in d if t in words).items()}
        scores.append(sum(parts.values()))
        ordered = sorted(parts, key=lambda t: (-parts[t], t))
        shared.append(tuple(t for t in ordered if t not in hidden and reason_term(t))[:SHOWN_TERMS])
    return scores, shared


@pytest.mark.parametrize(
    "query, docs, unshown",
    [
        (QUERY.tokens, [c.tokens for c in POOL], [frozenset()] * 3),
        # words repeated, a candidate without words, equal weights (ordered by word), a word never shown for one candidate
        (
            ("骑手", "考勤", "排班", "骑手", "加班费", "罚款", "站点"),
            [
                ("考勤", "骑手", "排班", "罚款", "站点", "加班费", "骑手"),
                (),
                ("加班费", "加班费", "无关"),
                ("站点", "考勤", "排班"),
            ],
            [frozenset(), frozenset(), frozenset({"加班费"}), frozenset({"站点"})],
        ),
        ((), [("骑手",), ("考勤",)], [frozenset()] * 2),
    ],
)
def test_bm25_is_the_formula_word_by_word(query, docs, unshown):
    scores, shared = _bm25(query, [text_counts(d) for d in docs], 1.5, 0.75, unshown)
    expected_scores, expected_shared = _plain_bm25(query, docs, 1.5, 0.75, unshown)
    assert list(scores) == pytest.approx(expected_scores, rel=1e-12, abs=1e-12)
    assert shared == expected_shared


@pytest.mark.parametrize(
    "query, texts",
    [
        (QUERY.text, [c.text for c in POOL]),
        # an n-gram in every row, a row sharing none with the query, repeated n-grams (sublinear tf), letters' case
        ("骑手骑手骑手迟到罚款", ["骑手迟到", "主播提成", "骑手骑手罚款罚款", "Rider骑手"]),
        ("骑手", ["rider 骑手", "骑手"]),
    ],
)
def test_char_cosine_is_tfidf_vectorizers(query, texts):
    """The n-gram cosine and the feedback centroid are scikit-learn's TfidfVectorizer's (sublinear tf, smoothed idf
    from the pool and the query), whether a row's counts were stored (grams_to_bytes) or counted from its text."""
    tfidf = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True).fit_transform([*texts, query])
    expected = (tfidf[:-1] @ tfidf[-1].T).toarray().ravel()
    for counted in (
        [text_counts((), text=t) for t in [*texts, query]],
        [text_counts((), grams_to_bytes(char_counts(t))) for t in [*texts, query]],
    ):
        pool, query_vector = _char_vectors(counted)
        assert pool @ query_vector == pytest.approx(expected, rel=1e-6)  # tf in float32, as stored
        top = [0, len(texts) - 1]
        centroid = np.asarray(tfidf[:-1][top].mean(axis=0)).ravel()
        assert pool @ np.asarray(pool[top].mean(axis=0)).ravel() == pytest.approx(tfidf[:-1] @ centroid, rel=1e-6)
