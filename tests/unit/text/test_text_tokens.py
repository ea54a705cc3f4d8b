"""Tokenising ideas into terms: stop words, stems, synonyms and segments."""

from feedback_app.services.text.tokens import Analyzer


def _terms(text, **kwargs):
    """Return (surface, key, stop) triples of one idea's first segment."""
    doc = Analyzer(**kwargs).analyse([text])[0]
    return [(t.surface, t.key, t.stop) for t in doc[0]]


def test_stems_join_word_forms():
    analyzer = Analyzer()
    assert analyzer.key("greeting") == analyzer.key("greets") == analyzer.key("greet")


def test_multi_word_synonyms_merge_into_one_term():
    terms = _terms("Give the money back quickly")
    assert ("money back", "refund", False) in terms


def test_single_word_synonyms_follow_word_forms():
    analyzer = Analyzer()
    (queue_doc,) = analyzer.analyse(["Long queues at lunch"])
    keys = [t.key for t in queue_doc[0]]
    assert analyzer.key("wait") in keys


def test_caller_synonyms_extend_the_defaults():
    terms = _terms("Use the tannoy", synonyms={"tannoy": "announcement"})
    assert any(t[1] == Analyzer().key("announcement") for t in terms)
    assert ("money back", "refund", False) in _terms("money back", synonyms={"x": "y"})


def test_stop_words_are_flagged_not_dropped():
    terms = _terms("Refund without a receipt")
    assert [t[0] for t in terms] == ["refund", "without", "a", "receipt"]
    assert [t[2] for t in terms] == [False, True, True, False]


def test_punctuation_and_numbers_split_segments():
    doc = Analyzer().analyse(["Open tills; 5 people max"])[0]
    assert [[t.surface for t in seg] for seg in doc] == [["open", "tills"], ["people", "max"]]


def test_session_typos_are_fixed_against_frequent_words():
    texts = ["Check the receipt"] * 6 + ["No recipt, no refund"]
    analyzer = Analyzer()
    docs = analyzer.analyse(texts)
    term = docs[-1][0][1]
    assert (term.surface, term.key) == ("recipt", analyzer.key("receipt"))


def test_known_typos_change_keys_but_labels_show_what_staff_wrote():
    analyzer = Analyzer()
    (doc,) = analyzer.analyse(["Apologise sincerely"])
    assert doc[0][0].surface == "apologise"
    assert doc[0][0].key == analyzer.key("apologize")
