"""The API's Blueprint: flask-smorest's, with our parser and shorthands for the document."""

from http import HTTPStatus

import flask_smorest

from feedback_app.api.parser import ApiParser

URL_PREFIX = "/api/v1"
# Any JSON body can be malformed (400), too large (413) or invalid (422).
BODY_ERRORS = (400, 413, 422)
# Any operation can meet a database outage: 503 database_unavailable, with Retry-After.
ALWAYS_POSSIBLE = (503,)


class ApiBlueprint(flask_smorest.Blueprint):
    """One resource of /api/v1; decorators validate, shape and document in one place."""

    ARGUMENTS_PARSER = ApiParser()

    def __init__(self, name: str, import_name: str, description: str) -> None:
        super().__init__(name, import_name, url_prefix=URL_PREFIX, description=description)

    def _store_endpoint_docs(self, endpoint, obj, parameters, tags, **options):
        """Name each operation after its view function (for OpenAPI links); document 503."""
        super()._store_endpoint_docs(endpoint, obj, parameters, tags, **options)
        for method, doc in self._docs[endpoint].items():
            if method != "parameters":
                doc["docstring"].setdefault("operationId", endpoint)
                responses = doc.setdefault("manual_doc", {}).setdefault("responses", {})
                for status in ALWAYS_POSSIBLE:
                    responses.setdefault(status, HTTPStatus(status).name)

    def body(self, schema, **kwargs):
        """Read and validate a JSON object body with the schema (400, 413, 422 documented)."""
        arguments = self.arguments(schema, **kwargs)

        def decorator(view):
            return errors(*BODY_ERRORS)(arguments(view))

        return decorator


def errors(*statuses: int):
    """Document error statuses the operation can answer, each with the error envelope."""
    return flask_smorest.Blueprint.doc(
        responses={status: HTTPStatus(status).name for status in statuses}
    )


def links(status: int, **named_links: dict):
    """Document OpenAPI links from a response to the operations that consume it."""
    return flask_smorest.Blueprint.doc(responses={status: {"links": named_links}})


def link(operation_id: str, description: str, **parameters: str) -> dict:
    """One OpenAPI link: which operation, and which response values feed its parameters."""
    return {"operationId": operation_id, "description": description, "parameters": parameters}
