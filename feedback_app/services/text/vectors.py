"""TF-IDF vectors of stems and stem bigrams, optionally reduced by LSA (randomised SVD)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .tokens import Doc

MAX_FEATURES = 4000


@dataclass(frozen=True)
class VectorSettings:
    """Feature choices, kept together so the benchmark can compare them."""

    bigrams: bool = True
    bigram_weight: float = 1.0
    sublinear_tf: bool = True
    min_df: int = 2
    max_features: int = MAX_FEATURES
    full_norm: bool = False  # divide by the norm over all features, kept or not


def doc_features(doc: Doc, bigrams: bool = True) -> Counter[str]:
    """Count a doc's content stems and (optionally) adjacent content-stem pairs."""
    features: Counter[str] = Counter()
    for segment in doc:
        keys = [term.key for term in segment if not (term.stop or term.weak)]
        features.update(keys)
        if bigrams:
            features.update(f"{a}_{b}" for a, b in zip(keys, keys[1:], strict=False) if a != b)
    return features


def tfidf_matrix(docs: Sequence[Doc], settings: VectorSettings = VectorSettings()) -> np.ndarray:
    """Build L2-normalised TF-IDF rows (float32); ideas with no shared feature are zero rows."""
    counts = [doc_features(doc, settings.bigrams) for doc in docs]
    df: Counter[str] = Counter()
    for features in counts:
        df.update(features.keys())
    min_df = settings.min_df if len(docs) >= 10 else 1
    kept = sorted((f for f, n in df.items() if n >= min_df), key=lambda f: (-df[f], f))
    vocab = {f: i for i, f in enumerate(kept[: settings.max_features])}
    n_docs = len(docs)
    matrix = np.zeros((n_docs, len(vocab)), dtype=np.float32)
    norms = np.zeros(n_docs, dtype=np.float64)
    for row, features in enumerate(counts):
        for feature, tf in features.items():
            weight = 1.0 + math.log(tf) if settings.sublinear_tf else float(tf)
            if "_" in feature:
                weight *= settings.bigram_weight
            weight *= math.log((1 + n_docs) / (1 + df[feature])) + 1.0
            norms[row] += weight * weight
            col = vocab.get(feature)
            if col is not None:
                matrix[row, col] = weight
    if not settings.full_norm:
        return normalize_rows(matrix)
    norms[norms == 0] = 1.0
    return matrix / np.sqrt(norms)[:, None].astype(np.float32)


def normalize_rows(matrix: np.ndarray) -> np.ndarray:
    """Scale rows to unit length so dot products are cosines; zero rows stay zero."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def lsa(matrix: np.ndarray, dims: int, seed: int = 0) -> np.ndarray:
    """Project rows onto the top singular directions (randomised SVD), then renormalise."""
    n_rows, n_cols = matrix.shape
    dims = min(dims, n_rows - 1, n_cols - 1)
    if dims < 2:
        return matrix
    rng = np.random.default_rng(seed)
    sample = matrix @ rng.standard_normal((n_cols, dims + 10)).astype(matrix.dtype)
    for _ in range(2):
        sample, _r = np.linalg.qr(matrix @ (matrix.T @ sample))
    basis, _r = np.linalg.qr(sample)
    small = basis.T @ matrix
    u_small, singular, _vt = np.linalg.svd(small, full_matrices=False)
    reduced = (basis @ u_small[:, :dims]) * singular[:dims]
    zero = ~matrix.any(axis=1)
    reduced[zero] = 0.0
    return normalize_rows(reduced.astype(np.float32))
