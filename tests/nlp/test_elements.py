"""Element labels: rules on written-here sentences, a classifier that learns, and honest figures on shared data."""

import json

import pytest

from nlp.elements import rule_labels, train
from nlp.eval import eval_elements
from tests.conftest import shared_file


@pytest.mark.parametrize("sentence,expected", [
    ("被告于2020年5月单方解除与原告的劳动关系。", {"LB1"}),
    ("被告未与原告签订书面劳动合同，应支付二倍工资差额。", {"LB6", "LB9"}),
    ("原告要求被告支付延时加班费。", {"LB8"}),
    ("原告主张的停工留薪期工资及一次性伤残补助金。", {"LB10", "LB2"}),
    ("原告主张的该项请求未经劳动仲裁前置程序。", {"LB11"}),
    ("被告公司已于2019年被吊销营业执照并注销。", {"LB19"}),
])
def test_rules(sentence, expected):
    assert expected <= rule_labels(sentence)


def test_classifier_learns_beyond_its_rules():
    """A cue no rule knows (某某口令) is learned from the examples."""
    rows = [(f"第{i}份材料写明某某口令，情况属实。", {"LB20"}) for i in range(20)] + \
           [(f"第{i}份材料与本案无关，情况属实。", set()) for i in range(20)]
    model = train(rows)
    assert model.predict(["新的材料写明某某口令。", "新的材料与本案无关。"]) == [{"LB20"}, set()]


def test_cross_validated_figures_beat_the_keyword_baseline(tmp_path):
    rows = [json.loads(line) for line in shared_file("cail2019_labor_elements.dev.jsonl").open(encoding="utf-8")]
    subset = tmp_path / "subset.jsonl"
    subset.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows[:30]), encoding="utf-8")
    figures = eval_elements(subset, train_path=subset, names_path=shared_file("cail2019_labor_labels.json"))
    assert figures["protocol"].startswith("5-fold")
    assert figures["model"]["micro_f1"] > figures["keyword_baseline"]["micro_f1"] + 0.15
    assert set(figures["model"]["per_label"]) <= {f"LB{i}" for i in range(1, 21)}
