"""The REST API beside the UI: the CLI's JSON over HTTP, with OpenAPI docs at /api/docs.

    POST   /api/ask                 {"question", "history"?, "engine"?, "doc_ids"?, "date_from"?,
                                     "date_to"?, "top_k"?} -> the `casebook ask --json` object
    POST   /api/check               {"claim"} -> the `casebook check --json` object
    GET    /api/documents           -> the `casebook docs list --json` rows
    POST   /api/documents           multipart "files" (one or more) and/or form "url"
                                     -> one result per input (added / unchanged / replaced /
                                     failed with its reason)
    DELETE /api/documents/{doc_id}  -> the removed document; 404 when there is none

With CASEBOOK_API_TOKEN set, every endpoint needs ``Authorization: Bearer <token>`` (401
otherwise). Errors are JSON, {"error": "..."}, with a status that fits: 400 bad input, 404 unknown
document, 409 empty library, 413 upload too large, 422 malformed request, 503 a model that is
not installed or not answering. The API calls the same functions as the CLI and the UI.
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, File, Form, Header, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from .errors import BackendError, CasebookError, ConfigError, DocumentNotFound, EmptyLibrary
from .library_view import add_upload, document_rows, result_row
from .retrieval import Filters

if TYPE_CHECKING:
    from .chain import Answerer

class Unauthorised(CasebookError):
    """A request without the API's bearer token."""


STATUS = [(Unauthorised, 401), (DocumentNotFound, 404), (EmptyLibrary, 409), (ConfigError, 503),
          (BackendError, 503), (CasebookError, 400)]


class AskRequest(BaseModel):
    """A question, with the conversation so far and optional restrictions."""

    question: str = Field(min_length=1, max_length=4000)
    history: list[tuple[str, str]] | None = Field(
        default=None, description="Earlier (question, answer) turns, oldest first.")
    engine: str | None = Field(default=None, pattern="^(auto|extractive|llm)$")
    doc_ids: list[str] | None = Field(default=None, description="Answer from these only.")
    date_from: str = Field(default="", description="Reports dated on or after (YYYY-MM-DD).")
    date_to: str = Field(default="", description="Reports dated on or before (YYYY-MM-DD).")
    top_k: int | None = Field(default=None, ge=1, le=50, description="Passages retrieved.")


class CheckRequest(BaseModel):
    """A claim to fact-check."""

    claim: str = Field(min_length=1, max_length=4000)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def build_api(answerer: Answerer, app: FastAPI | None = None) -> FastAPI:
    """Return a FastAPI app (or add to ``app``) serving the API over ``answerer``'s library."""
    token = answerer.settings.api_token.get_secret_value()

    def authorised(authorization: Annotated[str, Header()] = "") -> None:
        """Require ``Authorization: Bearer <CASEBOOK_API_TOKEN>`` when a token is set."""
        if token and not hmac.compare_digest(authorization.encode(),
                                             f"Bearer {token}".encode()):
            raise Unauthorised("missing or wrong bearer token (Authorization: Bearer ...)")

    app = app or FastAPI(title="Casebook API", docs_url="/api/docs",
                         openapi_url="/api/openapi.json", redoc_url=None)
    router = APIRouter(dependencies=[Depends(authorised)])
    library = answerer.library
    limit_mb = answerer.settings.max_upload_mb

    @app.exception_handler(CasebookError)
    async def casebook_error(request: Request, err: CasebookError) -> JSONResponse:
        status = next(code for kind, code in STATUS if isinstance(err, kind))
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"error": str(err)}, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}"
                             for e in err.errors())
        return _error(422, f"malformed request: {problems}")

    @router.post("/api/ask", tags=["answers"])
    def ask(req: AskRequest) -> dict[str, Any]:
        """Answer a question with citations (the `casebook ask --json` object)."""
        if not req.question.strip():
            raise CasebookError("the question is empty")
        answer = answerer.ask(req.question, history=req.history, engine=req.engine,
                              filters=Filters.asked(req.doc_ids, req.date_from, req.date_to),
                              top_k=req.top_k)
        return answer.to_json()

    @router.post("/api/check", tags=["answers"])
    def check(req: CheckRequest) -> dict[str, Any]:
        """Fact-check the figures of a claim (the `casebook check --json` object)."""
        from .factcheck import check_claim

        return check_claim(answerer, req.claim).to_json()

    @router.get("/api/documents", tags=["library"])
    def documents() -> list[dict[str, Any]]:
        """List the documents in the library."""
        return document_rows(library)

    @router.post("/api/documents", tags=["library"])
    def upload(files: Annotated[list[UploadFile] | None, File()] = None,
               url: Annotated[str, Form()] = "") -> JSONResponse:
        """Add files (PDF, HTML, DOCX, TXT, Markdown) and/or a URL; one result per input."""
        if not files and not url.strip():
            raise CasebookError("send one or more files (form field 'files') or a 'url'")
        results = []
        for item in files or []:
            results.append(result_row(add_upload(library, item.filename or "", item.file,
                                                 limit_mb)))
        if url.strip():
            results.append(result_row(library.ingest_one(url.strip())))
        too_big = all("upload limit" in (r["error"] or "") for r in results)
        status = 413 if too_big else 200
        return JSONResponse(results, status_code=status)

    @router.delete("/api/documents/{doc_id}", tags=["library"])
    def remove(doc_id: str) -> dict[str, Any]:
        """Remove a document (its id, or a unique prefix of it)."""
        rec = library.remove(doc_id)
        return {"removed": {"doc_id": rec.doc_id, "title": rec.title, "source": rec.source}}

    app.include_router(router)
    return app
