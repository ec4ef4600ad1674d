"""Routes about the caller's identity."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from hirehall.accounts.service import me, me_with_bearer
from hirehall.api.deps import UowDep, body_schema, read_with_gates, require, respond
from hirehall.api.issues import validate
from hirehall.api.openapi import errors
from hirehall.auth import tokens
from hirehall.auth.schemas import AuthMe, MintedToken, RevokedToken, TokenList, TokenMint
from hirehall.core.principal import Principal

router = APIRouter()


@router.get(
    "/auth/me", operation_id="getAuthMe", response_model=AuthMe, responses=errors(401, 404, 429)
)
async def get_auth_me(request: Request, uow: UowDep) -> JSONResponse:
    """Who am I"""
    # The authentication, the user and the organization in one statement (issue 10).
    who, rows = await read_with_gates(request, uow, *me_with_bearer())
    return respond(await me(uow, who, rows))


Caller = Annotated[Principal, Depends(require())]
# An empty body is `{}` (every field has a default).
_MINT_BODY = body_schema(TokenMint)
_MINT_BODY["requestBody"]["required"] = False


@router.get(
    "/tokens", operation_id="listTokens", response_model=TokenList, responses=errors(401, 429)
)
async def list_tokens(uow: UowDep, who: Caller) -> JSONResponse:
    """List tokens"""
    return respond(await tokens.list_tokens(uow, who))


@router.post(
    "/tokens",
    operation_id="createToken",
    status_code=201,
    openapi_extra=_MINT_BODY,
    response_model=MintedToken,
    responses=errors(401, 403, 409, 429),
)
async def create_token(request: Request, uow: UowDep, who: Caller) -> JSONResponse:
    """Mint token"""
    raw = await request.body()
    data = validate(TokenMint, raw if raw.strip() else b"{}")
    minted = await tokens.mint_for_caller(
        uow, who, name=data.name, scopes=data.scopes, expires_at=data.expiresAt
    )
    return respond(minted, 201)


@router.delete(
    "/tokens/{tokenId}",
    operation_id="revokeToken",
    response_model=RevokedToken,
    responses=errors(401, 404, 429),
)
async def revoke_token(tokenId: str, uow: UowDep, who: Caller) -> JSONResponse:
    """Revoke by ID"""
    return respond(await tokens.revoke_by_id(uow, who, tokenId))
