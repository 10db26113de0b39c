"""Case chains as users read them: every stage in order, its documents, and its outcome per claim."""

import json

import pytest

from services.disputes import UnknownCaseNumber, chain_for


def test_chain_matches_the_generated_truth(module_loaded_ctx, sample_corpus):
    ctx = module_loaded_ctx
    truth = [json.loads(line) for line in (sample_corpus / ".truth.jsonl").open(encoding="utf-8")]
    with ctx.sessions() as session:
        for t in truth:
            # Any number of the chain finds the same chain; here the last one (the judgment or execution).
            chain = chain_for(session, list(t["case_numbers"].values())[-1])
            assert [s.stage for s in chain.stages] == [
                s for s in ("arbitration", "first_instance", "second_instance", "execution") if s in t["case_numbers"]
            ]
            for stage in chain.stages:
                if stage.stage == "execution":
                    continue
                got = [(o.claim_type, o.outcome) for o in stage.outcomes]
                assert got == [(c["type"], c["outcomes"][stage.stage]["outcome"]) for c in t["claims"]], stage


@pytest.mark.parametrize("number", ["not a number", "京朝劳人仲字〔1999〕第1号"])
def test_unknown_numbers_are_a_clear_error(ctx, number):
    with ctx.sessions() as session, pytest.raises(UnknownCaseNumber):
        chain_for(session, number)
