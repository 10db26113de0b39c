"""Element labels: rules on written-here sentences, a classifier that learns, and honest figures on shared data."""

import json
from pathlib import Path

import pytest

from app.cli import main
from nlp.elements import LABELS, document_elements, label_names, label_sentences, load_model, rule_labels, train
from nlp.eval import eval_elements
from tests.conftest import shared_file


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("被告于2020年5月单方解除与原告的劳动关系。", {"LB1"}),
        ("被告未与原告签订书面劳动合同，应支付二倍工资差额。", {"LB6", "LB9"}),
        ("原告要求被告支付延时加班费。", {"LB8"}),
        ("原告主张的停工留薪期工资及一次性伤残补助金。", {"LB10", "LB2"}),
        ("原告主张的该项请求未经劳动仲裁前置程序。", {"LB11"}),
        ("被告公司已于2019年被吊销营业执照并注销。", {"LB19"}),
        ("本院认为，王某与被告之间构成劳动关系。", {"LB5"}),
        ("原告未按时上班，双方订立劳动合同。", {"LB7"}),  # a negation in an earlier clause denies nothing here
        # The ways the same facts are written.
        ("一、解除陈某与某海运有限公司之间的劳动关系。", {"LB1"}),
        ("原、被告之间的劳动关系已于2013年7月23日解除。", {"LB1"}),
        ("公司因经营困难，未向原告发放2014年7、10、11、12月工资。", {"LB4"}),
        ("截至起诉之日，被告尚欠原告工资8240元。", {"LB4"}),
        ("双方虽未签订书面劳动合同，但已形成事实上的劳动关系。", {"LB5", "LB6"}),
        ("原告与被告存在事实上劳动关系。", {"LB5"}),
        ("被告支付原告未休年休假工资1839.08元。", {"LB8"}),  # 未休 names the pay, it denies nothing
        ("被告应当向劳动者每月支付二倍的工资。", {"LB9"}),
        ("某公司未与张某签订过书面劳动合同。", {"LB6"}),
    ],
)
def test_rules(sentence, expected):
    assert expected <= rule_labels(sentence)


@pytest.mark.parametrize(
    "sentence,absent",
    [
        ("被告未与原告签订书面劳动合同。", "LB7"),  # a denied signing is not a signing
        ("双方没有签订劳动合同。", "LB7"),
        ("双方签订有《劳务派遣协议》，未签订书面劳动合同。", "LB7"),  # what was signed is named within its clause
        ("双方之间不存在劳动关系。", "LB5"),  # a denial or a question is no finding
        ("原告提供的证据不足以证实其与某公司存在劳动关系。", "LB5"),
        ("争议焦点是双方是否存在劳动关系。", "LB5"),
        ("公司按月足额发放工资，不存在拖欠。", "LB4"),
        ("被告从未安排原告加班。", "LB8"),
        ("停产放假期间，双方的劳动关系并未解除。", "LB1"),
        ("原告要求被告支付延时加班费。", "LB6"),
    ],
)
def test_rules_do_not_fire(sentence, absent):
    assert absent not in rule_labels(sentence)


def test_every_label_has_a_name_and_a_document_lists_its_elements_with_their_sentences():
    assert set(label_names()) == set(LABELS) and all(label_names().values())
    text = (
        "原告于2019年入职。被告未与原告签订书面劳动合同；被告应支付二倍工资。\n本院认为，原告要求支付加班费的请求成立。"
    )
    found = document_elements(text)
    assert [e.label for e in found] == sorted({e.label for e in found}, key=LABELS.index)
    by_label = {e.label: e for e in found}
    assert by_label["LB8"].name == label_names()["LB8"]
    assert [s.text for s in by_label["LB6"].sentences] == ["被告未与原告签订书面劳动合同；", "被告应支付二倍工资。"]
    assert all(text[s.span.start : s.span.end] == s.text and e.label in s.labels for e in found for s in e.sentences)


def _documents(n=20):
    """Written-here documents: a cue no rule knows (某某口令) marks LB20."""
    return [
        [(f"第{i}份材料写明某某口令，情况属实。", {"LB20"}), (f"第{i}份材料与本案无关，情况属实。", set())]
        for i in range(n)
    ]


def test_classifier_learns_beyond_its_rules():
    model = train(_documents())
    assert model.predict(["新的材料写明某某口令。", "新的材料与本案无关。"]) == [{"LB20"}, set()]


def test_training_is_reproducible_and_the_saved_model_predicts_the_same(tmp_path):
    document = ["新的材料写明某某口令。", "原告要求被告支付加班费3000元。"]
    first, second = train(_documents()), train(_documents())
    assert (first.probabilities(document) == second.probabilities(document)).all()
    first.save(tmp_path / "m.pkl")
    assert (load_model(tmp_path / "m.pkl").probabilities(document) == first.probabilities(document)).all()
    assert load_model(tmp_path / "missing.pkl") is None


def test_sentences_are_labelled_with_spans_by_the_rules_without_a_model():
    text = "原告于2019年入职。被告未与原告签订书面劳动合同；被告应支付二倍工资。\n本院认为，原告的请求成立。"
    labelled = label_sentences(text)
    assert all(text[s.span.start : s.span.end] == s.text for s in labelled)
    assert [s.labels for s in labelled] == [("LB5",), ("LB6",), ("LB6", "LB9"), ()]


def test_train_and_label_commands(tmp_path, monkeypatch, capsys):
    """In process (a subprocess a command would cost seconds of start-up)."""
    data = tmp_path / "labelled.jsonl"
    data.write_text(
        "\n".join(
            json.dumps(
                {"id": f"d{i}", "sentences": [{"text": t, "labels": sorted(ls)} for t, ls in d]}, ensure_ascii=False
            )
            for i, d in enumerate(_documents())
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("CAISHEN_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("CAISHEN_DATABASE_URL", raising=False)
    assert main(["train-elements", str(data)]) == 0
    trained = json.loads(capsys.readouterr().out)
    assert trained["documents"] == 20 and Path(trained["model"]).is_file()
    assert main(["elements", "--text", "新的材料写明某某口令。新的材料与本案无关。"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["model"] == "classifier"
    assert [(s["text"], s["labels"]) for s in out["sentences"]] == [("新的材料写明某某口令。", ["LB20"])]


def test_cross_validated_figures_beat_the_keyword_baseline(tmp_path):
    rows = [json.loads(line) for line in shared_file("cail2019_labor_elements.dev.jsonl").open(encoding="utf-8")]
    subset = tmp_path / "subset.jsonl"
    subset.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows[:30]), encoding="utf-8")
    figures = eval_elements(subset, train_path=subset, names_path=shared_file("cail2019_labor_labels.json"))
    assert figures["protocol"].startswith("5-fold")
    assert figures["model"]["micro_f1"] > figures["keyword_baseline"]["micro_f1"] + 0.15
    assert set(figures["model"]["per_label"]) <= {f"LB{i}" for i in range(1, 21)}
