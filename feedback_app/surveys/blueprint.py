"""The customer surveys blueprint object, shared by its view modules."""

from flask import Blueprint

bp = Blueprint("customer_surveys", __name__)
