"""What people read from the API's errors, the services' refusals and the CLI: Chinese sentences by a stable code.

An API error carries its code as the JSON field "code" (for programs; never changes with the wording) and the
sentence as "message". Codes and the names of parameters a client sends stay as they are inside the sentences."""

from __future__ import annotations

MESSAGES = {
    # API errors (the code is the JSON error's "code").
    "token_required": "需要有效的访问令牌：先以 POST /api/v1/tokens 获取，再放在请求头 Authorization: Bearer … 中",
    "forbidden": "{role}角色无权使用此功能（{permission}）",
    "wrong_credentials": "用户名或密码错误",
    "sign_in_throttled": "登录失败次数过多，请 {seconds} 秒后再试",
    "body_not_object": "请求体须为 JSON 对象{expected}",
    "required": "缺少 {name}{hint}",
    "not_a_string": "{name} 须为字符串",
    "not_an_object": "{name} 须为 JSON 对象{expected}",
    "not_a_whole_number": "{name} 须为整数",
    "out_of_range": "{name} 须为 {low} 至 {high} 之间的整数",
    "not_one_of": "{name} 须为以下之一：{allowed}",
    "give_one_of": "请给出 {names} 之一",
    "bad_parameter": "{detail}",
    "not_a_time": "{name} 须为 ISO 8601 时间，例如 2024-05-01T00:00:00Z",
    "no_inbox_item": "收件箱中没有编号为 {key} 的条目",
    "no_review": "没有编号为 {review_id} 的研判",
    "no_compared_claim": "该案件链中没有这项已比对的请求",
    "bad_quotes": "quotes 须为“文书编号:起点:终点”形式的字符串列表",
    "review_refused": "{detail}",
    "review_conflict": "{detail}",
    "meeting_formats": "联席会议材料只能下载为 DOCX 或 XLSX 文件",
    "bad_query": "检索条件有误：请检查引号、括号是否成对，或换用更简单的关键词",
    "invalid_input": "{detail}",
    "no_document": "文书 {doc_id} 不存在",
    "no_dispute": "案件链 {dispute_id} 不存在",
    "no_case_number": "{detail}",
    "no_saved_search": "订阅 {saved_id} 不存在",
    "saved_search_invalid": "{detail}",
    "unreadable_file": "无法读取文件“{name}”：{reason}",
    "index_unavailable": "检索索引暂不可用，请稍后重试；如持续出现，请管理员重建索引（caishen reindex）",
    "database_unavailable": "数据库暂时无法连接（可能正在重启或维护），请稍后重试",
    "internal": "服务器内部错误，已记入日志，请稍后重试",
    # HTTP errors raised before an API route runs, by status ("http_error" for any other).
    "bad_request": "请求有误，无法处理",
    "no_such_route": "没有这个接口（接口说明见 /api/v1/openapi.json）",
    "method_not_allowed": "此接口不接受 {method} 请求",
    "too_large": "请求内容过大",
    "http_error": "请求无法处理（HTTP {http_status}）",
    # Refusals of the services, read alike by the API, the pages and the CLI.
    "unknown_field": "没有“{name}”这一字段，可用：{expected}",
    "not_a_year": "{name}={value}：年份须为数字",
    "not_a_boolean": "{name}={value}：须为 true 或 false",
    "not_a_value_of": "{name}={value}：须为以下之一：{expected}",
    "unknown_filter": "没有“{name}”这一筛选条件，可用：{expected}",
    "year_out_of_range": "{name} 为 {year}，须在 {first} 至 2100 之间",
    "year_order": "起始年份 {year_from} 晚于截止年份 {year_to}",
    "not_a_case_number": "“{text}”不是可识别的案号",
    "no_proceeding": "没有案号为 {case_number} 的文书",
    "empty_text": "要比较的文本为空",
    "no_folder": "无法写入 {out}：文件夹 {folder} 不存在",
    "portrait_by": "画像只能按以下之一分组：{expected}（收到 {by}）",
    "unknown_score_input": "没有“{name}”这一要素，可用：{expected}",
    "score_input_yes_no": "要素 {name} 须为 yes 或 no（收到 {value}）",
    "score_input_choice": "要素 {name} 须为以下之一：{expected}（收到 {value}）",
    "score_input_number": "要素 {name} 须为数字（收到 {value}）",
    "score_input_non_negative": "要素 {name} 须为非负数（收到 {value}）",
    # The CLI's human output (its --json output keeps codes and field names).
    "cli_error": "caishen 出错：{detail}",
    "cli_database_error": "caishen 出错：数据库（{where}）出错：{reason}；进行中的事务已回滚，数据库恢复后请重新运行该命令",
    "cli_worker_died": "一个工作进程意外终止（可能内存不足或被强行结束），本次运行已停止；已提交的内容不会丢失，"
                       "重新运行同一命令即可继续",
    "cli_database_ready": "数据库已就绪：{where}",
    "cli_compared_again": "已重新比对 {n} 个争议的请求",
    "cli_corpus_written": "已写入 {disputes} 个案件链的 {documents} 篇文书，共 {files} 个文件，位于 {out}（{by_kind}）；"
                          "标准答案：{truth}",
    "cli_ingest_done": "导入批次 {run}：{files} 个文件，读出 {read} 篇文书，新增 {new} 篇，已有 {existing} 篇，"
                       "隔离 {quarantined} 个，每秒 {rate:.1f} 篇",
    "cli_index_not_updated": "警告：检索索引未更新：{reason}；请运行 caishen reindex",
    "cli_index_unavailable": "警告：检索索引不可用；文书照常存入数据库，稍后请运行 caishen reindex",
    "cli_file_written": "已写入 {path}",
    "cli_side_done": "结构化数据批次 {run}：{files} 个文件，读出 {read} 行，新增 {new} 行，更新 {updated} 行，"
                     "隔离 {quarantined} 个（{by_kind}）",
    "cli_nothing_loaded": "未导入任何数据",
    "cli_warnings_not_evaluated": "警告：风险预警未能评估：{reason}",
    "cli_warnings_counts": "风险预警：新增 {new} 条，持续 {holding} 条，解除 {resolved} 条",
    "cli_no_portrait": "尚无案件或结构化数据",
    "cli_no_warnings": "没有风险预警",
    "cli_search_total": "共 {total} 篇文书与“{query}”匹配",
    "cli_search_hit": "[{doc_id}] {body} {title} {case_number}（{kind}，相关度 {score}）",
    "cli_score": "劳动关系匹配度 {score:.1f} / 100 → {band}（{threshold:.1f} 分起为劳动关系，"
                 "{incomplete:.1f} 分起为不完全劳动关系；权重：{model}）",
    "cli_score_factor": "  {points:+6.1f}  {label}（{name}）取值 {value:+.2f} × 权重 {weight:g}；{how}",
    "cli_score_by_hand": "手工设定",
    "cli_score_cues": "{n} 处依据",
    "cli_score_unknown": "  未知（记 0 分，可用 --set 设定）：{names}",
    "cli_give_score_input": "请给出 --dispute-id、--text、--file，或用 --set 名称=取值 设定要素",
    "cli_reindexed": "已重建 {n} 篇文书的索引",
    "cli_reextracted": "已重新抽取 {n} 篇文书",
    "cli_analysed": "已比对 {n} 个案件链的请求（容差 {tolerance:g}）",
    "cli_no_compared_claims": "没有符合条件的已比对请求",
    "cli_exported": "已将 {n} 条对齐的请求写入 {out}（{format}）",
    "cli_password_prompt": "{name} 的密码：",
    "cli_password_again": "再输入一次：",
    "cli_passwords_differ": "两次输入的密码不一致",
    "cli_user_created": "已创建用户 {name}（{role}，{institution}）",
    "cli_quarantine_row": "批次 {run}\t{where}\t{reason}",
    "cli_quarantined": "隔离区共 {n} 个文件",
    "cli_serving": "caishen 已在 http://{host}:{port}/ 提供服务（按 Ctrl-C 停止）",
    "cli_demo_users": "请用以下演示用户之一登录（每次启动演示都会生成新密码）：",
    "cli_dispute": "案件链 {dispute_id}",
    "cli_recited": "（据后续文书转述）",
    "cli_comparison": "  裁审比对（仲裁 → 法院）",
    "cli_no_such_path": "文件或文件夹不存在：{paths}",
    "cli_no_such_file": "文件不存在：{path}",
    "cli_pair_expected": "{option} 须写成 字段=取值，收到 {pair}",
    "cli_no_schema": "数据库中还没有 caishen 的表结构；请先运行 caishen init-db（{where}）",
    "cli_old_schema": "数据库表结构版本为 {current}，本版 caishen 需要 {head}；请运行 caishen init-db 升级（{where}）",
    "cli_similar_filter": "选项 --{option}：{detail}",
}


def message(code: str, **params) -> str:
    return MESSAGES[code].format(**params)


def listed(values) -> str:
    """Values a reader may choose from, joined as Chinese lists are."""
    return "、".join(map(str, values))


def invalid_input(exc) -> str:
    """A match-score input that does not fit (nlp.match.InvalidInput), as its reader reads it."""
    if is_chinese(str(exc)):  # worded for the reader already
        return str(exc)
    code = "unknown_score_input" if exc.takes == "known" else f"score_input_{exc.takes}"
    return message(code, name=exc.name, value=exc.value, expected=listed(exc.choices))


def is_chinese(text: str | None) -> bool:
    return bool(text) and any("\u4e00" <= ch <= "\u9fff" for ch in text)

