"""Result types of the pipeline: plain frozen dataclasses, easy to serialise for the API."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cluster:
    """One theme of ideas (or the "Other" group), with a readable label and protocol stage."""

    label: str
    keywords: tuple[str, ...]
    protocol_stage: str
    members: tuple[int, ...]
    is_other: bool = False
    representative: int | None = None  # the member closest to the theme's centre


@dataclass(frozen=True)
class GroupDescription:
    """What the pipeline says about a group of ideas the facilitator shaped by hand."""

    label: str
    keywords: tuple[str, ...]
    protocol_stage: str
    representative: int | None


@dataclass(frozen=True)
class ClusteringResult:
    """Themes, the leftover "Other" group and near-duplicate pairs offered for merging."""

    clusters: tuple[Cluster, ...]
    near_duplicates: tuple[tuple[int, int, float], ...]
    k: int
    backend: str
