"""The one segmenter (nlp.tokens): jieba-rs with the domain words gives jieba's words, and the pipeline uses it."""

import jieba
import pytest

from nlp.pipeline import build_pipeline
from nlp.tokens import domain_words, index_tokens, query_tokens, words

SENTENCES = [
    "系统派单后，原告作为美团众包骑手每天接单量约三十单，平台通过考勤和差评扣款进行管理。",
    "申请人在饿了么平台从事外卖配送，站点排班并按单结算报酬，请求支付加班费及经济补偿。",
    "原告系网约车司机，通过滴滴接单，被告主张双方为合作关系，原告请求确认劳动关系并支付违约金。",
    "货拉拉货运司机主张公司应支付未签劳动合同双倍工资、代通知金及停工留薪期工资。",
]


@pytest.fixture(scope="module")
def jieba_with_domain_words():
    segmenter = jieba.Tokenizer()
    for w in domain_words():
        segmenter.add_word(w)
    return segmenter


@pytest.mark.parametrize("text", SENTENCES)
def test_same_words_as_jieba_with_the_domain_words(text, jieba_with_domain_words):
    assert words(text) == jieba_with_domain_words.lcut(text)


@pytest.mark.parametrize("word", ["派单", "饿了么", "众包", "外卖骑手", "网约车司机", "代通知金", "接单量"])
def test_a_domain_word_is_one_word_everywhere(word):
    assert word in domain_words()
    text = f"系统{word}后"
    assert word in words(text) and word in query_tokens(text) and word in index_tokens(text)


def test_pieces_concatenate_to_the_text_and_the_pipeline_uses_them():
    text = SENTENCES[0] + "  \n" + SENTENCES[1]
    assert "".join(words(text)) == text
    assert [t.text for t in build_pipeline(())(text)] == words(text)
