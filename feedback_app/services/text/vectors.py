"""TF-IDF vectors of our NLTK keys (scikit-learn), optionally reduced by LSA (truncated SVD).

The features are ours: each idea's content-word keys (lemma, stem, synonym), stop words and
domain words left out. The arithmetic is scikit-learn's: sublinear tf, smooth idf, L2 rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .tokens import Doc

MAX_FEATURES = 4000  # the most frequent keys (BANKING77 has 610 to 924 in all: not reached)
MIN_DF = 2
SMALL_SESSION = 10  # below this many ideas every key counts, even one seen once
# Power iterations of the randomised SVD. BANKING77, k=77, mean ARI over seeds 0-5: 1 -> 0.354,
# 2 -> 0.346 (the numpy LSA it replaced: 0.352); an exact SVD clusters worse still (0.333).
LSA_POWER_ITERATIONS = 1


def content_keys(doc: Doc) -> list[str]:
    """List a doc's content-word keys, the features its vector is made of."""
    return [term.key for segment in doc for term in segment if not (term.stop or term.weak)]


def tfidf_matrix(
    docs: Sequence[Doc], *, min_df: int = MIN_DF, max_features: int | None = MAX_FEATURES
) -> sparse.csr_matrix:
    """Build L2-normalised TF-IDF rows (float32); ideas with no kept feature are zero rows."""
    vectorizer = TfidfVectorizer(
        analyzer=content_keys,
        min_df=min_df if len(docs) >= SMALL_SESSION else 1,
        max_features=max_features,
        sublinear_tf=True,
        smooth_idf=True,
        dtype=np.float32,
    )
    try:
        return vectorizer.fit_transform(docs).tocsr()
    except ValueError:  # scikit-learn's "empty vocabulary": only stop words, or nothing shared
        return sparse.csr_matrix((len(docs), 0), dtype=np.float32)


def lsa(matrix: sparse.spmatrix, dims: int, seed: int = 0) -> np.ndarray:
    """Project rows onto the top singular directions (randomised SVD), then renormalise."""
    n_rows, n_cols = matrix.shape
    dims = min(dims, n_rows - 1, n_cols - 1)
    if dims < 2:
        return matrix.toarray()
    svd = TruncatedSVD(dims, algorithm="randomized", n_iter=LSA_POWER_ITERATIONS, random_state=seed)
    return normalize(svd.fit_transform(matrix)).astype(np.float32)
