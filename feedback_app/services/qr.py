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
