"""Chinese names users read for document kinds, stages and outcomes, shared by the web pages and the CLI."""

KIND_LABELS = {"arbitration_award": "仲裁裁决书", "judgment": "判决书", "ruling": "裁定书", "hearing_note": "庭审要点",
               "mediation_record": "调解笔录", "execution_record": "执行记录", "other": "其他"}
STAGE_LABELS = {"arbitration": "仲裁", "first_instance": "一审", "second_instance": "二审", "retrial": "再审",
                "execution": "执行"}
OUTCOME_LABELS = {"granted": "支持", "partly_granted": "部分支持", "rejected": "驳回", "not_ruled": "未涉及/不予处理",
                  "inadmissible": "不予受理"}
