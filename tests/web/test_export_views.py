"""The ranking page links to the exports; the links download for staff who see the session."""

import re

from tests.export_readers import csv_rows, json_document, pdf_text, workbook
from tests.factories import make_results_session, make_user
from tests.web.html_forms import page_text

FORMATS = {"csv": "CSV", "json": "JSON", "xlsx": "Excel", "pdf": "PDF"}


def test_ranking_page_links_every_format_and_each_downloads(app, client, auth):
    owner = make_user()
    session, _, _ = make_results_session(owner)
    auth.login(owner)
    html = page_text(client.get(f"/sessions/{session.id}/results"))
    links = {
        name: href
        for href, name in re.findall(
            r'<a class="[^"]*" href="([^"]+/export\.\w+)" download>(\w+)</a>', html
        )
    }
    assert links == {
        name: f"/sessions/{session.id}/results/export.{export_format}"
        for export_format, name in FORMATS.items()
    }
    downloads = {}
    for name, href in links.items():
        response = client.get(href)
        response.get_data()  # a streamed body is read before the next request
        assert response.status_code == 200
        downloads[name] = response
    assert downloads["CSV"].headers["Content-Disposition"] == (
        f'attachment; filename="session-{session.id}-results.csv"'
    )
    assert csv_rows(downloads["CSV"].data)[0]["rank"] == "1"
    assert json_document(downloads["JSON"].data)["schema"] == "feedback_app.export/1"
    assert workbook(downloads["Excel"].data).sheetnames[0] == "Ideas"
    assert "Refunds = trust" in pdf_text(downloads["PDF"].data)


def test_downloads_need_a_login_and_the_session(app, client, auth):
    session, _, _ = make_results_session()
    url = f"/sessions/{session.id}/results/export.csv"
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    auth.login(make_user())
    assert client.get(url).status_code == 403
    assert client.get(f"/sessions/{session.id}/results/export.doc").status_code == 404
    assert client.get("/sessions/99999/results/export.csv").status_code == 404
