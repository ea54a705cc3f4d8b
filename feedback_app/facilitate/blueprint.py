"""The facilitate blueprint object, shared by its view modules."""

from flask import Blueprint

bp = Blueprint("facilitate", __name__, url_prefix="/sessions")
