"""The API blueprint object, shared by the resource modules."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")
