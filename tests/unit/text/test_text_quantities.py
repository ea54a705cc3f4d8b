"""Numbers with units in staff ideas, and drafts worded like a policy."""

import pytest

from feedback_app.services.text.quantities import find_quantities, with_digits
from feedback_app.services.text.statements import standard_statement


@pytest.mark.parametrize(
    ("idea", "expected"),
    [
        ("Say hello within ten seconds of a customer walking in", (10.0, "seconds", "within")),
        ("Let staff approve refunds up to $50", (50.0, "dollars", "up to")),
        ("Let staff approve refunds up to fifty pounds", (50.0, "pounds", "up to")),
        ("Call back within 24 hours", (24.0, "hours", "within")),
        ("Call back within twenty four hours", (24.0, "hours", "within")),
        ("Answer the phone in under 5 minutes", (5.0, "minutes", "in under")),
        ("Reply to emails within a day", (1.0, "days", "within")),
        ("Resolve 90% of complaints at the first contact", (90.0, "percent", "")),
        ("Refund €12.50 of postage", (12.5, "euros", "")),
    ],
)
def test_quantities_read_value_unit_and_qualifier(idea, expected):
    (quantity,) = find_quantities(idea)
    assert (quantity.value, quantity.unit, quantity.qualifier) == expected


def test_bare_numbers_and_ideas_without_numbers_give_nothing():
    assert find_quantities("Open 2 tills at lunch") == []
    assert find_quantities("Smile and greet people as they come in") == []


def test_a_quantity_spans_its_phrase_in_the_text_with_digits():
    text = "Greet every customer within ten seconds of reaching the counter"
    (quantity,) = find_quantities(text)
    assert with_digits(text)[quantity.start : quantity.end] == "within 10 seconds"
    assert quantity.upper_bound


def test_at_least_is_a_lower_bound():
    (quantity,) = find_quantities("Keep at least 3 people on the tills")
    assert (quantity.qualifier, quantity.upper_bound) == ("at least", False)


@pytest.mark.parametrize(
    ("idea", "statement"),
    [
        (
            "Greet every customer within ten seconds of reaching the counter",
            "Staff greet every customer within 10 seconds of reaching the counter.",
        ),
        (
            "Let staff approve refunds up to fifty pounds",
            "Staff may approve refunds up to 50 pounds.",
        ),
        ("We should call back within 24 hours!", "Staff call back within 24 hours."),
        (
            "A friendly greeting at the door for every customer",
            "Staff provide a friendly greeting at the door for every customer.",
        ),
        ("Always thank the customer", "Staff always thank the customer."),
        ("Reply within a day", "Staff reply within a day."),
        ("", ""),
    ],
)
def test_statements_are_worded_like_a_policy(idea, statement):
    assert standard_statement(idea) == statement
