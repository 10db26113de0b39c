"""The search contract every backend meets: on the embedded engine always, and on Elasticsearch whenever ES_URL
names a cluster (each test in its own index, dropped at the end):

    ES_URL=http://localhost:9200 .venv/bin/python -m pytest tests/app/test_search.py
"""

import os
import uuid

import pytest

from nlp.tokens import query_tokens
from search import IndexedDocument, SearchUnavailable
from search.base import MAX_KEYWORD_CHARS, MAX_QUERY_WORDS, MAX_RESULT_WINDOW, MAX_TOKEN_CHARS, QueryTooLarge
from search.embedded import EmbeddedBackend
from search.highlight import snippets

ES_URL = os.environ.get("ES_URL")


def doc(doc_id, text, **kw):
    fields = dict(
        title=f"文书{doc_id}",
        kind="judgment",
        stage="first_instance",
        province="北京市",
        body="北京市朝阳区人民法院",
        case_number=None,
        year=2023,
        decision_date="2023-05-06",
    )
    fields.update(kw)
    return IndexedDocument(doc_id=doc_id, text=text, **fields)


@pytest.fixture(
    params=[
        "embedded",
        pytest.param(
            "elasticsearch",
            marks=pytest.mark.skipif(
                not ES_URL, reason="ES_URL is not set: no Elasticsearch cluster to run the contract against"
            ),
        ),
    ]
)
def empty_backend(request, tmp_path):
    if request.param == "embedded":
        yield EmbeddedBackend(tmp_path / "index")
        return
    from config import load_settings
    from search.elastic import ElasticsearchBackend

    # ES_URL and the CAISHEN_ES_* connection settings as the environment gives them (a secured cluster works too).
    b = ElasticsearchBackend.from_settings(load_settings(), f"caishen-test-{uuid.uuid4().hex[:12]}")
    try:
        yield b
    finally:
        b.drop()


@pytest.fixture
def backend(empty_backend):
    empty_backend.index(
        [
            doc(
                1,
                "外卖骑手通过平台接单，站点对其实行排班考勤。",
                claim_type=("确认劳动关系", "加班费"),
                outcome=("granted",),
                divergent="yes",
                divergence_type=("法律适用差异",),
                platform="闪达网络科技有限公司",
                occupation="外卖骑手",
                employment_mode="专送",
            ),
            doc(
                2,
                "网约车司机以加盟方式承接订单，可自行选择是否接单。",
                kind="arbitration_award",
                stage="arbitration",
                province="广东省",
                year=2022,
                decision_date="2022-01-09",
                claim_type=("确认劳动关系",),
                outcome=("rejected",),
                divergent="no",
                occupation="网约车司机",
                employment_mode="加盟",
            ),
            doc(
                3,
                "快递员主张加班费，公司未提交考勤记录。",
                province="上海市",
                decision_date="2024-03-01",
                claim_type=("加班费",),
                outcome=("partly_granted",),
            ),
        ]
    )
    return empty_backend


def ids(results):
    return [h.doc_id for h in results.hits]


def test_words_must_all_match(backend):
    assert ids(backend.search("骑手")) == [1]
    assert ids(backend.search("外卖骑手 排班")) == [1]
    assert ids(backend.search("骑手 加班费")) == []
    assert backend.search("考勤").total == 2


def test_filters(backend):
    assert ids(backend.search("接单", filters={"kind": "arbitration_award"})) == [2]
    assert ids(backend.search("", filters={"province": "上海市"})) == [3]
    assert ids(backend.search("接单", filters={"year": "2022"})) == [2]
    with pytest.raises(ValueError, match="没有“colour”这一筛选条件"):
        backend.search("接单", filters={"colour": "red"})


def test_pagination(backend):
    everything = backend.search("", limit=10)
    assert everything.total == 3
    pages = ids(backend.search("", limit=2)) + ids(backend.search("", limit=2, offset=2))
    assert sorted(pages) == [1, 2, 3]


def test_deep_pages_are_refused_alike_with_a_reason(backend):
    assert ids(backend.search("", limit=10, offset=MAX_RESULT_WINDOW - 10)) == []  # the last page there is
    for limit, offset in [(10, MAX_RESULT_WINDOW - 9), (MAX_RESULT_WINDOW + 1, 0), (100, 1_000_000)]:
        with pytest.raises(QueryTooLarge, match="只能翻阅前 10000 条结果"):
            backend.search("", limit=limit, offset=offset)


