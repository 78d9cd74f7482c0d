"""Who is asking, and may they: bearer tokens for API clients, a signed session cookie for curators signed in on
the explorer, the roles, and CSRF protection for what the cookie authenticates.

- An API client sends `Authorization: Bearer <secret>` (`civicatlas token create`). A browser never adds that
  header by itself, so such requests need no CSRF token.
- The explorer signs a curator in with POST /signin and the token's secret: the response sets a session cookie
  (HttpOnly, SameSite=Strict, Secure over https) that holds the token's hash, never the secret, signed with this
  server's key, and gives a CSRF token bound to that session (also at GET /signin). Every unsafe request that the
  cookie authenticates must send it back, in the X-CSRF-Token header or the csrf_token form field.
- A revoked token is refused at once, its sessions too. Sessions end when the server restarts (the key is made
  at start) or after SESSION_S.
- Writes need a curator or an admin; managing tokens needs an admin; reads are public unless `--private`, where
  a browser asking for a page is sent to the sign-in page (/sign-in) and everything else gets a 401 problem.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.middleware.base import BaseHTTPMiddleware

from civicatlas import Atlas
from civicatlas.store.base import token_hash
from civicatlas.web.app import atlas
from civicatlas.web.problems import problem

SESSION_COOKIE = "civicatlas_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SESSION_S = 12 * 3600
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
SIGNIN_PAGE = "/sign-in"
PUBLIC_PATHS = ("/signin", SIGNIN_PAGE, "/signout", "/api/v1/health", "/api/v1/openapi.json", "/docs", "/static/")
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
# What the write endpoints may answer besides success, for the OpenAPI document
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad request (problem details)"},
    401: {"description": "No token, or an unknown or revoked one"},
    403: {"description": "The token's role may not do this, or the CSRF token is missing"},
    404: {"description": "No such case, item or entry"}}

_key_lock = threading.Lock()
_NOT_LOCAL = re.compile(r"[\x00-\x20\x7f\\]")  # browsers drop tabs and newlines and read \ as /: "/\t/x" is "//x"


@dataclass(frozen=True)
class User:
    name: str  # the token's name: what the audit records
    role: str  # curator or admin
    via: str  # bearer or cookie


def _key(app: FastAPI) -> bytes:
    """This server's signing key, made on first use."""
    with _key_lock:
        if getattr(app.state, "session_key", None) is None:
            app.state.session_key = secrets.token_bytes(32)
        return app.state.session_key


def _sign(app: FastAPI, value: str) -> str:
    return hmac.new(_key(app), value.encode(), hashlib.sha256).hexdigest()


def _same(given: str, expected: str) -> bool:
    """Constant-time comparison of what a client sent (any characters) with what it should be."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode())


def session_value(app: FastAPI, digest: str, now: float | None = None) -> str:
    """The session cookie for a token's hash: hash.expiry.signature."""
    value = f"{digest}.{int((now or time.time()) + SESSION_S)}"
    return f"{value}.{_sign(app, value)}"


def _session_digest(request: Request) -> str | None:
    """The token hash of a valid, unexpired session cookie, else None."""
    cookie = request.cookies.get(SESSION_COOKIE, "")
    value, _, signature = cookie.rpartition(".")
    digest, _, expires = value.partition(".")
    if not (digest and expires.isdigit() and _same(signature, _sign(request.app, value))):
        return None
    return digest if int(expires) > time.time() else None


def csrf_token(request: Request) -> str | None:
    """The CSRF token of the request's session (pages put it in their forms), None without a session."""
    cookie = request.cookies.get(SESSION_COOKIE)
    return _sign(request.app, "csrf:" + cookie) if cookie and _session_digest(request) else None


def local_path(target: Any) -> str | None:
    """`target` if it is a path of this site (where a form may send the browser on to), else None: never an
    address elsewhere (an open redirect)."""
    if isinstance(target, str) and target.startswith("/") and not target.startswith("//") \
            and not _NOT_LOCAL.search(target):
        return target
    return None


def to_signin(next_path: str) -> RedirectResponse:
    """Send a browser to the sign-in page, and back to `next_path` after."""
    return RedirectResponse(f"{SIGNIN_PAGE}?{urlencode({'next': next_path})}", status_code=303)


def unauthorized(detail: str, invalid: bool = False) -> HTTPException:
    challenge = 'Bearer realm="civicatlas"' + (', error="invalid_token"' if invalid else "")
    return HTTPException(401, detail, headers={"WWW-Authenticate": challenge})


def identify(request: Request, a: Atlas) -> User | None:
    """The user a request authenticates as: its bearer token, else its session cookie; None for neither.
    401 for a malformed Authorization header or an unknown or revoked token."""
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise unauthorized("use the header Authorization: Bearer <token>", invalid=True)
        found = a.check_token(secret.strip())
        if found is None:
            raise unauthorized("unknown or revoked token", invalid=True)
        return User(found["name"], found["role"], "bearer")
    digest = _session_digest(request)
    if digest and (found := a.store.check_token_hash(digest)):
        return User(found["name"], found["role"], "cookie")
    return None


def user(request: Request, a: Atlas = Depends(atlas)) -> User | None:
    """A FastAPI dependency: who is asking, if anyone."""
    return identify(request, a)


async def _csrf_ok(request: Request) -> bool:
    expected = csrf_token(request)
    given: Any = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(FORMS):
        given = (await request.form()).get(CSRF_FIELD)
    return bool(expected and isinstance(given, str) and _same(given, expected))


