"""The API reference: a readable page generated from the app's own OpenAPI document, served by
the app itself (no Swagger UI or ReDoc from a CDN, works offline, no JavaScript).

Every operation by tag with method, path, whether it needs a token, parameters, request body
and responses; every schema with its fields. Types link to their schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from stadtpuls.web.templating import render

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    ref: str | None
    required: bool
    description: str
    location: str = ""


@dataclass(frozen=True)
class Reply:
    status: str
    description: str
    type: str
    ref: str | None


@dataclass(frozen=True)
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    token: bool
    parameters: tuple[Field, ...]
    body: Field | None
    replies: tuple[Reply, ...]


@dataclass(frozen=True)
class Schema:
    name: str
    description: str
    fields: tuple[Field, ...]


def with_code(text: str) -> Markup:
    """Text with its Markdown ``code`` spans as <code> (the only Markdown the API texts use)."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text)))


@dataclass(frozen=True)
class Reference:
    title: str
    version: str
    description: Markup
    document: str
    tags: dict[str, list[Operation]]
    schemas: tuple[Schema, ...]


def type_of(schema: dict[str, Any]) -> tuple[str, str | None]:
    """A short readable type ("list of UserOut", "string (date)", "a | b") and the schema it
    names, if any."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return name, name
    if "anyOf" in schema or "oneOf" in schema:
        parts = [type_of(s) for s in schema.get("anyOf", schema.get("oneOf", []))]
        ref = next((r for _, r in parts if r), None)
        return " | ".join(t for t, _ in parts), ref
    if schema.get("type") == "array":
        inner, ref = type_of(schema.get("items", {}))
        return f"list of {inner}", ref
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"]), None
    kind = str(schema.get("type", "object"))
    return (f"{kind} ({schema['format']})" if "format" in schema else kind), None


def _operation(path: str, method: str, spec: dict[str, Any]) -> Operation:
    parameters = tuple(
        Field(
            p["name"],
            *type_of(p.get("schema", {})),
            bool(p.get("required")),
            p.get("description", ""),
            p.get("in", ""),
        )
        for p in spec.get("parameters", [])
    )
    body = None
    if "requestBody" in spec:
        media, content = next(iter(spec["requestBody"].get("content", {}).items()))
        body = Field(media, *type_of(content.get("schema", {})), True, "")
    replies = tuple(
        Reply(
            status,
            reply.get("description", ""),
            *type_of(next(iter(reply.get("content", {}).values()), {}).get("schema", {}))
            if reply.get("content")
            else ("", None),
        )
        for status, reply in sorted(spec.get("responses", {}).items())
    )
    return Operation(
        spec.get("operationId", f"{method}-{path}"),
        method.upper(),
        path,
        spec.get("summary", ""),
        spec.get("description", ""),
        bool(spec.get("security")),
        parameters,
        body,
        replies,
    )


def _schema(name: str, spec: dict[str, Any]) -> Schema:
    required = set(spec.get("required", []))
    return Schema(
        name,
        spec.get("description", ""),
        tuple(
            Field(field, *type_of(s), field in required, s.get("description", ""))
            for field, s in spec.get("properties", {}).items()
        ),
    )


def reference(document: dict[str, Any], url: str) -> Reference:
    """The OpenAPI ``document`` as a :class:`Reference` (operations grouped by their first tag)."""
    tags: dict[str, list[Operation]] = {}
    for path, methods in document.get("paths", {}).items():
        for method, spec in methods.items():
            tag = (spec.get("tags") or ["other"])[0]
            tags.setdefault(tag, []).append(_operation(path, method, spec))
    schemas = document.get("components", {}).get("schemas", {})
    info = document.get("info", {})
    return Reference(
        info.get("title", "API"),
        str(info.get("version", "")),
        with_code(info.get("description", "")),
        url,
        tags,
        tuple(_schema(name, spec) for name, spec in sorted(schemas.items())),
    )


@cache
def _reference_of(app: FastAPI) -> Reference:
    return reference(app.openapi(), app.openapi_url or "")


@router.get("/api", response_class=HTMLResponse)
def api_reference(request: Request) -> Response:
    """The reference page; public like the document it is generated from."""
    return render(request, "api_reference.html", api=_reference_of(request.app))
