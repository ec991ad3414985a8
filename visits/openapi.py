"""The hand-written OpenAPI 3.0 description of /api/v1/, served at /api/v1/openapi.json."""

from .models import HouseholdStatus, Outcome, Service, Skill, TargetGroup
from .services import MAX_BATCH, MAX_NOTES_LENGTH, MAX_PEOPLE_HELPED

_ERROR = {"$ref": "#/components/schemas/Error"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERRORS = {
    "401": _json(_ERROR, "Not authenticated, or the token is invalid."),
    "403": _json(_ERROR, "The role cannot use this endpoint, or a session request failed the CSRF check."),
}

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error", "detail"],
        "properties": {
            "error": {"type": "string", "example": "invalid_batch"},
            "detail": {"type": "string"},
        },
    },
    "VisitIn": {
        "type": "object",
        "required": ["uuid", "household", "visited_at", "outcome"],
        "properties": {
            "uuid": {"type": "string", "format": "uuid", "description": "Made on the phone; a retry reuses it."},
            "household": {"type": "integer", "description": "Id of one of the caller's households."},
            "visited_at": {"type": "string", "format": "date-time", "description": "ISO 8601; not in the future."},
            "outcome": {"type": "string", "enum": Outcome.values},
            "skills": {
                "type": "array",
                "items": {"type": "string", "enum": Skill.values},
                "description": "Skills coached; only when outcome is 'met'.",
            },
            "services": {
                "type": "array",
                "items": {"type": "string", "enum": Service.values},
                "description": "Services completed; only when outcome is 'met'.",
            },
            "people_helped": {"type": "integer", "minimum": 0, "maximum": MAX_PEOPLE_HELPED, "default": 0},
            "notes": {"type": "string", "maxLength": MAX_NOTES_LENGTH},
            "next_visit_on": {"type": "string", "format": "date", "nullable": True},
            "replaces": {
                "type": "string",
                "format": "uuid",
                "nullable": True,
                "description": "An edit: the UUID of the earlier visit of the same household, kept as history.",
            },
            "latitude": {"type": "number", "minimum": -90, "maximum": 90, "nullable": True},
            "longitude": {"type": "number", "minimum": -180, "maximum": 180, "nullable": True},
        },
    },
    "SyncRequest": {
        "type": "object",
        "required": ["visits"],
        "properties": {
            "visits": {"type": "array", "maxItems": MAX_BATCH, "items": {"$ref": "#/components/schemas/VisitIn"}}
        },
    },
    "SyncResult": {
        "type": "object",
        "required": ["uuid", "status"],
        "properties": {
            "uuid": {"type": "string", "nullable": True, "description": "As sent."},
            "status": {
                "type": "string",
                "enum": ["created", "duplicate", "conflict", "invalid"],
                "description": "duplicate: same UUID and content already saved; conflict: same UUID, "
                "other content, nothing changed; invalid: see errors.",
            },
            "errors": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
                "description": "Per-field messages, only when invalid ('__all__' for the item as a whole).",
            },
        },
    },
    "SyncResponse": {
        "type": "object",
        "required": ["results"],
        "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/SyncResult"}}},
    },
    "Household": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "hamlet": {"type": "string"},
            "hamlet_id": {"type": "integer"},
            "address": {"type": "string"},
            "head_name": {"type": "string"},
            "phone": {"type": "string", "description": "Masked (09xx xxx 123) unless you work this household."},
            "members_count": {"type": "integer"},
            "target_groups": {"type": "array", "items": {"type": "string", "enum": TargetGroup.values}},
            "status": {"type": "string", "enum": HouseholdStatus.values},
            "last_visit_at": {"type": "string", "format": "date-time", "nullable": True},
            "next_visit_on": {"type": "string", "format": "date", "nullable": True},
        },
    },
    "HouseholdPage": {
        "type": "object",
        "properties": {
            "count": {"type": "integer"},
            "page": {"type": "integer"},
            "page_size": {"type": "integer"},
            "num_pages": {"type": "integer"},
            "next": {"type": "string", "nullable": True},
            "previous": {"type": "string", "nullable": True},
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/Household"}},
        },
    },
}

OPENAPI = {
    "openapi": "3.0.3",
    "info": {
        "title": "CĐS Nam Định outreach API",
        "version": "1.0.0",
        "description": "Walk lists and duplicate-proof visit sync for community digital technology teams.",
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"tokenAuth": []}, {"sessionAuth": []}],
    "paths": {
        "/token": {
            "post": {
                "summary": "Exchange a username and password for an API token",
                "security": [],
                "requestBody": {
                    "required": True,
                    "content": {
                        media: {
                            "schema": {
                                "type": "object",
                                "required": ["username", "password"],
                                "properties": {"username": {"type": "string"}, "password": {"type": "string"}},
                            }
                        }
                        for media in ("application/json", "application/x-www-form-urlencoded")
                    },
                },
                "responses": {
                    "200": _json(
                        {"type": "object", "properties": {"token": {"type": "string"}}},
                        "Send it as 'Authorization: Token <token>'.",
                    ),
                    "400": _json(_ERROR, "username or password missing."),
                    "401": _json(_ERROR, "Wrong username or password."),
                    "429": _json(_ERROR, "Too many failed attempts for this username."),
                },
            }
        },
        "/visits/sync": {
            "post": {
                "summary": "Upload visits logged on a phone (safe to retry)",
                "description": "Answers every item in order. Invalid items do not stop valid ones from being "
                "saved. A session-authenticated request needs the X-CSRFToken header.",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SyncRequest"}}},
                },
                "responses": {
                    "200": _json({"$ref": "#/components/schemas/SyncResponse"}, "One result per visit, in order."),
                    "400": _json(_ERROR, "Malformed JSON, no 'visits' list, or more than 500 visits; nothing saved."),
                    **_ERRORS,
                },
            }
        },
        "/households/": {
            "get": {
                "summary": "The caller's walk list",
                "description": "Volunteers: households assigned to them or their teams. Commune officers: "
                "their commune. Ordered by hamlet name, then address.",
                "parameters": [
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
                    {
                        "name": "page_size",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100},
                    },
                ],
                "responses": {
                    "200": _json({"$ref": "#/components/schemas/HouseholdPage"}, "One page of households."),
                    "400": _json(_ERROR, "page or page_size is not a valid number."),
                    "404": _json(_ERROR, "The page is past the last page."),
                    **_ERRORS,
                },
            }
        },
        "/openapi.json": {
            "get": {
                "summary": "This document",
                "security": [],
                "responses": {"200": {"description": "OpenAPI 3.0 document.", "content": {"application/json": {}}}},
            }
        },
    },
    "components": {
        "securitySchemes": {
            "tokenAuth": {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "'Token <key>' with a key from POST /token.",
            },
            "sessionAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
        },
        "schemas": SCHEMAS,
    },
}
