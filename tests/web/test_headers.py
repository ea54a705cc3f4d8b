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
