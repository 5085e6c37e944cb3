"""/healthz is public and reports the database and the broker."""

import pytest

from mkviolence.celery import app as celery_app


@pytest.mark.django_db
def test_healthz_is_public_and_ok_when_database_and_broker_answer(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_broker_with_503(client, monkeypatch) -> None:
    unreachable = "redis://127.0.0.1:9/0"  # nothing listens on port 9
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", unreachable)
    monkeypatch.setitem(celery_app.conf, "broker_url", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error" and body["database"] == "ok"
    assert body["broker"].startswith("error")
