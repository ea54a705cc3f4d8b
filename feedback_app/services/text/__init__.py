"""Text pipeline for ideas: normalise, extract key phrases, cluster and tag protocol stages.

Pure Python over lists of strings (NLTK for the language, scikit-learn for the numerics;
optional sentence embeddings): no Flask, no database, no network.
"""

from .languages import SUPPORTED_LANGUAGES
from .nltk_data import nltk_data_status, reset_nltk_data_cache
from .pipeline import available_backends, cluster_ideas, extract_keywords, protocol_stage_for
from .protocol import DEFAULT_PROTOCOL_LEXICON, PROTOCOL_STAGES
from .results import Cluster, ClusteringResult
from .synonyms import DEFAULT_SYNONYMS

__all__ = [
    "DEFAULT_PROTOCOL_LEXICON",
    "DEFAULT_SYNONYMS",
    "PROTOCOL_STAGES",
    "SUPPORTED_LANGUAGES",
    "Cluster",
    "ClusteringResult",
    "available_backends",
    "cluster_ideas",
    "extract_keywords",
    "nltk_data_status",
    "protocol_stage_for",
    "reset_nltk_data_cache",
]
