"""The search contract every backend meets; runs on the embedded engine always."""

import pytest

from app.search import IndexedDocument, SearchUnavailable
from app.search.embedded import EmbeddedBackend
from app.search.highlight import snippets


def doc(doc_id, text, **kw):
    fields = dict(title=f"文书{doc_id}", kind="judgment", stage="first_instance", province="北京市",
                  body="北京市朝阳区人民法院", case_number=None, year=2023, decision_date="2023-05-06")
    fields.update(kw)
    return IndexedDocument(doc_id=doc_id, text=text, **fields)


@pytest.fixture
def backend(tmp_path):
    b = EmbeddedBackend(tmp_path / "index")
    b.index([
        doc(1, "外卖骑手通过平台接单，站点对其实行排班考勤。"),
        doc(2, "网约车司机以加盟方式承接订单，可自行选择是否接单。", kind="arbitration_award", stage="arbitration",
            province="广东省", year=2022),
        doc(3, "快递员主张加班费，公司未提交考勤记录。", province="上海市"),
    ])
    return b


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
    with pytest.raises(ValueError, match="unknown filter"):
        backend.search("接单", filters={"colour": "red"})


def test_pagination(backend):
    everything = backend.search("", limit=10)
    assert everything.total == 3
    pages = ids(backend.search("", limit=2)) + ids(backend.search("", limit=2, offset=2))
    assert sorted(pages) == [1, 2, 3]


def test_reindexing_a_document_replaces_it(backend):
    backend.index([doc(1, "家政服务员上门提供保洁服务。")])
    assert backend.count() == 3
    assert ids(backend.search("骑手")) == [] and ids(backend.search("保洁")) == [1]


def test_delete_and_clear(backend):
    backend.delete([2])
    assert backend.count() == 2 and ids(backend.search("网约车")) == []
    backend.clear()
    assert backend.count() == 0


def test_query_with_only_punctuation_or_syntax_is_safe(backend):
    for q in ['"', "AND OR NOT", "骑手)", "*", "：；"]:
        backend.search(q)


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
    assert all(text[best.start + s:best.start + e] in ("骑手", "接单") for s, e in best.marks)
    assert snippets(text, ["不存在"]) == []
