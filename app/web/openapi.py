"""The OpenAPI 3 document of /api/v1, built from the same field lists the API validates against."""

from __future__ import annotations

from app import MAX_ID
from nlp.match import inputs
from search.base import FILTER_FIELDS, SORTS
from services.export import FORMATS
from services.inbox import KINDS as INBOX_KINDS
from services.portrait import PORTRAIT_BY
from services.reviews import FLAGS, review_types
from services.similar import FIRST_YEAR
from services.similar_report import DOCX_MEDIA
from services.stats import FIELDS, MEASURES
from wording.labels import OUTCOME_LABELS


def _query(name: str, schema: dict, description: str = "", required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": description}


def _many(name: str, description: str) -> dict:
    return {
        **_query(name, {"type": "array", "items": {"type": "string"}}, description),
        "style": "form",
        "explode": True,
    }


_ERROR = {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_JSON = {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}


def _op(
    summary: str,
    parameters: list | None = None,
    responses: dict | None = None,
    secured: bool = True,
    body: dict | None = None,
) -> dict:
    op = {
        "summary": summary,
        "parameters": parameters or [],
        "responses": {**(responses or {"200": _JSON}), "400": _ERROR, "401": _ERROR, "403": _ERROR, "404": _ERROR},
    }
    if secured:
        op["security"] = [{"bearer": []}]
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return op


def _input_schema(spec) -> dict:
    if spec.kind == "number":
        return {"type": "number", "minimum": 0}
    return {"type": "string", "enum": list(spec.choices) if spec.kind == "choice" else ["yes", "no"]}


def openapi_document() -> dict:
    filters = [_many(f, f"filter on {f}; repeat for either of several values") for f in FILTER_FIELDS]
    stats_where = [_many(f, f"keep rows with this {f}") for f in FIELDS]
    similar_schemas = {
        "province": {"type": "string"},
        "body": {"type": "string"},
        "year_from": {"type": "integer", "minimum": FIRST_YEAR, "maximum": 2100},
        "year_to": {"type": "integer", "minimum": FIRST_YEAR, "maximum": 2100},
        "employment_mode": {"type": "string"},
        "outcome": {"type": "string", "enum": list(OUTCOME_LABELS)},
    }
    similar_filters = [
        _query(name, schema, "similar disputes must have a document with this value (years: a range)")
        for name, schema in similar_schemas.items()
    ]
    similar_filter_object = {"type": "object", "properties": similar_schemas, "additionalProperties": False}
    score_inputs = [
        _query(i.name, _input_schema(i), f"{i.label}" + (f" ({i.unit})" if i.unit else "")) for i in inputs()
    ]
    feed_parameters = [
        _query("unread", {"type": "string", "enum": ["true", "false"]}, "only items not yet marked"),
        _query("since", {"type": "string", "format": "date-time"}, "only items arrived after"),
        _query("kind", {"type": "string", "enum": list(INBOX_KINDS)}),
        _query("limit", {"type": "integer", "minimum": 1, "maximum": 1000}),
    ]
    saved_id = {
        "name": "saved_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "caishen 裁审 API",
            "version": "1",
            "description": "Search, similar cases, case chains, divergences, statistics and exports. "
            "Get a token with POST /tokens and send it as `Authorization: Bearer …`.",
        },
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["status", "code", "message"],
                            "properties": {
                                "status": {"type": "integer"},
                                "code": {"type": "string"},
                                "message": {"type": "string"},
                                "field": {"type": "string"},
                            },
                        }
                    },
                }
            },
        },
        "paths": {
            "/tokens": {
                "post": _op(
                    "a bearer token for a username and password; after 5 failures for one account or from "
                    "one address within 15 minutes, refused for a delay that doubles with each further "
                    "failure",
                    secured=False,
                    responses={
                        "201": _JSON,
                        "429": {
                            **_ERROR,
                            "description": "locked out: try again after Retry-After seconds",
                            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                        },
                    },
                    body={
                        "type": "object",
                        "required": ["username", "password"],
                        "properties": {"username": {"type": "string"}, "password": {"type": "string"}},
                    },
                ),
                "delete": _op("revoke the token sent", responses={"204": {"description": "revoked"}}),
            },
            "/search": {
                "get": _op(
                    "full-text search with filters, facets and highlights",
                    [
                        _query("q", {"type": "string"}, 'words all match; "quoted phrases" match in order'),
                        _query(
                            "page",
                            {"type": "integer", "minimum": 1, "maximum": 10000},
                            "page × per_page up to 10000, the results a search can page through (beyond: 400)",
                        ),
                        _query("per_page", {"type": "integer", "minimum": 1, "maximum": 100}),
                        _query("sort", {"type": "string", "enum": list(SORTS)}),
                        _query("facets", {"type": "string", "enum": ["true", "false"]}),
                        *filters,
                    ],
                )
            },
            "/documents/{doc_id}": {
                "get": _op(
                    "one document (masked for roles that may not read personal data), with "
                    "its element labels (LB1…LB20) and the sentences carrying each",
                    [
                        {
                            "name": "doc_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                        }
                    ],
                )
            },
            "/disputes/{case_number}": {
                "get": _op(
                    "the chain holding a case number, with the claims compared",
                    [{"name": "case_number", "in": "path", "required": True, "schema": {"type": "string"}}],
                )
            },
            "/similar": {
                "get": _op(
                    "similar disputes for a stored document, each once, led by its final decision, with each "
                    "shared claim type's outcomes at arbitration and in court; similarity 0–100",
                    [
                        _query("doc_id", {"type": "integer", "minimum": 1, "maximum": MAX_ID}, required=True),
                        _query("limit", {"type": "integer", "minimum": 1, "maximum": 50}),
                        *similar_filters,
                    ],
                ),
                "post": _op(
                    "similar disputes for pasted text",
                    [_query("limit", {"type": "integer", "minimum": 1, "maximum": 50})],
                    body={
                        "type": "object",
                        "required": ["text"],
                        "properties": {"text": {"type": "string", "minLength": 1}, "filters": similar_filter_object},
                    },
                ),
            },
            "/similar/report": {
                "post": _op(
                    "the 类案检索报告 (similar-case search report, SPC 2020 guidance) of a search by a stored "
                    "document or a text, as DOCX; what it quotes is masked",
                    body={
                        "type": "object",
                        "properties": {
                            "doc_id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                            "text": {"type": "string", "minLength": 1},
                            "limit": {"type": "integer", "minimum": 1, "maximum": 50},
                            "filters": similar_filter_object,
                        },
                    },
                    responses={"200": {"description": "the report", "content": {DOCX_MEDIA: {}}}},
                ),
            },
            "/statistics": {
                "get": _op(
                    "divergence rates (a reviewed divergence counts under its reviewed type), "
                    "labor-relation recognition drift, or agreement: how often reviewers agreed "
                    "with the machine's divergence type, per type",
                    [
                        _query("measure", {"type": "string", "enum": list(MEASURES)}),
                        _many("by", "group by these fields"),
                        *stats_where,
                    ],
                )
            },
            "/exports/divergences": {
                "get": _op(
                    "one row per aligned claim, masked",
                    [
                        _query("format", {"type": "string", "enum": list(FORMATS)}),
                        _query(
                            "codes",
                            {"type": "string", "enum": ["1"]},
                            "1: CSV/XLSX with column names and codes (default: Chinese headers and words)",
                        ),
                        *stats_where,
                    ],
                    responses={
                        "200": {
                            "description": "the file",
                            "content": {
                                "text/csv": {},
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                                "application/vnd.apache.parquet": {},
                            },
                        }
                    },
                )
            },
            "/match-score": {
                "get": _op(
                    "a stored dispute's labor-relation match score; factors set as parameters (what-if)",
                    [
                        _query("dispute_id", {"type": "integer", "minimum": 1, "maximum": MAX_ID}, required=True),
                        *score_inputs,
                    ],
                ),
                "post": _op(
                    "the match score of a text, of inputs alone, or of a dispute with inputs over it",
                    body={
                        "type": "object",
                        "properties": {
                            "dispute_id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                            "text": {"type": "string", "minLength": 1},
                            "inputs": {
                                "type": "object",
                                "properties": {p["name"]: p["schema"] for p in score_inputs},
                                "additionalProperties": False,
                            },
                        },
                    },
                ),
            },
            "/portrait": {
                "get": _op(
                    "employment-form portrait: cases joined with side data",
                    [
                        _query("by", {"type": "string", "enum": list(PORTRAIT_BY)}),
                        _query("year", {"type": "integer", "minimum": 1990, "maximum": 2100}),
                    ],
                )
            },
            "/warnings": {
                "get": _op("risk warnings", [_query("include_resolved", {"type": "string", "enum": ["true", "false"]})])
            },
            "/saved-searches": {
                "get": _op("the user's saved searches, each with the matching documents new since last seen"),
                "post": _op(
                    "save a search",
                    responses={"201": _JSON},
                    body={
                        "type": "object",
                        "required": ["name"],
                        "properties": {
                            "name": {"type": "string", "minLength": 1, "maxLength": 200},
                            "query": {"type": "string", "maxLength": 1000},
                            "filters": {
                                "type": "object",
                                "properties": {
                                    f: {"type": "array", "items": {"type": "string"}} for f in FILTER_FIELDS
                                },
                                "additionalProperties": False,
                            },
                        },
                    },
                ),
            },
            "/saved-searches/{saved_id}/new": {
                "get": _op(
                    "documents matching a saved search, new since last seen",
                    [saved_id, _query("mark_seen", {"type": "string", "enum": ["true", "false"]})],
                )
            },
            "/saved-searches/{saved_id}": {
                "delete": _op("delete a saved search", [saved_id], responses={"204": {"description": "deleted"}})
            },
            "/feed": {
                "get": _op(
                    "the inbox of the token's institution (a commission: court decisions that changed its "
                    "awards, which claims, how and why; a court: the awards behind its cases), the latest "
                    "first, quotes masked for roles that read masked text",
                    feed_parameters,
                )
            },
            "/feed.atom": {
                "get": _op(
                    "the same feed as Atom (RFC 4287)",
                    feed_parameters,
                    responses={"200": {"description": "the feed", "content": {"application/atom+xml": {}}}},
                )
            },
            "/feed/{item_key}": {
                "post": _op(
                    "mark an inbox item read, taken into review, or unread again",
                    [
                        {
                            "name": "item_key",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                        }
                    ],
                    body={
                        "type": "object",
                        "required": ["status"],
                        "properties": {"status": {"type": "string", "enum": ["read", "in_review", "unread"]}},
                    },
                )
            },
            "/reviews": {
                "get": _op(
                    "divergence reviews (分歧研判), the latest changed first",
                    [
                        _query("flag", {"type": "string", "enum": ["any", *FLAGS]}),
                        _query("to_unify", {"type": "string", "enum": ["true", "false"]}),
                        _query("divergence_type", {"type": "string", "enum": review_types()}),
                        _query("limit", {"type": "integer", "minimum": 1, "maximum": 1000}),
                    ],
                ),
                "post": _op(
                    "record or change the review of a compared claim; 403 unless the user's institution is "
                    "one the dispute went through (or an analyst's institution takes part in the mechanism); "
                    "409 when revision is not the review's current one",
                    responses={"200": _JSON, "409": _ERROR},
                    body={
                        "type": "object",
                        "required": ["dispute_id", "ordinal", "divergence_type"],
                        "properties": {
                            "dispute_id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                            "ordinal": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                            "divergence_type": {"type": "string", "enum": review_types()},
                            "quotes": {
                                "type": "array",
                                "items": {"type": "string"},
                                "description": "document_id:start:end of reasoning sentences",
                            },
                            "note": {"type": "string", "maxLength": 4000},
                            "to_unify": {"type": "boolean"},
                            "proposed_rule": {"type": "string", "maxLength": 2000},
                            "revision": {"type": "integer"},
                        },
                    },
                ),
            },
            "/reviews/{review_id}": {
                "get": _op(
                    "one review with its history",
                    [
                        {
                            "name": "review_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                        }
                    ],
                )
            },
            "/exports/joint-meeting": {
                "get": _op(
                    "joint-meeting material (联席会议材料): a period's and region's "
                    "divergences by type and claim type, 尺度待统一 first; masked",
                    [
                        _query("format", {"type": "string", "enum": ["docx", "xlsx"]}),
                        _query("date_from", {"type": "string", "format": "date"}, "court decisions from this date"),
                        _query("date_to", {"type": "string", "format": "date"}, "court decisions up to this date"),
                        _query("province", {"type": "string"}),
                        _query("city", {"type": "string"}),
                    ],
                    responses={
                        "200": {
                            "description": "the file",
                            "content": {
                                DOCX_MEDIA: {},
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                            },
                        }
                    },
                )
            },
            "/openapi.json": {"get": _op("this document", secured=False)},
        },
    }
