"""`/api/agent/...`: tokenless agent auth, with the OAuth error shape (section 1.3.2)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from hirehall.agents import polling, service
from hirehall.agents.schemas import AgentRegistration, ClaimStart, ClaimToken, Revoked
from hirehall.api.deps import UowDep, limit_per_ip
from hirehall.api.forms import agent_params, optional_text, required_text
from hirehall.api.oauth import NO_STORE, from_api_error
from hirehall.api.openapi import errors
from hirehall.core.errors import OAuthError
from hirehall.db.uow import Uow

router = APIRouter(prefix="/api/agent", tags=["agent-auth"])

_HOUR = 3600  # abuse limits on register and claim start count per IP per hour


def _json(content: dict[str, Any], status: int = 200) -> JSONResponse:
    return JSONResponse(content, status_code=status, headers=NO_STORE)


# A field: (name, description, max length, required). Values are trimmed, and a required one
# must keep a character after trimming (api/forms.py), hence the pattern.
Field = tuple[str, str, int, bool]
_NOT_BLANK = r"\S"


def _schema(fields: tuple[Field, ...]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for name, text, max_length, required in fields:
        prop: dict[str, Any] = {"type": "string", "description": text, "maxLength": max_length}
        if required:
            prop |= {"minLength": 1, "pattern": _NOT_BLANK}
        else:  # absent, null and "" all mean "not given"
            prop["type"] = ["string", "null"]
        properties[name] = prop
    required_names = [name for name, _, _, required in fields if required]
    return {"type": "object", "properties": properties, "required": required_names}


def _form_body(*fields: Field) -> dict[str, Any]:
    """OpenAPI: a form-encoded body with these string fields."""
    content = {"application/x-www-form-urlencoded": {"schema": _schema(fields)}}
    return {"requestBody": {"required": True, "content": content}}


def _json_body(*fields: Field) -> dict[str, Any]:
    return {"requestBody": {"content": {"application/json": {"schema": _schema(fields)}}}}


_REGISTER_BODY = _json_body(
    ("identity_type", 'only "anonymous"', 40, False),
    ("agent_name", "shown to the human on the claim page", 120, False),
    ("organization_name", "name of the new employer organization", 120, False),
)
_REGISTER_BODY["requestBody"]["content"]["application/json"]["schema"]["properties"][
    "identity_type"
]["enum"] = ["anonymous"]


@router.post(
    "/identity",
    operation_id="registerAgent",
    status_code=201,
    response_model=AgentRegistration,
    responses=errors(400, 403, 429, 500),
    openapi_extra=_REGISTER_BODY,
)
async def register(request: Request, uow: UowDep) -> JSONResponse:
    """Register agent: a new unclaimed account, a pre-claim token and a claim token"""
    await limit_per_ip(request, uow, "agent-register", uow.settings.agent_register_per_hour, _HOUR)
    params = await agent_params(request)
    result = await service.register(
        uow,
        identity_type=optional_text(params, "identity_type", 40),
        agent_name=optional_text(params, "agent_name"),
        organization_name=optional_text(params, "organization_name"),
    )
    return _json(result, 201)


@router.post(
    "/identity/claim",
    operation_id="startAccountClaim",
    response_model=ClaimStart,
    responses=errors(400, 429, 500),
    openapi_extra=_json_body(
        ("claim_token", "ot_clm_... from registration", 400, True),
        ("email", "the human's email; must not have an account yet", 320, True),
    ),
)
async def start_claim(request: Request, uow: UowDep) -> JSONResponse:
    """Start account claim: emails the human a 6-digit code and a link to the claim page"""
    await limit_per_ip(request, uow, "agent-claim", uow.settings.agent_claim_start_per_hour, _HOUR)
    params = await agent_params(request)
    result = await service.start_claim(
        uow,
        claim_token=required_text(params, "claim_token"),
        email=required_text(params, "email", 320),
    )
    return _json(result)


@router.post(
    "/oauth/token",
    operation_id="pollClaimToken",
    response_model=ClaimToken,
    responses=errors(400, 500),
    openapi_extra=_form_body(
        ("grant_type", "urn:opentrain:agent-auth:grant-type:claim", 200, True),
        ("claim_token", "ot_clm_... from registration", 400, True),
    ),
)
async def token(request: Request, uow: UowDep) -> JSONResponse:
    """Poll for the post-claim token (at most every `interval` seconds)"""
    params = await agent_params(request)
    grant_type = optional_text(params, "grant_type", 200)
    claim_token = optional_text(params, "claim_token", 400)
    polling.check_grant(grant_type, claim_token)
    assert claim_token is not None
    result = await polling.poll(uow, claim_token=claim_token)
    if isinstance(result, OAuthError):
        return from_api_error(result)  # answered, not raised: the poll time is kept
    return _json(result)


async def _revoke(request: Request, uow: Uow) -> JSONResponse:
    params = await agent_params(request)
    return _json(await service.revoke(uow, token=required_text(params, "token")))


_REVOKE_BODY = _form_body(("token", "the ot_pat_... token to revoke", 400, True))


@router.post(
    "/oauth/revoke",
    operation_id="revokeAgentToken",
    response_model=Revoked,
    responses=errors(400, 500),
    openapi_extra=_REVOKE_BODY,
)
async def revoke(request: Request, uow: UowDep) -> JSONResponse:
    """Revoke a token (RFC 7009); always 200 {}"""
    return await _revoke(request, uow)


@router.post(
    "/identity/revoke",
    operation_id="revokeAgentTokenAlias",
    response_model=Revoked,
    responses=errors(400, 500),
    openapi_extra=_REVOKE_BODY,
)
async def revoke_alias(request: Request, uow: UowDep) -> JSONResponse:
    """Revoke a token (alias of /api/agent/oauth/revoke, decision D19)"""
    return await _revoke(request, uow)
