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
    "cli_agreement": "分歧 {divergent} 项，已研判 {reviewed} 项，研判人员同意机器分类 {agreed} 项（{rate}）",
    "cli_agreement_row": "  {type}：分歧 {divergent} 项，已研判 {reviewed} 项，同意 {agreed} 项（{share}）{corrected}",
    "cli_agreement_corrected": "；最常改为 {type}",
    "cli_meeting_format": "{out}：联席会议材料只能写成 .docx 或 .xlsx 文件",
    "cli_meeting_written": "已将 {n} 项分歧（已研判 {reviewed} 项，尺度待统一 {to_unify} 项）写入 {out}",
    "cli_elements_trained": "已训练要素分类器：{documents} 篇文书、{sentences} 个句子，写入 {model}",
    # Progress of long work (services/progress.py): what is being done, and lines that must be seen meanwhile.
    "progress_line": "{label}：{done}/{total} {items}，{count} {things}（每秒 {rate:.1f}），隔离 {quarantined} 个",
    "progress_bar": "{count} {things}，每秒 {rate:.1f}，隔离 {quarantined} 个",
    "progress_quarantined": "已隔离 {where}：{reason}",
    "progress_comparing": "正在比对有变化的案件链的请求…",
    "progress_indexing": "正在为尚未进入检索索引的文书建立索引…",
    "progress_index_failed": "检索索引未更新（请运行 caishen reindex）：{reason}",
    # The words of argparse itself (its usage line, section titles and errors), as the `caishen` command shows them.
    "argparse_usage": "用法：",
    "argparse_positionals": "位置参数",
    "argparse_options": "选项",
    "argparse_help": "显示此帮助并退出",
    "argparse_argument": "参数 %(argument_name)s：%(message)s",
    "argparse_required": "缺少参数：%s",
    "argparse_one_required": "须给出以下参数之一：%s",
    "argparse_unrecognized": "无法识别的参数：%s",
    "argparse_not_allowed_with": "不能与参数 %s 同时使用",
    "argparse_one_value": "须跟一个取值",
    "argparse_at_most_one_value": "最多跟一个取值",
    "argparse_values": "须跟至少一个取值",
    "argparse_n_values": "须跟 %s 个取值",
    "argparse_ambiguous": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "argparse_invalid_value": "取值无效（须为 %(type)s）：%(value)r",
    "argparse_invalid_choice": "取值无效：%(value)r（可选：%(choices)s）",
    "argparse_unknown_command": "没有命令 %(parser_name)r（可用：%(choices)s）",
    "argparse_explicit_ignored": "多余的取值 %r",
    "argparse_cannot_open": "无法打开“%(filename)s”：%(error)s",
}

# What long work is doing and what it counts, by the label and units its caller names (services/progress.py).
PROGRESS_WORDS = {
    "ingest": "导入",
    "analyse": "比对请求",
    "side data": "导入结构化数据",
    "reextract": "重新抽取",
    "reindex": "重建索引",
    "files": "个文件",
    "docs": "篇文书",
    "disputes": "个案件链",
    "claims": "项请求",
    "rows": "行",
}

