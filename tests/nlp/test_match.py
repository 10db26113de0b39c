"""Labor-relation match score: cues and their polarity, quantities, structured inputs, bands, calibration, and the
figures on real decided cases."""

from __future__ import annotations

import json

import pytest

from nlp import match
from nlp.eval import calibrate_score, eval_score
from tests.conftest import shared_file


@pytest.mark.parametrize(
    "text, factor, expected",
    [
        ("平台采用系统派单，骑手不得拒单。", "refuse_orders", 1.0),
        ("张某可以自由选择是否接单。", "refuse_orders", -1.0),
        # A party's own account counts half.
        ("某公司认为，张某可以自由选择是否接单。", "refuse_orders", -0.5),
        ("公司每天对其考勤打卡。", "attendance", 1.0),
        # A negation before the cue in its clause turns it around…
        ("公司未对其进行考勤。", "attendance", -1.0),
        ("张某不受公司规章制度的约束。", "management", -1.0),
        ("按月无底薪与刘某结算。", "pay", -1.0),
        # …but the conceded half of 虽…但 weighs little against what follows.
        ("刘某虽然需要按照公司的安排从事配送工作，但可以由他人代为完成配送。", "management", 0.3),
        ("刘某虽然需要按照公司的安排从事配送工作，但可以由他人代为完成配送。", "personal_performance", -1.0),
        ("收益由双方按比例分成。", "pay", -1.0),
        ("配送车辆为其自有货车，油费由其自行承担。", "uniform_equipment", -1.0),
    ],
)
def test_cues_and_their_direction(text, factor, expected):
    values = match.read_factors(text)
    assert values[factor].value == pytest.approx(expected)
    cue = values[factor].cues[0]
    assert text[cue.span.start : cue.span.end] == cue.text


@pytest.mark.parametrize("text", ["双方未签订劳动合同。", "公司没有与其签订书面劳动合同。"])
def test_an_unsigned_labor_contract_does_not_point_to_a_civil_relation(text):
    assert "contract_form" not in match.read_factors(text)


def test_one_cue_for_words_two_patterns_match():
    values = match.read_factors("迟到将被罚款。")
    assert len(values["penalties"].cues) == 1


@pytest.mark.parametrize(
    "text, factor, quantity, value",
    [
        ("张某每天工作十二个小时。", "working_time", ("hours_per_day", 12.0), 1.0),
        ("每天在线4小时左右。", "working_time", ("hours_per_day", 4.0), -1.0),
        ("日均接单15单。", "orders_per_day", ("orders_per_day", 15.0), 0.0),
        ("每周工作5天。", "work_days", ("days_per_week", 5.0), 1.0),
        ("每月出勤26天，每周工作3天。", "work_days", ("days_per_month", 26.0), 1.0),  # the largest reading counts
    ],
)
def test_quantities(text, factor, quantity, value):
    v = match.read_factors(text)[factor]
    assert v.quantity == quantity
    assert v.value == pytest.approx(value)


@pytest.mark.parametrize(
    "given, factor, value",
    [
        ({"refuse_orders": "yes"}, "refuse_orders", -1.0),  # yes: may refuse orders freely
        ({"refuse_orders": "否"}, "refuse_orders", 1.0),
        ({"attendance": "yes"}, "attendance", 1.0),
        ({"price_setting": "platform"}, "price_setting", 1.0),
        ({"price_setting": "negotiated"}, "price_setting", 0.0),
        ({"income_share": "0.55"}, "income_dependence", 0.0),
        ({"hours_per_week": "60", "hours_per_day": "3"}, "working_time", 1.0),
    ],
)
def test_structured_inputs(given, factor, value):
    assert match.input_factors(given)[factor].value == pytest.approx(value)


@pytest.mark.parametrize(
    "given, takes, choices",
    [
        ({"overtime": "yes"}, "known", None),
        ({"attendance": "sometimes"}, "yes_no", ()),
        ({"price_setting": "state"}, "choice", ("platform", "negotiated", "worker")),
        ({"hours_per_day": "ten"}, "number", ()),
        ({"hours_per_day": "-3"}, "non_negative", ()),
        ({"hours_per_day": "nan"}, "non_negative", ()),
    ],
)
def test_bad_inputs_are_named(given, takes, choices):
    with pytest.raises(match.InvalidInput) as raised:
        match.input_factors(given)
    ((name, value),) = given.items()
    assert (raised.value.name, raised.value.value, raised.value.takes) == (name, value, takes)
    assert raised.value.choices == (choices if choices is not None else tuple(i.name for i in match.inputs()))


