"""Normalisation of staff writing: contractions, case, typos and session corrections."""

from collections import Counter

from feedback_app.services.text.normalize import clean_text, correct_word, session_corrections


def test_contractions_and_case_are_expanded():
    assert clean_text("Don't LEAVE customers waiting, we'll help!") == (
        "do not leave customers waiting, we will help!"
    )
    assert clean_text("They can\u2019t wait") == "they can not wait"


def test_hyphenated_words_split_and_known_compounds_join():
    assert clean_text("Send a follow-up e-mail") == "send a follow up email"


def test_non_english_text_keeps_its_apostrophes():
    assert clean_text("L'accueil", language="french") == "l'accueil"


def test_known_misspellings_are_corrected():
    assert correct_word("reciept") == "receipt"
    assert correct_word("costumer") == "customer"
    assert correct_word("receipt") == "receipt"
    assert correct_word("reciept", language="german") == "reciept"


def test_session_corrections_map_rare_words_to_frequent_neighbours():
    counts = Counter({"receive": 9, "recieve": 1, "card": 5, "cart": 1, "smile": 2, "smiel": 1})
    fixes = session_corrections(counts)
    assert fixes == {"recieve": "receive"}
