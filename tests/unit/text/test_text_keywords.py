"""Key phrases and labels: readable, in the word order staff wrote them."""

from feedback_app.services.text import extract_keywords

from .conftest import IDEAS, THEMES

REFUNDS = THEMES["refunds"]


def test_group_phrase_keeps_surface_word_order():
    keywords = extract_keywords(REFUNDS, context=IDEAS)
    assert keywords[0] == "refund without receipt"
    assert "refund receipt without" not in keywords


def test_function_words_only_inside_phrases_written_that_way():
    keywords = extract_keywords(["Greet customers at the door", "Greet people at the door"])
    assert all(
        not k.startswith(("at ", "the ")) and not k.endswith((" at", " the")) for k in keywords
    )


def test_single_idea_keywords_are_its_own_phrases():
    keywords = extract_keywords("Offer a refund without a receipt for under £20", top_n=3)
    assert keywords
    text = "offer a refund without a receipt for under 20 pounds"  # "£20" is read so
    assert all(keyword in text for keyword in keywords)
    assert any("refund" in keyword for keyword in keywords)


def test_phrasal_verbs_keep_their_particle():
    keywords = extract_keywords(THEMES["follow_up"], context=IDEAS)
    assert "follow up" in keywords


def test_keywords_are_unstemmed_surface_forms():
    keywords = extract_keywords(THEMES["queues"], context=IDEAS)
    assert "queue" in keywords
    assert "tills" in keywords
    assert all(not word.endswith("qu") for keyword in keywords for word in keyword.split())


def test_top_n_limits_the_list():
    assert len(extract_keywords(IDEAS, top_n=2)) <= 2


def test_stop_words_only_give_no_keywords():
    assert extract_keywords("it is what it is") == []
    assert extract_keywords([]) == []
    assert extract_keywords("") == []
