"""The app itself: security headers on every response, errors as problem details, OpenAPI served."""

from __future__ import annotations

from fastapi.testclient import TestClient

from civicatlas.web.app import SETTINGS_VARIABLE, Settings, from_environment


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/api/v1/health", "/api/v1/no-such-thing"):
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"


def test_health_and_errors_as_problem_details(client: TestClient) -> None:
    assert client.get("/api/v1/health").json()["cases"] > 30
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["status"] == 404


def test_openapi_schema_is_served(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "CivicAtlas" and "/api/v1/health" in schema["paths"]


def test_the_api_docs_page_uses_the_vendored_swagger_ui(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_each_worker_builds_the_application_from_the_settings_it_is_handed(examples_db: str, monkeypatch) -> None:
    settings = Settings(examples_db, cors=["https://atlas.example.org"], query_timeout=3.0)
    monkeypatch.setenv(SETTINGS_VARIABLE, settings.to_json())
    app = from_environment()  # what `civicatlas serve --workers N` has uvicorn call in each worker process
    assert app.state.settings == settings
    assert TestClient(app).get("/api/v1/health").json()["status"] == "ok"
