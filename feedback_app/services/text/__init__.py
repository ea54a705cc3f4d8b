"""Text pipeline for ideas: normalise, find key phrases and labels, group, tag protocol stages.

Pure Python over lists of strings (NLTK for the language, scikit-learn for the numerics;
optional sentence embeddings): no Flask, no database, no network.
"""

from .grouping import K_MAX
from .languages import SUPPORTED_LANGUAGES
from .lexicon import DEFAULT_GROUPS, SynonymGroup, extended_groups
from .nltk_data import nltk_data_status, reset_nltk_data_cache
from .pipeline import (
    available_backends,
    cluster_ideas,
    describe_group,
    extract_keywords,
    protocol_stage_for,
)
from .protocol import DEFAULT_PROTOCOL_LEXICON, PROTOCOL_STAGES, PROTOCOL_STEPS, SERVICE_AREAS
from .results import Cluster, ClusteringResult, GroupDescription
from .synonyms import DEFAULT_SYNONYMS

__all__ = [
    "DEFAULT_GROUPS",
    "DEFAULT_PROTOCOL_LEXICON",
    "DEFAULT_SYNONYMS",
    "K_MAX",
    "PROTOCOL_STAGES",
    "PROTOCOL_STEPS",
    "SERVICE_AREAS",
    "SUPPORTED_LANGUAGES",
    "Cluster",
    "ClusteringResult",
    "GroupDescription",
    "SynonymGroup",
    "available_backends",
    "cluster_ideas",
    "describe_group",
    "extended_groups",
    "extract_keywords",
    "nltk_data_status",
    "protocol_stage_for",
    "reset_nltk_data_cache",
]
