"""Unit tests of the text pipeline (pure Python: no Flask, no database)."""
