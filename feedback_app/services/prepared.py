"""Statements SQLAlchemy cannot cache, compiled once per database instead of on every request.

SQLAlchemy caches the SQL of a statement only when every part of it has a cache key, and the
dialects' INSERT … ON CONFLICT has none (SQLAlchemy 2.0): each vote compiled its INSERT afresh,
about half the CPU time of a vote request. A statement built here has only named bind
parameters for what varies; it is compiled once per database kind, kept as a `text()` (whose
compiled form SQLAlchemy does cache) with the parameters' types, and run with the values.
"""

from collections.abc import Callable

from sqlalchemy import Executable, TextClause, bindparam, text
from sqlalchemy.engine.interfaces import BindTyping

from feedback_app.extensions import db

_prepared: dict[tuple[str, str], tuple[TextClause, dict]] = {}


def execute(name: str, build: Callable[[], Executable], **values):
    """Run the statement `build()` makes (always the same for `name`) with these values."""
    dialect = db.engine.dialect
    key = (dialect.name, name)
    if key not in _prepared:
        _prepared[key] = _compile_once(build(), dialect)
    statement, defaults = _prepared[key]
    return db.session.execute(statement, defaults | values)


def _compile_once(statement: Executable, dialect) -> tuple[TextClause, dict]:
    named = type(dialect)(paramstyle="named")  # renders :name, which text() reads back
    named.bind_typing = BindTyping.NONE  # no ":name::INTEGER" (text() would not see the name)
    compiled = statement.compile(dialect=named)
    typed = {name: bindparam(name, type_=param.type) for param, name in compiled.bind_names.items()}
    constants = {name: value for name, value in compiled.params.items() if value is not None}
    return text(str(compiled)).bindparams(*typed.values()), constants
