"""Chains without cited numbers: linked by the same worker and employer, in either order, with a confidence."""

import io

import pytest
from sqlalchemy import select

from ingest.pipeline import ingest
from services.progress import Progress
from store.models import Proceeding

AWARD = """北京市朝阳区劳动人事争议仲裁委员会
仲裁裁决书
京朝劳人仲字〔2023〕第77号
申请人：{worker}，男，1990年1月1日出生。
被申请人：北京汇达配送服务有限公司，住所地北京市朝阳区。
申请人请求：1.确认双方存在劳动关系。
裁决如下：
驳回申请人的全部仲裁请求。
二〇二三年三月一日"""

JUDGMENT = """北京市朝阳区人民法院
民事判决书
（2023）京0105民初{serial}号
原告：{worker}，男，1990年1月1日出生。
被告：北京汇达配送服务有限公司，住所地北京市朝阳区。
原告不服仲裁裁决，诉至本院。
{worker}向本院提出诉讼请求：1.确认双方存在劳动关系。
判决如下：
确认原告与被告存在劳动关系。
二〇二三年九月一日"""


def write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(ctx, folder):
    ingest([folder], ctx.settings, ctx.sessions, ctx.search, progress=Progress(0, stream=io.StringIO()))


def chain_of(ctx):
    with ctx.sessions() as s:
        return {p.case_number: (p.dispute_id, p.link_confidence) for p in s.scalars(select(Proceeding))}


# The same judgment reciting the award without its number: no placeholder stands in for the award.
RECITING = JUDGMENT.replace(
    "原告不服仲裁裁决，诉至本院。", "原告申请仲裁，该委裁决驳回原告的全部仲裁请求。原告不服，诉至本院。"
)


@pytest.mark.parametrize("judgment_text", [JUDGMENT, RECITING], ids=["cites nothing", "recites the award"])
@pytest.mark.parametrize("award_first", [True, False])
def test_same_worker_and_employer_link_without_a_cited_number(ctx, tmp_path, award_first, judgment_text):
    award = write(tmp_path / "a", "award.txt", AWARD.format(worker="张伟"))
    judgment = write(tmp_path / "j", "judgment.txt", judgment_text.format(worker="张伟", serial=1))
    for folder in (award, judgment) if award_first else (judgment, award):
        run(ctx, folder)
    links = chain_of(ctx)
    assert set(links) == {"京朝劳人仲字(2023)77号", "(2023)京0105民初1号"}
    (award_dispute, award_conf), (judgment_dispute, judgment_conf) = (
        links["京朝劳人仲字(2023)77号"],
        links["(2023)京0105民初1号"],
    )
    assert award_dispute == judgment_dispute
    assert judgment_conf == pytest.approx(0.9) and award_conf is None


def test_another_worker_is_not_linked(ctx, tmp_path):
    run(ctx, write(tmp_path / "a", "award.txt", AWARD.format(worker="张伟")))
    run(ctx, write(tmp_path / "j", "judgment.txt", JUDGMENT.format(worker="李娜", serial=2)))
    links = chain_of(ctx)
    assert links["京朝劳人仲字(2023)77号"][0] != links["(2023)京0105民初2号"][0]
