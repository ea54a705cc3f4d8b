"""Operations: database outages, readiness, request logs, backup and restore, on real servers."""