def test_long_queries_are_refused_alike_and_long_candidate_lists_cut(backend):
    words = [f"w{i}" for i in range(MAX_QUERY_WORDS + 1)]  # one token each
    with pytest.raises(QueryTooLarge, match="检索词过多"):
        backend.search(" ".join(words))
    assert backend.search(" ".join(words[:MAX_QUERY_WORDS])).total == 0  # at the limit: answered
    assert [h.doc_id for h in backend.candidates(["骑手", *words] * 3)] == [1]  # the first words count
    assert backend.candidates([*words, "骑手"]) == []


def test_long_tokens_and_keyword_values_are_held_alike(empty_backend):
    token = "9" * 300  # one token to jieba, which Elasticsearch's default whitespace tokenizer would split at 255
    huge = "8" * (MAX_TOKEN_CHARS + 100)  # one Lucene would refuse whole, failing the document, were it not cut
    empty_backend.index(
        [
            doc(1, f"银行流水编号 {token}"),
            doc(2, "外卖骑手", platform="平" * (MAX_KEYWORD_CHARS + 1)),
            doc(3, "外卖骑手", platform="闪达"),
            doc(4, f"附件 {huge}"),
        ]
    )
    assert ids(empty_backend.search(token)) == [1]
    assert ids(empty_backend.search(token[:200])) == [1]  # and, verbatim, any part of it (issue 24)
    assert [h.doc_id for h in empty_backend.candidates([token])] == [1]
    assert ids(empty_backend.search(huge[:MAX_TOKEN_CHARS])) == [4]  # what both engines keep of it
    # The text still holds the whole string, so it is found verbatim (issue 24) though its token was cut.
    assert ids(empty_backend.search(huge)) == [4] and ids(empty_backend.search("附件")) == [4]
    assert sorted(ids(empty_backend.search("骑手"))) == [2, 3]  # a keyword too long to hold: the document stays
    assert empty_backend.search("骑手", facets=True).facets["platform"] == [("闪达", 1)]


def test_date_sort_puts_undated_last_and_ties_by_document_number(empty_backend):
    empty_backend.index(
        [
            doc(4, "骑手", decision_date=None),
            doc(5, "骑手", decision_date="2023-01-01"),
            doc(2, "骑手", decision_date="2023-01-01"),
            doc(9, "骑手", decision_date=None),
            doc(7, "骑手", decision_date="2023-01-01"),
            doc(6, "骑手", decision_date="2024-02-02"),
        ]
    )
    empty_backend.index([doc(3, "骑手 骑手", decision_date="2023-01-01")])  # written last, scores higher
    order = [6, 7, 5, 3, 2, 9, 4]
    assert ids(empty_backend.search("骑手", sort="date", limit=10)) == order
    assert ids(empty_backend.search("", sort="date", limit=3, offset=2)) == order[2:5]  # pages do not overlap


def test_reindexing_a_document_replaces_it(backend):
    backend.index([doc(1, "家政服务员上门提供保洁服务。")])
    assert backend.count() == 3
    assert ids(backend.search("骑手")) == [] and ids(backend.search("保洁")) == [1]


def test_delete_and_clear(backend):
    backend.delete([2])
    assert backend.count() == 2 and ids(backend.search("网约车")) == []
    backend.clear()
    assert backend.count() == 0


@pytest.mark.parametrize(
    "q, expected",
    [
        ('"', [1, 2, 3]),
        ("*", [1, 2, 3]),
        ("：；", [1, 2, 3]),  # nothing to search for: every document, as an empty query
        ("骑手)", [1]),
        ("(骑手", [1]),
        ('"骑手', [1]),  # stray syntax around a word: the word is searched
        ("AND OR NOT", []),  # words, not operators: no document holds them
    ],
)
def test_query_with_only_punctuation_or_syntax_is_safe(backend, q, expected):
    assert sorted(ids(backend.search(q))) == expected


