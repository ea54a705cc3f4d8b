"""Session languages other than English: stemmer and stop words follow the language."""

import pytest

from feedback_app.services.text import SUPPORTED_LANGUAGES, cluster_ideas, extract_keywords
from feedback_app.services.text.tokens import Analyzer

FRENCH = [
    "Saluer chaque client à la porte avec un sourire",
    "Accueillir les clients à la porte avec le sourire",
    "Un sourire et un bonjour à la porte",
    "Rembourser sans ticket de caisse pour les petits achats",
    "Accepter le remboursement sans ticket de caisse",
    "Remboursement sans ticket jusqu'à vingt euros",
]


def test_supported_languages_are_snowball_languages():
    assert "english" in SUPPORTED_LANGUAGES
    assert {"french", "german", "spanish"} <= set(SUPPORTED_LANGUAGES)
    assert "porter" not in SUPPORTED_LANGUAGES


def test_french_session_clusters_and_labels_in_french():
    result = cluster_ideas(FRENCH, k=2, language="french")
    labels = {c.members: c.label for c in result.clusters}
    assert labels == {
        (0, 1, 2): "Porte avec le sourire",
        (3, 4, 5): "Rembourser sans ticket de caisse",
    }


def test_french_stop_words_and_stems_are_french():
    analyzer = Analyzer("french")
    assert {"la", "les", "et", "avec"} <= analyzer.stopwords
    assert "remboursement" not in analyzer.stopwords
    assert "the" not in analyzer.stopwords
    assert analyzer.key("remboursement") == analyzer.key("remboursements") == "rembours"


def test_french_stop_words_without_nltk_data_come_from_the_stop_words_package(no_nltk_data):
    assert {"la", "les", "et", "avec"} <= Analyzer("french").stopwords


def test_german_keywords():
    ideas = ["Kunden an der Tür freundlich begrüßen", "Jeden Kunden an der Tür begrüßen"]
    keywords = extract_keywords(ideas, language="german")
    assert keywords == ["kunden", "tür", "begrüßen", "tür freundlich begrüßen"]


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_supported_language_runs(language):
    result = cluster_ideas(["alpha beta gamma", "alpha beta delta", "epsilon"], language=language)
    assert sorted(i for c in result.clusters for i in c.members) == [0, 1, 2]
