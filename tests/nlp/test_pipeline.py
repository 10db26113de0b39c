"""The spaCy pipeline reads exactly what extract_document reads, and keeps factor spans on the Doc."""

from ingest.sources import iter_files, read_file
from nlp.extract import extract_document
from nlp.pipeline import COMPONENTS, build_pipeline, extract_many


def test_components_are_assembled_from_names():
    assert tuple(build_pipeline().pipe_names) == COMPONENTS


def test_same_reading_as_the_plain_function(sample_corpus):
    texts = [next(iter(read_file(p, 10**8))).text for p in list(iter_files([sample_corpus / "documents"]))[:25]]
    texts.append(  # a case report: the pipeline reads it as one too
        "张某申请仲裁，请求支付加班费8000元。仲裁委员会裁决驳回其请求。张某不服，诉至法院。"
        "一审法院判决某公司支付张某加班费8000元。【典型意义】加班事实应当综合认定。"
    )
    assert list(extract_many(build_pipeline(), texts)) == [extract_document(t) for t in texts]


def test_factor_spans_on_the_doc():
    doc = build_pipeline()("站点对其实行排班考勤，超时送达将被扣款。")
    assert {s.label_ for s in doc.spans["factors"]} == {"attendance", "penalties"}
    assert "排班" in doc.spans["factors"][0].text