# `caishen --help` and the help of every command and option: what each does, in the reader's words.
HELP = {
    "caishen": "裁审：劳动仲裁裁决与法院判决对照阅读——导入文书、检索类案、逐项比对裁审分歧、统计与导出",
    "commands": "要运行的命令（caishen 命令 --help 查看该命令的选项）",
    "json": "以 JSON 输出（字段名与代码保持原样，供程序读取）",
    "limit": "最多列出的条数",
    "seed": "随机种子：种子相同，生成的文件逐字节相同",
    "text_in": "直接给出的文本",
    "file_in": "文件（导入支持的任何格式：txt、docx、pdf、html 等）",
    "eval_file": "带标准答案的评测文件（JSONL）",
    "where": "只保留该字段为该取值的行（字段=取值，可重复）",
    # data
    "init-db": "创建或升级数据库表结构（Alembic 迁移）",
    "sample-corpus": "生成演示用的文书语料（当事人均为虚构）及其标准答案",
    "sample-corpus out_dir": "写入语料的文件夹",
    "sample-corpus --disputes": "生成的案件链数",
    "ingest": "导入文件或文件夹中的文书（重复导入不会新增）",
    "ingest paths": "要导入的文件或文件夹",
    "ingest --report": "把本次导入的报告以 JSON 写入该文件",
    "sample-side": "生成演示画像用的结构化数据（平台经营指标、行业从业人数、劳动者收入与投诉）",
    "sample-side out_dir": "写入数据的文件夹",
    "ingest-side": "导入用工形态画像的 CSV/XLSX 结构化数据（格式见 ingest/side_schemas.toml）",
    "ingest-side paths": "要导入的文件或文件夹",
    "ingest-side --kind": "数据种类（默认按各文件的列名判断）",
    "reindex": "依据数据库重建检索索引",
    "reextract": "抽取程序更新后，依据已存文本重新计算派生字段",
    "reextract --all": "全部文书，而不只是由其他版本抽取的文书",
    "analyse": "逐项比对各案件链中仲裁与法院对每项请求的处理（分歧）",
    "analyse --all": "全部案件链，而不只是上次比对后有变化的",
    "summary": "以 JSON 输出语料统计",
    "quarantine": "无法导入的文件（隔离区）",
    "quarantine list": "列出隔离区中的文件及原因",
    # cases
    "search": "全文检索（各词均须出现；“带引号的短语”须按顺序出现）",
    "search query": "检索词；短语放在双引号内，例如 '\"外卖 骑手\" 加班费'",
    "search --filter": "筛选条件（字段=取值，可重复；同一字段给两次表示任一取值），字段：{fields}",
    "search --sort": "排序方式：relevance 按相关度，date 按日期",
    "search --facets": "同时按各分面字段统计命中数",
    "search --page": "第几页",
    "similar": "类案检索：与一篇文书、一段文本或一个文件相似的案件，并说明相似之处",
    "similar --doc-id": "文书编号",
    "similar --report": "同时把类案检索报告（已脱敏）写成 Word 文件",
    "similar --province": "只要该省份的案件（如 广东省）",
    "similar --body": "只要该法院或仲裁委员会审理的案件",
    "similar --year-from": "只要该年份及以后作出的",
    "similar --year-to": "只要该年份及以前作出的",
    "similar --employment-mode": "只要该用工方式的（如 专送、众包）",
    "similar --outcome": "只要有请求如此处理的案件，取值：{outcomes}",
    "score": "劳动关系匹配度：一个案件链、一段文本或给定要素的得分",
    "score --dispute-id": "案件链编号",
    "score --set": "假设：在读出的要素之上设定一项要素（名称=取值，可重复），可用：{inputs}",
    "elements": "逐句标注要素（LB1…LB20），以 JSON 输出",
    "elements --all": "也列出没有要素的句子",
    "dispute": "案件链",
    "dispute show": "含该案号的案件链（或按案件链编号）：仲裁 → 一审 → 二审 → 执行，逐项请求的处理与裁审比对",
    "dispute show case_number": "案号，例如 京朝劳人仲字〔2023〕第1234号；或案件链编号，例如 12（无案号的案例报道、判决）",
    # statistics and exports
    "stats": "分歧统计：按地区、机构、年份、平台、用工方式、请求类型等分组",
    "stats --by": "按这些字段分组：{fields}",
    "stats --measure": "统计内容：divergence 分歧率（默认；已研判的分歧按研判后的类型计），recognition 仲裁与法院对劳动关系的认定，"
    "agreement 研判人员同意机器分歧分类的比例（按类型）",
    "portrait": "用工形态画像：按平台、职业或地区",
    "portrait --by": "分组方式",
    "portrait --year": "只看该年份",
    "warnings": "风险预警（规则见 config/warnings.toml）",
    "warnings --refresh": "现在评估规则（每次导入后也会评估）",
    "warnings --all": "也列出已解除的预警",
    "export": "导出数据供分析",
    "export divergences": "导出对齐的请求，每项一行，附全部属性",
    "export divergences out": "要写入的文件",
    "export divergences --format": "文件格式（默认按文件后缀）",
    "export divergences --codes": "CSV/XLSX 使用供程序读取的列名和代码（默认为中文表头和取值）",
    "export joint-meeting": "联席会议材料：某期间、某地区的分歧按分歧类型和请求类型汇总，尺度待统一的在前（已脱敏）",
    "export joint-meeting out": "要写入的文件（.docx 或 .xlsx）",
    "export joint-meeting --from": "法院裁判日期自该日（2024-01-01）或该年（2024）起",
    "export joint-meeting --to": "法院裁判日期至该日或该年止",
    "export joint-meeting --province": "省份",
    "export joint-meeting --city": "城市",
    # evaluation and models
    "train-elements": "训练 CAIL2019 要素分类器并写入数据目录",
    "train-elements file": "已标注的句子（默认：共享数据中的开发集）",
    "train-elements --out": "模型写入何处（默认：数据目录/models/elements.pkl）",
    "calibrate-score": "用已判决的案件拟合匹配度的权重并写入",
    "calibrate-score file": "含标准请求的典型案例 JSONL（../shared/data/typical_cases.dev.jsonl）",
    "eval": "评测命令，各自以 JSON 输出指标",
    "eval cases": "在带标准答案的典型案例上评测请求、处理结果和平台用工情境",
    "eval judgments": "在带文书级标准答案的完整判决上评测：请求、转述的仲裁裁决、法院的处理、分歧（导入所用的读取程序，分两半）",
    "eval elements": "CAIL2019 要素标注：模型、规则与关键词基线",
    "eval elements --train": "用于训练的已标注文件（默认：共享数据中的开发集）",
    "eval elements --names": "要素名称文件，供关键词基线使用",
    "eval score": "劳动关系匹配度：得分区间与最终裁判对照，留一法",
    "eval retrieval": "LeCaRD 类案检索：caishen 的排序与普通 BM25 对比，候选池 NDCG",
    "eval retrieval file": "LeCaRD 格式的 JSONL 文件（可为 .gz）",
    # users, serving, the demo
    "create-user": "添加用户；密码来自提示输入，或标准输入的第一行",
    "create-user name": "用户名",
    "create-user --role": "角色：judge 法官，arbitrator 仲裁员，analyst 分析人员（脱敏），admin 管理员",
    "create-user --institution": "用户所属的仲裁委员会或法院",
    "serve": "启动网页界面",
    "host": "监听的地址（默认见 CAISHEN_HOST，通常为 127.0.0.1；对外提供服务用 0.0.0.0）",
    "port": "监听的端口（默认见 CAISHEN_PORT，通常为 8000）",
    "workers": "提供网页的工作进程数（gunicorn；默认每个处理器核心一个）",
    "demo": "演示：生成演示语料和结构化数据并导入，输出统计，训练要素分类器（有共享数据时），然后启动网页界面",
    "demo --disputes": "首次运行时生成的案件链数（语料已存在时不再生成）",
    "demo --no-serve": "输出统计后即停止，不启动网页界面",
}


def help_text(key: str, **params) -> str:
    """The help of a command ("ingest") or of one of its arguments ("ingest --report"); argparse formats it with
    %-placeholders, so a literal percent sign is doubled."""
    return HELP[key].format(**params).replace("%", "%%")


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