def test_phrases_match_words_in_order(backend):
    assert ids(backend.search('"排班 考勤"')) == [1]
    assert ids(backend.search('"考勤 排班"')) == []
    assert ids(backend.search("“外卖骑手” 站点")) == [1]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("派单", [4, 5]),  # 派单 as a word ranks first; 指派 / 单位 holds it only verbatim
        ("系统派单后", [4]),  # not one word of the segmenter's, found verbatim
        ('"单后"', [4]),
        ("派单 领导", [5]),  # every part must match, one as words, one verbatim
        ("公司指派", [5]),
        ("派单单位", []),
        ("书系统", []),  # no string spans title and text
    ],
)
def test_any_verbatim_string_finds_its_document(empty_backend, query, expected):
    empty_backend.index([doc(4, "系统派单后，骑手须在三分钟内接单。", title="文书"), doc(5, "公司指派单位领导处理。")])
    assert ids(empty_backend.search(query)) == expected


def test_sort_by_date_newest_first(backend):
    assert ids(backend.search("", sort="date")) == [3, 1, 2]
    with pytest.raises(ValueError, match="unknown sort"):
        backend.search("", sort="colour")


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"claim_type": "加班费"}, [1, 3]),
        ({"claim_type": ["加班费", "确认劳动关系"]}, [1, 2, 3]),  # several values of one field: either
        ({"claim_type": "确认劳动关系", "divergent": "yes"}, [1]),  # fields together: all
        ({"outcome": "partly_granted"}, [3]),
        ({"divergence_type": "法律适用差异"}, [1]),
        ({"employment_mode": ["专送", "加盟"], "year": ["2022"]}, [2]),
        ({"platform": "闪达网络科技有限公司"}, [1]),
    ],
)
def test_facet_filters(backend, filters, expected):
    assert sorted(ids(backend.search("", filters=filters))) == expected


def test_facet_counts_cover_every_match(backend):
    facets = backend.search("考勤", facets=True).facets  # documents 1 and 3
    assert facets["claim_type"] == [("加班费", 2), ("确认劳动关系", 1)]
    assert facets["province"] == [("上海市", 1), ("北京市", 1)]
    assert facets["outcome"] == [("granted", 1), ("partly_granted", 1)]
    assert facets["divergent"] == [("yes", 1)] and facets["employment_mode"] == [("专送", 1)]
    assert facets["year"] == [("2023", 2)]
    assert backend.search("考勤").facets == {}


def test_candidates_match_any_word_and_leave_one_out(backend):
    assert sorted(h.doc_id for h in backend.candidates(["骑手", "快递"])) == [1, 3]
    assert [h.doc_id for h in backend.candidates(["骑手", "快递"], exclude=1)] == [3]
    assert backend.candidates([]) == []


_PERSONAL = (
    "申请人：徐辉勇，男，1982年4月26日出生，公民身份号码320106198204263481，住南京市鼓楼区中山路12号，"
    "联系电话13812345678，工资卡账号6222021234567890123。委托代理人：李明华，律师。徐辉勇主张加班费。"
)


@pytest.mark.parametrize(
    "query, written, masked",
    [
        ("徐辉勇", [10], []),
        ("李明华", [10], []),
        ("320106198204263481", [10], []),
        ("13812345678", [10], []),
        ("6222021234567890123", [10], []),
        ("中山路", [10], []),
        ('"4月26日"', [10], []),
        ("徐某 加班费", [], [10]),  # what masked readers read, they find
        ("南京市 鼓楼区 加班费", [10], [10]),
    ],
)
def test_masked_readers_search_the_masked_text(empty_backend, query, written, masked):
    empty_backend.index(
        [doc(10, _PERSONAL, title="徐辉勇劳动争议仲裁裁决书", persons=("徐辉勇",), occupation="外卖骑手")]
    )
    assert ids(empty_backend.search(query)) == written
    assert ids(empty_backend.search(query, masked=True)) == masked
    facets = empty_backend.search(query, masked=True, facets=True).facets
    assert facets.get("occupation", []) == ([("外卖骑手", 1)] if masked else [])
    assert [h.doc_id for h in empty_backend.candidates(query_tokens(query), masked=True)] == masked


@pytest.mark.parametrize("query", ["驳回", '"驳回阿光"', "诉讼请求 驳回", "駁回"])
def test_a_page_in_traditional_characters_is_found_by_simplified_words(empty_backend, query):
    empty_backend.index([doc(11, "法院駁回阿光的訴訟請求，裁決支付二倍工資。")])
    assert ids(empty_backend.search(query)) == [11]


