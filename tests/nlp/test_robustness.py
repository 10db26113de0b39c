"""Extraction never raises, on any text (how long it takes on 1 MB is bench/long_text.py's)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.elements import document_elements
from nlp.extract import extract_document
from nlp.narrative import read_case

# Text drawn from the characters legal documents are made of, so the grammar's paths are reached, plus anything.
LEGAL = st.text(
    alphabet=st.sampled_from(
        list(
            "申请人被告原上诉仲裁委员会裁决判如下一二三、；。：，驳回其他请求支付工资元万确认存在劳动关系"
            "不予受理处理（）〔〕[]第号年月日0123456789民初终执劳人字京粤某公司\n 未签订合同加班"
        )
    ),
    max_size=400,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), LEGAL))
def test_never_raises(text):
    ex = extract_document(text)
    assert all(0 <= c.span.start <= c.span.end <= len(text) for c in ex.claims)
    read_case(text)
    assert all(text[s.span.start : s.span.end] == s.text for e in document_elements(text) for s in e.sentences)


def test_empty_text():
    ex = extract_document("")
    assert (ex.kind, ex.claims, ex.case_number) == ("other", (), None)