def needs(role: str):  # noqa: ANN201 (a dependency factory)
    """A dependency that lets through a user with this role (admins may do what curators may)."""

    async def dependency(request: Request, who: User | None = Depends(user)) -> User:
        if who is None:
            raise unauthorized(f"this needs a {role} token (Authorization: Bearer <token>)")
        if role == "admin" and who.role != "admin":
            raise HTTPException(403, "this needs an admin token")
        if who.via == "cookie" and request.method not in SAFE_METHODS and not await _csrf_ok(request):
            raise HTTPException(403, f"missing or wrong CSRF token ({CSRF_HEADER} header or {CSRF_FIELD} field)")
        return who

    return dependency


curator = needs("curator")
admin = needs("admin")


async def form_curator(request: Request, who: User | None = Depends(user)) -> User | None:
    """For the explorer's own forms: a curator or admin whose form carries the CSRF token (403 if not), or None
    without a session (the page then sends the browser to sign in)."""
    return None if who is None else await curator(request, who)


class PrivateReads(BaseHTTPMiddleware):
    """With --private, every request but sign-in, health, the API's description and static files needs a user."""

    async def dispatch(self, request: Request, call_next) -> Response:  # type: ignore[no-untyped-def]
        if not request.app.state.settings.private or request.url.path.startswith(PUBLIC_PATHS):
            return await call_next(request)
        try:
            who = await run_in_threadpool(lambda: identify(request, request.app.state.atlases.get()))
        except HTTPException as e:
            return _problem(e)
        if who is None and _wants_page(request):
            return to_signin(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        if who is None:
            return _problem(unauthorized("this server is private: send a token (Authorization: Bearer <token>)"))
        return await call_next(request)


def _wants_page(request: Request) -> bool:
    """A browser asking for an explorer page (not the API, not a feed reader)."""
    return (request.method in ("GET", "HEAD") and not request.url.path.startswith("/api/")
            and "text/html" in request.headers.get("accept", ""))


def _problem(e: HTTPException) -> JSONResponse:
    response = problem(e.status_code, str(e.detail))
    response.headers.update(e.headers or {})
    return response


router = APIRouter(tags=["auth"])


SIGNIN = {"type": "object", "required": ["token"], "properties": {
    "token": {"type": "string", "description": "The token's secret"},
    "next": {"type": "string", "description": "A form post goes on to this path of the site"}}}


@router.post("/signin", summary="Sign in with a token: sets the session cookie, returns the CSRF token",
             responses={400: {"description": "No token sent"}, 401: {"description": "Unknown or revoked token"}},
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": SIGNIN}, "application/x-www-form-urlencoded": {"schema": SIGNIN}}}})
async def signin(request: Request) -> Response:
    """Form field or JSON key `token`: the token's secret. A form post is sent on to `next` (a path on this
    site, default /); JSON gets {name, role, csrf_token}."""
    form = request.headers.get("content-type", "").startswith(FORMS)
    if form and request.headers.get("sec-fetch-site") == "cross-site":  # another site signing this browser in
        raise HTTPException(403, "sign in from this site's sign-in page")
    try:
        body: Any = await request.form() if form else await request.json()
    except ValueError:
        body = None
    secret = body.get("token") if hasattr(body, "get") else None
    target = local_path(body.get("next")) if form and hasattr(body, "get") else None
    if not isinstance(secret, str) or not secret.strip():
        if form:  # a person at the sign-in page: the page again, saying what was wrong
            return await _signin_again(request, "Paste your token to sign in.", target, 400)
        raise HTTPException(400, "send the token's secret as the form field or JSON key `token`")
    digest = token_hash(secret.strip() if form else secret)
    found = await run_in_threadpool(lambda: request.app.state.atlases.get().store.check_token_hash(digest))
    if found is None:
        if form:
            return await _signin_again(request, "This token is unknown or revoked.", target, 401)
        raise unauthorized("unknown or revoked token", invalid=True)
    cookie = session_value(request.app, digest)
    csrf = _sign(request.app, "csrf:" + cookie)
    if form:
        response: Response = RedirectResponse(target or "/", status_code=303)
    else:
        response = JSONResponse({"name": found["name"], "role": found["role"], "csrf_token": csrf})
    response.set_cookie(SESSION_COOKIE, cookie, max_age=SESSION_S, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")
    return response


async def _signin_again(request: Request, error: str, target: str | None, status: int) -> Response:
    """The sign-in page again, saying what was wrong (a 401 with its challenge, as for the API)."""
    from civicatlas.web.pages.signin import form  # imported here: the pages import this module

    response = await run_in_threadpool(form, request, target, error, status)
    if status == 401:
        response.headers.update(unauthorized(error, invalid=True).headers or {})
    return response


@router.get("/signin", summary="Who the session is signed in as, with its CSRF token")
def session(request: Request, who: User | None = Depends(user)) -> dict[str, Any]:
    if who is None:
        return {"signed_in": False}
    return {"signed_in": True, "name": who.name, "role": who.role, "via": who.via, "csrf_token": csrf_token(request)}


@router.post("/signout", summary="End the session (clears the cookie); a form post goes on to the home page",
             status_code=204)
def signout(request: Request) -> Response:
    # no CSRF check: signing someone out is all a forged request could do
    form = request.headers.get("content-type", "").startswith(FORMS)
    response = RedirectResponse("/", status_code=303) if form else Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")
    return response


def install(app: FastAPI) -> None:
    """Sign-in routes and, with --private, closed reads (one line in web/routes.py)."""
    app.add_middleware(PrivateReads)
    app.include_router(router)