def _model(threshold=60.0, margin=20.0):
    return match.Model({name: 10.0 for name in match.labels()}, threshold, margin, 10.0, "test")


@pytest.mark.parametrize(
    "given, band, score",
    [
        ({"attendance": "yes", "penalties": "yes"}, "labor", 70.0),
        ({"attendance": "yes"}, "incomplete", 60.0),  # just under the threshold of 60.5
        ({}, "civil", 50.0),  # just under 50.5, where 不完全劳动关系 begins
        ({"attendance": "no", "penalties": "no"}, "civil", 30.0),
    ],
)
def test_bands(given, band, score):
    result = match.score(match.input_factors(given), _model(threshold=60.5, margin=10.0))
    assert result.score == pytest.approx(score)
    assert result.band == band
    assert result.band_label == match.band_labels()[band]
    assert result.score == pytest.approx(50 + sum(c.points for c in result.contributions))


def test_score_is_clamped_and_every_factor_is_listed():
    result = match.score(match.input_factors({i.factor: "yes" for i in match.inputs() if i.kind == "bool"}), _model())
    assert result.score == 100.0
    assert {c.name for c in result.contributions} == set(match.labels())
    assert result.probability > 0.99


def test_what_if_moves_the_score_the_way_the_factor_points():
    read = match.read_factors("公司对骑手考勤打卡，迟到罚款，骑手不得拒单。")
    base = match.score(read)
    freer = match.what_if(read, {"refuse_orders": "yes", "attendance": "no"})
    assert freer.score < base.score
    assert next(c for c in freer.contributions if c.name == "refuse_orders").source == "input"


def test_fit_moves_weights_toward_what_separates_the_decisions():
    prior = _model(threshold=50.0)
    # Decided cases where only exclusivity tells recognised from not.
    samples = [(match.input_factors({"exclusivity": "yes"}), True)] * 8 + [
        (match.input_factors({"exclusivity": "no"}), False)
    ] * 8
    fitted = match.fit(samples, prior, l2=0.5)
    assert fitted.weights["exclusivity"] > prior.weights["exclusivity"]
    assert fitted.weights["attendance"] == pytest.approx(prior.weights["attendance"])  # never seen: stays
    held = match.fit(samples, prior, l2=1e6)
    assert held.weights["exclusivity"] == pytest.approx(prior.weights["exclusivity"], abs=0.01)


def test_model_round_trip(tmp_path):
    model = _model(threshold=47.5)
    match.save_model(model, tmp_path / "m.json", {"file": "x", "sha256": "y", "cases": 3})
    assert match.load_model(tmp_path / "m.json") == model
    assert match.fitted_on(tmp_path / "m.json")["cases"] == 3


def test_shipped_calibration_is_reproducible_from_the_data(tmp_path):
    path = shared_file("typical_cases.dev.jsonl")
    calibrate_score(path, tmp_path / "calibration.json")
    rebuilt = json.loads((tmp_path / "calibration.json").read_text(encoding="utf-8"))
    shipped = json.loads(match.CALIBRATION_FILE.read_text(encoding="utf-8"))
    assert rebuilt == shipped, "run `caishen calibrate-score ../shared/data/typical_cases.dev.jsonl` and commit it"


def test_band_accuracy_on_decided_typical_cases():
    figures = eval_score(
        shared_file("typical_cases.dev.jsonl"), cail_path=shared_file("cail2019_labor_elements.dev.jsonl")
    )
    assert figures["decided_cases"] >= 20
    assert figures["leave_one_out"]["accuracy"] >= 0.80
    assert figures["leave_one_out"]["accuracy"] > figures["majority_baseline"]
    assert figures["in_sample"]["total"] == figures["decided_cases"]
    assert figures["cail2019_lb5"]["labor_share"] >= 0.8
