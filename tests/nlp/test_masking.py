"""Masking personal data for readers who may not see it."""

import pytest

from nlp.masking import mask, mask_name


@pytest.mark.parametrize("name, expected", [("朱华婷", "朱某"), ("欧阳娜娜", "欧阳某"), ("张三", "张某")])
def test_names_keep_the_surname(name, expected):
    assert mask_name(name) == expected


@pytest.mark.parametrize("text, persons, expected", [
    ("申请人朱华婷与被申请人星光互娱网络科技有限公司", ["朱华婷"], "申请人朱某与被申请人星光互娱网络科技有限公司"),
    ("原告张某某诉称", [], "原告张某诉称"),
    ("身份证号码110105199003021234，", [], "身份证号码110105********1234，"),
    ("身份证号11010519900302123X。", [], "身份证号110105********123X。"),
    ("电话13812345678。", [], "电话138****5678。"),
    ("联系电话010-66668888，", [], "联系电话010-********，"),
    ("住北京市朝阳区建国路88号院3号楼201室，", [], "住北京市朝阳区***，"),
    ("住所地广东省深圳市南山区科技园路1号。", [], "住所地广东省深圳市南山区***。"),
    ("齐某住院治疗至2021年9月16日。", [], "齐某住院治疗至2021年9月16日。"),  # 住院 is not an address
    ("案号（2023）京0105民初12345号，金额12345678元。", [], "案号（2023）京0105民初12345号，金额12345678元。"),
    ("欧阳娜娜作证，欧阳娜娜之女在场", ["欧阳娜娜"], "欧阳某作证，欧阳某之女在场"),
])
def test_mask(text, persons, expected):
    assert mask(text, persons) == expected
