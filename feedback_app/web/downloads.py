"""Send an export as a streamed download, for the web pages and the API alike."""

from flask import Response, stream_with_context

from feedback_app.services.exports import ExportFile


def download_response(export: ExportFile) -> Response:
    """Stream the file's chunks as an attachment; nothing is kept by caches on the way."""
    response = Response(stream_with_context(export.chunks), content_type=export.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
