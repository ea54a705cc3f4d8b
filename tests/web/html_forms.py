"""Submit the forms a page really renders, the way a browser without JavaScript would."""

import html as html_module
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
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._template_depth = 0  # forms in a <template> are inert until a script uses them

    def handle_starttag(self, tag, attrs):
        attr = dict(attrs)
        if tag == "template":
            self._template_depth += 1
        if self._template_depth:
            return
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
        elif tag == "select":
            self._select, self._options = attr.get("name"), []
        elif tag == "option" and self._select:
            self._options.append((attr.get("value", ""), "selected" in attr))
        elif tag == "button":
            self._in_button = True

    def handle_endtag(self, tag):
        if tag == "template":
            self._template_depth = max(0, self._template_depth - 1)
        if self._template_depth:
            return
        if tag == "form":
            self._form = None
        elif tag == "button":
            self._in_button = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select and self._options:
            # A browser sends the selected option, or the first one when none is selected.
            chosen = [value for value, selected in self._options if selected] or [
                self._options[0][0]
            ]
            self._form.fields.append((self._select, chosen[0]))
            self._select = None

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


def page_text(response) -> str:
    """The body as a user reads it (entities decoded)."""
    return html_module.unescape(response.get_data(as_text=True))


def form_with_button(page: str, button: str, *, action=None, having=None) -> RenderedForm:
    """The first form whose button reads `button` (posting to `action`, holding `having`)."""
    matches = [
        form
        for form in forms_in(page)
        if form.button == button
        and (action is None or form.action == action)
        and all((name, str(value)) in form.fields for name, value in (having or {}).items())
    ]
    assert matches, f"no button {button!r} posting to {action!r} with {having}"
    return matches[0]


def post_form(client, form: RenderedForm, *, headers=None, **overrides):
    """Submit a rendered form as it stands, with some fields changed (lists set many values)."""
    data = MultiDict(form.fields)
    for name, value in overrides.items():
        data.setlist(name, [str(v) for v in value] if isinstance(value, list) else [str(value)])
    return client.post(form.action, data=data, headers=headers or {})


def press(client, page_url: str, button: str, *, action=None, having=None, headers=None, **fields):
    """Load a page, find the form whose button reads `button`, and submit it as rendered."""
    page = client.get(page_url).get_data(as_text=True)
    form = form_with_button(page, button, action=action, having=having)
    if not form.action:
        form.action = page_url
    return post_form(client, form, headers=headers, **fields)


def csrf_token_from(client, page_url: str) -> str:
    """The CSRF token a rendered page hands this browser."""
    for form in forms_in(client.get(page_url).get_data(as_text=True)):
        for name, value in form.fields:
            if name == "csrf_token":
                return value
    raise AssertionError(f"no CSRF token on {page_url}")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("template", "script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("template", "script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def readable_text(html: str) -> str:
    """The words a person reads on the page: no tags, no <template> contents, spaces collapsed."""
    parser = _TextParser()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())
