"""QR codes for join links, drawn as SVG so no imaging library is needed."""

import io

import qrcode
import qrcode.image.svg


def qr_svg(data: str) -> str:
    """Return an SVG document that encodes the given text (a join URL)."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def qr_svg_element(data: str) -> str:
    """The same QR code as an <svg> element to put inside an HTML page (no XML declaration)."""
    document = qr_svg(data)
    return document[document.index("<svg") :]