def test_an_index_of_an_earlier_version_is_rebuilt(tmp_path):
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("text")
    tantivy.Index(sb.build(), path=str((tmp_path / "index").mkdir() or tmp_path / "index"))
    old = EmbeddedBackend(tmp_path / "index")
    with pytest.raises(SearchUnavailable, match="earlier version.*caishen reindex"):
        old.search("骑手")
    assert old.rebuild([[doc(1, "外卖骑手")]]) == 1 and ids(old.search("骑手")) == [1]


def test_rebuild_replaces_everything(backend):
    assert backend.rebuild([[doc(7, "家政服务员")], [doc(8, "主播")]]) == 2
    assert backend.count() == 2 and sorted(ids(backend.search(""))) == [7, 8]


def test_unopenable_index_is_a_clear_error(tmp_path):
    blocker = tmp_path / "index"
    blocker.write_text("not a directory")
    with pytest.raises(SearchUnavailable, match="cannot be opened"):
        EmbeddedBackend(blocker)


def test_snippets_mark_terms_and_escape_html():
    text = "前文。<b>外卖骑手</b>在平台接单，骑手每日在线十小时。" + "无关内容。" * 50 + "骑手"
    (best, *rest) = snippets(text, ["骑手", "接单"], width=40)
    assert "<mark>骑手</mark>" in best.html() and "<mark>接单</mark>" in best.html()
    assert "<b>" not in best.html() and "&lt;b&gt;外卖" in best.html()
    assert len(rest) == 1 and rest[0].start > 100  # the lone later mention is a second, weaker snippet
    assert all(text[best.start + s : best.start + e] in ("骑手", "接单") for s, e in best.marks)
    assert snippets(text, ["不存在"]) == []
    # a page in traditional characters is marked where the simplified word stands
    (trad,) = snippets("法院駁回阿光的訴訟請求", ["驳回"])
    assert trad.marks == [(2, 4)] and "<mark>駁回</mark>" in trad.html()


def test_unreachable_elasticsearch_is_a_clear_error():
    from search.elastic import ElasticsearchBackend

    with pytest.raises(SearchUnavailable, match="Elasticsearch at http://127.0.0.1:9 cannot be used"):
        ElasticsearchBackend("http://127.0.0.1:9", "caishen-unreachable")


def test_elasticsearch_mappings_cover_every_filter_field():
    import json

    from search.base import FILTER_FIELDS
    from search.elastic import INDEX_DEFINITION

    properties = json.loads(INDEX_DEFINITION.read_text(encoding="utf-8"))["mappings"]["properties"]
    assert set(FILTER_FIELDS) <= set(properties)
    assert all(properties[f]["type"] in ("keyword", "integer") for f in FILTER_FIELDS)
    assert {properties[f]["analyzer"] for f in ("text", "title", "masked_text", "masked_title")} == {"jieba_tokens"}
    settings = json.loads(INDEX_DEFINITION.read_text(encoding="utf-8"))["settings"]
    assert settings["index.mapping.ignore_above"] == MAX_KEYWORD_CHARS  # every keyword field
    tokenizer = settings["analysis"]["analyzer"]["jieba_tokens"]["tokenizer"]
    # Splits no token caishen indexes: MAX_TOKEN_CHARS characters are at most twice as many UTF-16 units.
    assert settings["analysis"]["tokenizer"][tokenizer]["max_token_length"] >= 2 * MAX_TOKEN_CHARS


@pytest.mark.parametrize("database_kind", ["sqlite"])
def test_every_substring_of_the_test_corpus_finds_its_document(loaded_ctx):
    """Random 2–8-character strings of the ingested sample corpus, as a user would type them: each finds the document
    it was drawn from (python bench/all.py measures the same on 1,000 strings of a larger corpus)."""
    import random

    from sqlalchemy import select

    from store.models import Document

    with loaded_ctx.sessions() as session:
        texts = dict(session.execute(select(Document.id, Document.text)).all())
    rng, search = random.Random(24), loaded_ctx.search
    for _ in range(200):
        doc_id = rng.choice(sorted(texts))
        text = texts[doc_id]
        size = rng.randint(2, 8)
        start = rng.randrange(len(text) - size)
        query = text[start : start + size]
        assert doc_id in ids(search.search(query, limit=len(texts))), query
