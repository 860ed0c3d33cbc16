"""AppTest set-up for the app tests: the `app` fixture is tests/apptest_support.open_app bound to
the test's monkeypatch (KS_DB and sign-in mode are environment variables)."""
import functools

import pytest

from tests.apptest_support import open_app


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setenv("KS_AUTH_MODE", "demo")
    return functools.partial(open_app, monkeypatch)
