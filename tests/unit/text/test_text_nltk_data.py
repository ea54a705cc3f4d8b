"""The pipeline with nltk_data absent (shipped lists only) and present (WordNet from Debian)."""

import nltk

from feedback_app.services.text import cluster_ideas, nltk_data_status
from feedback_app.services.text.concepts import wordnet_senses
from feedback_app.services.text.nltk_data import (
    reset_nltk_data_cache,
    wordnet_corpus,
    wordnet_lemmatizer,
)
from feedback_app.services.text.pipeline import AnalysedSession
from feedback_app.services.text.tokens import Analyzer

from .conftest import IDEAS, THEME_OF


def _pure(result):
    """Tell whether every theme holds ideas of one hand-made theme only."""
    return all(
        len({THEME_OF[i] for i in c.members}) == 1 for c in result.clusters if not c.is_other
    )


def test_absent_data_is_reported_and_the_pipeline_still_works(no_nltk_data):
    assert nltk_data_status() == {"wordnet": False, "punkt": False, "stopwords": False}
    assert wordnet_lemmatizer() is None
    result = cluster_ideas(IDEAS, k=5)
    assert result.k == 5
    assert _pure(result)


def test_absent_data_uses_shipped_stop_words(no_nltk_data):
    analyzer = Analyzer()
    assert {"the", "and", "without"} <= analyzer.stopwords
    assert analyzer.key("paid") != analyzer.key("pay")  # no lemmatiser: stems only


def test_detection_follows_nltk_data_path_changes(no_nltk_data, wordnet_folder, monkeypatch):
    assert nltk_data_status()["wordnet"] is False
    monkeypatch.setattr(nltk.data, "path", [str(wordnet_folder)])
    assert nltk_data_status()["wordnet"] is True
    monkeypatch.setattr(nltk.data, "path", [str(no_nltk_data)])
    assert nltk_data_status()["wordnet"] is False


def test_nltk_data_env_var_is_honoured(no_nltk_data, wordnet_folder, monkeypatch):
    monkeypatch.setenv("NLTK_DATA", str(wordnet_folder))
    monkeypatch.setattr(nltk.data, "path", [str(wordnet_folder), str(no_nltk_data)])
    reset_nltk_data_cache()
    assert nltk_data_status()["wordnet"] is True


def test_present_wordnet_is_used_for_lemmas(with_wordnet):
    assert nltk_data_status()["wordnet"] is True
    assert wordnet_lemmatizer() is not None
    analyzer = Analyzer()
    assert analyzer.key("paid") == analyzer.key("pay")
    assert analyzer.key("children") == analyzer.key("child")


def test_present_wordnet_gives_valid_results(with_wordnet):
    result = cluster_ideas(IDEAS, k=5)
    assert result.k == 5
    assert _pure(result)
    assert sorted(i for c in result.clusters for i in c.members) == list(range(len(IDEAS)))
    refunds = next(c for c in result.clusters if 6 in c.members)
    assert refunds.label == "Allowing refunds without a receipt"


def test_absent_wordnet_adds_no_senses(no_nltk_data):
    (doc,) = Analyzer().analyse(["Say hello at the door"])
    assert wordnet_senses(doc) == []
    assert wordnet_corpus() is None


def test_present_wordnet_adds_synonyms_and_hypernyms(with_wordnet):
    (doc,) = Analyzer().analyse(["Say hello"])
    senses = wordnet_senses(doc)
    assert "hello.n.01" in senses
    assert "greeting.n.01" in senses  # the hypernym that "welcome" shares
    (welcome,) = Analyzer().analyse(["A warm welcome"])
    assert "greeting.n.01" in wordnet_senses(welcome)


def test_present_wordnet_brings_paraphrases_closer(no_nltk_data, wordnet_folder, monkeypatch):
    ideas = ["Say hello at the entrance", "A warm welcome at the entrance", "Check the toilets"]
    before = _similarity(ideas)
    monkeypatch.setattr(nltk.data, "path", [str(wordnet_folder)])
    reset_nltk_data_cache()
    after = _similarity(ideas)
    assert after[0, 1] > before[0, 1] > 0
    assert after[0, 2] == before[0, 2] == 0


def _similarity(ideas):
    x = AnalysedSession.of(ideas, lexicon=False).features().toarray()
    return x @ x.T
