"""TF-IDF vectors of our NLTK features (scikit-learn), optionally reduced by LSA (truncated SVD).

The features are ours: each idea's content-word keys (lemma, stem, synonym), stop words and
domain words left out; then, weighted below them, the customer-service lexicon groups and
the WordNet senses it mentions (``concepts.py``). The arithmetic is scikit-learn's: sublinear
tf, smooth idf, L2 rows, one block per kind of feature, blocks weighted and stacked.
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


def duplicate_keys(doc: Doc) -> list[str]:
    """List the keys two near-duplicates must share: content words and numbers ("ten" = 10)."""
    return [
        term.key
        for segment in doc
        for term in segment
        if not (term.stop or term.weak) or term.number
    ]


def _tfidf(rows: Sequence, analyzer, *, min_df: int, max_features: int | None) -> sparse.csr_matrix:
    """TF-IDF of lists of features; rows without a kept feature are zero rows."""
    vectorizer = TfidfVectorizer(
        analyzer=analyzer,
        min_df=min_df if len(rows) >= SMALL_SESSION else 1,
        max_features=max_features,
        sublinear_tf=True,
        smooth_idf=True,
        dtype=np.float32,
    )
    try:
        return vectorizer.fit_transform(rows).tocsr()
    except ValueError:  # scikit-learn's "empty vocabulary": only stop words, or nothing shared
        return sparse.csr_matrix((len(rows), 0), dtype=np.float32)


def tfidf_matrix(
    docs: Sequence[Doc], *, min_df: int = MIN_DF, max_features: int | None = MAX_FEATURES
) -> sparse.csr_matrix:
    """Build L2-normalised TF-IDF rows (float32) of the content keys."""
    return _tfidf(docs, content_keys, min_df=min_df, max_features=max_features)


def duplicates_matrix(docs: Sequence[Doc]) -> sparse.csr_matrix:
    """TF-IDF of every key and number, even those seen once: a rare extra word lowers the
    similarity of two otherwise identical ideas."""
    return _tfidf(docs, duplicate_keys, min_df=1, max_features=None)


def feature_matrix(
    docs: Sequence[Doc], extras: Sequence[tuple[Sequence[list[str]], float]] = ()
) -> sparse.csr_matrix:
    """Stack the words' TF-IDF with weighted blocks of extra features, rows L2-normalised.

    Each extra block is (one feature list per idea, weight); a weight of 1 would count a
    lexicon group as much as all the idea's words together.
    """
    blocks = [tfidf_matrix(docs)]
    for features, weight in extras:
        block = _tfidf(list(features), _identity, min_df=MIN_DF, max_features=MAX_FEATURES)
        if block.shape[1] and weight > 0:
            blocks.append(block * np.float32(weight))
    stacked = sparse.hstack(blocks, format="csr", dtype=np.float32)
    if stacked.shape[0] == 0 or stacked.shape[1] == 0:
        return stacked  # no ideas, or only stop words: nothing to normalise
    return normalize(stacked).astype(np.float32)


def _identity(features: list[str]) -> list[str]:
    """The features of one idea, as they are (a picklable analyzer)."""
    return features


def lsa(matrix: sparse.spmatrix, dims: int, seed: int = 0) -> np.ndarray:
    """Project rows onto the top singular directions (randomised SVD), then renormalise."""
    n_rows, n_cols = matrix.shape
    dims = min(dims, n_rows - 1, n_cols - 1)
    if dims < 2:
        return matrix.toarray()
    svd = TruncatedSVD(dims, algorithm="randomized", n_iter=LSA_POWER_ITERATIONS, random_state=seed)
    return normalize(svd.fit_transform(matrix)).astype(np.float32)
