"""Every page carries the security headers; no inline script or style is needed."""

import re


def test_pages_and_api_carry_security_headers(client):
    for url in ("/", "/join", "/login", "/api/v1/levels", "/api/v1/missing"):
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_use_no_inline_scripts_or_styles(client):
    html = client.get("/").get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "<style" not in html and "style=" not in html


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/join").headers
    secure = client.get("/join", base_url="https://feedback.test")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_hsts_behind_a_trusted_proxy_follows_x_forwarded_proto(tmp_path):
    from tests.conftest import make_app

    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"}
    trusting = make_app(tmp_path, TRUSTED_PROXIES=1).test_client()
    assert trusting.get("/healthz", headers=forwarded).headers["Strict-Transport-Security"]
    naive = make_app(tmp_path, TRUSTED_PROXIES=0).test_client()
    assert "Strict-Transport-Security" not in naive.get("/healthz", headers=forwarded).headers
