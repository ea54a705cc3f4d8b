"""Ballot cards for a session: make a batch, print it as an A4 sheet of cut-out cards with QR
codes, or download it as CSV. The codes exist only in that answer (a keyed hash is kept)."""

import csv
import io

from flask import Response, render_template
from flask_login import login_required

from feedback_app.facilitate.blueprint import bp
from feedback_app.facilitate.forms import BallotCardsForm
from feedback_app.services import ballots
from feedback_app.services.qr import qr_svg_element
from feedback_app.web.permissions import managed_session
from feedback_app.web.urls import join_page_url, join_url

CARDS_PER_PAGE = 10  # 2 x 5 on A4: big enough to cut out and scan


def _secret(response: Response) -> Response:
    """Codes are shown once: no cache may keep them."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<int:session_id>/ballot-cards", methods=["GET", "POST"])
@login_required
def ballot_cards(session_id: int):
    """The cards' page: how many exist and were used; make more as a sheet or a CSV."""
    session = managed_session(session_id)
    form = BallotCardsForm()
    if form.validate_on_submit():
        codes = ballots.issue_cards(session, form.count.data)
        if form.output.data == "csv":
            return _secret(_csv(session, codes))
        return _secret(_sheet(session, codes))
    issued, used = ballots.card_counts(session)
    page = render_template(
        "facilitate/ballot_cards.html",
        session=session,
        form=form,
        issued=issued,
        used=used,
        cards_max=ballots.CARDS_MAX,
    )
    return page, 422 if form.errors else 200


def _sheet(session, codes: list[str]) -> Response:
    cards = [
        {"code": ballots.display(code), "url": join_url(code), "qr": qr_svg_element(join_url(code))}
        for code in codes
    ]
    per_page = CARDS_PER_PAGE
    pages = [cards[start : start + per_page] for start in range(0, len(cards), per_page)]
    html = render_template(
        "facilitate/ballot_cards_sheet.html",
        session=session,
        pages=pages,
        join_page_url=join_page_url(),
    )
    return Response(html, mimetype="text/html")


def _csv(session, codes: list[str]) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["session", "code", "join_url"])
    for code in codes:
        writer.writerow([session.id, ballots.display(code), join_url(code)])
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    filename = f"ballot-cards-session-{session.id}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
