"""API schemas: each validates a request or shapes a response, and documents it."""
