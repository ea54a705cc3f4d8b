"""Live updates: the event broker, the streams hub and the ASGI front that holds streams open."""
