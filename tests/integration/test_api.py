"""The REST API on a real library (MiniLM, Chroma), through FastAPI's test client."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from assistant.api import build_api
from assistant.chain import Answerer
from tests.conftest import CORPUS, settings_for

LIBERTERRA = CORPUS / "interpol-liberterra-ii-2024.md"
BRIEF = """---
title: Operation Bluefin, a test brief
publisher: Casebook tests
date: 2024-05-01
---

Operation Bluefin led to 4,321 arrests in 12 ports.
"""


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    answerer = Answerer(settings_for(tmp_path / "index"))
    [result] = answerer.library.ingest([str(LIBERTERRA)], progress=False)
    assert result.status == "added"
    return TestClient(build_api(answerer))


def test_ask_returns_the_cli_json(client: TestClient) -> None:
    res = client.post("/api/ask", json={"question": "How many arrests did Liberterra II make?"})
    assert res.status_code == 200
    body = res.json()
    assert set(body) == {"question", "answer", "abstained", "citations", "figures", "engine",
                         "timings_ms"}
    assert "2,517" in body["answer"] and body["citations"][0]["page_label"] is None
    assert all(f["verified"] for f in body["figures"])


def test_ask_with_a_document_filter_and_passages(client: TestClient) -> None:
    res = client.post("/api/ask", json={"question": "How many arrests did Liberterra II make?",
                                        "doc_ids": ["feedfacecafe0000"], "top_k": 4})
    assert res.status_code == 200 and res.json()["abstained"] is True


@pytest.mark.parametrize(("body", "status"), [
    ({}, 422), ({"question": ""}, 422), ({"question": "   "}, 400),
    ({"question": "q", "engine": "magic"}, 422), ({"question": "q", "top_k": 0}, 422),
])
def test_ask_errors_are_json(client: TestClient, body: dict[str, object], status: int) -> None:
    res = client.post("/api/ask", json=body)
    assert res.status_code == status
    assert isinstance(res.json()["error"], str) and res.json()["error"]


def test_ask_on_an_empty_library_is_409(tmp_path: Path) -> None:
    client = TestClient(build_api(Answerer(settings_for(tmp_path / "empty"))))
    res = client.post("/api/ask", json={"question": "How many arrests?"})
    assert res.status_code == 409 and "empty" in res.json()["error"]


def test_check_returns_the_check_json(client: TestClient) -> None:
    res = client.post("/api/check", json={"claim": "Liberterra II led to 3,000 arrests."})
    assert res.status_code == 200
    assert res.json()["verdict"] == "contradicted"
    assert client.post("/api/check", json={"claim": "No figures here."}).status_code == 400


def test_documents_upload_list_and_delete(client: TestClient) -> None:
    listed = client.get("/api/documents").json()
    assert [d["title"][:13] for d in listed] == ["Liberterra II"]
    assert {"doc_id", "title", "source", "pages", "chunks", "added"} <= set(listed[0])

    files = [("files", ("bluefin.md", BRIEF.encode(), "text/markdown")),
             ("files", ("broken.pdf", b"%PDF-1.4 not really", "application/pdf")),
             ("files", ("notes.exe", b"MZ", "application/octet-stream"))]
    res = client.post("/api/documents", files=files)
    assert res.status_code == 200
    rows = {r["file"]: r for r in res.json()}
    assert rows["bluefin.md"]["status"] == "added" and rows["bluefin.md"]["doc_id"]
    assert rows["broken.pdf"]["status"] == "failed" and rows["broken.pdf"]["error"]
    assert rows["notes.exe"]["status"] == "failed" and "not a PDF" in rows["notes.exe"]["error"]

    again = client.post("/api/documents", files=[("files", ("bluefin.md", BRIEF.encode()))])
    assert again.json()[0]["status"] == "unchanged"
    answer = client.post("/api/ask", json={"question": "How many arrests did Operation Bluefin "
                                                       "make?"}).json()
    assert "4,321" in answer["answer"]

    doc_id = rows["bluefin.md"]["doc_id"]
    gone = client.delete(f"/api/documents/{doc_id}")
    assert gone.status_code == 200 and gone.json()["removed"]["doc_id"] == doc_id
    assert len(client.get("/api/documents").json()) == 1
    assert client.delete(f"/api/documents/{doc_id}").status_code == 404
    after = client.post("/api/ask", json={"question": "How many arrests did Operation Bluefin "
                                                      "make?"}).json()
    assert after["abstained"] and "4,321" not in after["answer"]


def test_upload_names_cannot_leave_the_uploads_folder(client: TestClient, tmp_path: Path) -> None:
    res = client.post("/api/documents",
                      files=[("files", ("../../../escape.md", BRIEF.encode()))])
    assert res.status_code == 200 and res.json()[0]["file"] == "escape.md"
    uploads = tmp_path / "index" / "uploads"
    assert (uploads / "escape.md").is_file()
    assert not (tmp_path / "escape.md").exists() and not Path("escape.md").exists()


def test_upload_over_the_limit_is_413(tmp_path: Path) -> None:
    answerer = Answerer(settings_for(tmp_path / "index").model_copy(update={"max_upload_mb": 1}))
    client = TestClient(build_api(answerer))
    big = io.BytesIO(b"x" * 1_500_000)
    res = client.post("/api/documents", files=[("files", ("big.txt", big, "text/plain"))])
    assert res.status_code == 413 and "1 MB upload limit" in res.json()[0]["error"]
    assert not (tmp_path / "index" / "uploads" / "big.txt").exists()
    assert not list((tmp_path / "index" / "uploads").glob("*.part"))


def test_upload_needs_files_or_a_url(client: TestClient) -> None:
    res = client.post("/api/documents", data={})
    assert res.status_code == 400 and "files" in res.json()["error"]


def test_openapi_docs_are_served(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert {"/api/ask", "/api/check", "/api/documents", "/api/documents/{doc_id}"} <= set(
        spec["paths"])
    assert client.get("/api/docs").status_code == 200


def test_bearer_token_guards_every_endpoint(tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "index").model_copy(
        update={"api_token": SecretStr("s3cret-token")})
    answerer = Answerer(settings)
    assert [r.status for r in answerer.library.ingest([str(LIBERTERRA)], progress=False)] == [
        "added"]
    client = TestClient(build_api(answerer))
    calls = [("get", "/api/documents", {}), ("post", "/api/ask", {"json": {"question": "q"}}),
             ("post", "/api/check", {"json": {"claim": "5 arrests"}}),
             ("delete", "/api/documents/abc", {})]
    for method, path, kwargs in calls:
        for header in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret-token"}):
            res = getattr(client, method)(path, headers=header, **kwargs)
            assert res.status_code == 401, (path, header)
            assert res.headers["www-authenticate"] == "Bearer"
            assert "s3cret" not in res.text  # the secret never comes back
    ok = client.get("/api/documents", headers={"Authorization": "Bearer s3cret-token"})
    assert ok.status_code == 200 and len(ok.json()) == 1
    assert "s3cret" not in repr(settings) and "s3cret" not in str(settings.model_dump())


def test_ui_login_when_auth_is_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.ui.app import make_app

    monkeypatch.delenv("GRADIO_TEMP_DIR", raising=False)  # make_app sets it: undone after

    settings = settings_for(tmp_path / "index").model_copy(
        update={"auth": SecretStr("reporter:pa55word")})
    client = TestClient(make_app(Answerer(settings)))
    assert client.get("/config").status_code == 401
    assert client.post("/login", data={"username": "reporter", "password": "no"}
                       ).status_code >= 400
    assert client.post("/login", data={"username": "reporter", "password": "pa55word"}
                       ).status_code == 200
    assert client.get("/config").status_code == 200


def test_auth_must_be_user_and_password(tmp_path: Path) -> None:
    from assistant.config import load_settings
    from assistant.errors import ConfigError

    with pytest.raises(ConfigError, match="user:password") as caught:
        load_settings(index=tmp_path, auth="only-a-password")
    assert "only-a-password" not in str(caught.value)


def test_defaults_bind_loopback_and_keep_uploads_in_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.config import load_settings
    from assistant.ui.app import make_app

    assert load_settings(index=tmp_path).host == "127.0.0.1"
    monkeypatch.delenv("GRADIO_TEMP_DIR", raising=False)
    make_app(Answerer(settings_for(tmp_path / "index")))
    import os

    incoming = Path(os.environ["GRADIO_TEMP_DIR"])
    assert incoming == tmp_path / "index" / "uploads" / ".incoming"
