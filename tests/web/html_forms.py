"""Submit the forms a page really renders, the way a browser without JavaScript would."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict


@dataclass
class RenderedForm:
    """One <form> of a page: where it posts, its fields in order, and its button text."""

    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    button: str = ""


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[RenderedForm] = []
        self._form: RenderedForm | None = None
        self._in_button = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attr = dict(attrs)
        if tag == "form":
            self._form = RenderedForm(attr.get("action", ""), attr.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attr.get("name"):
            kind = attr.get("type", "text")
            if kind not in ("checkbox", "radio") or "checked" in attr:
                self._form.fields.append((attr["name"], attr.get("value", "")))
        elif tag == "textarea":
            self._textarea = attr.get("name")
        elif tag == "button":
            self._in_button = True

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "button":
            self._in_button = False
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._form is not None and self._in_button:
            self._form.button += data.strip()
        elif self._form is not None and self._textarea:
            self._form.fields.append((self._textarea, data))


def forms_in(html: str) -> list[RenderedForm]:
    """Every form of a page."""
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def press(client, page_url: str, button: str, **overrides):
    """Load a page, find the form whose button reads `button`, and submit it as rendered."""
    html = client.get(page_url).get_data(as_text=True)
    matches = [form for form in forms_in(html) if form.button == button]
    assert matches, f"no button {button!r} on {page_url}"
    form = matches[0]
    data = MultiDict(form.fields)
    for name, value in overrides.items():
        data.setlist(name, [value])
    return client.post(form.action or page_url, data=data)
