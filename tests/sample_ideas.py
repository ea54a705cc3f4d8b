"""Realistic staff ideas in three obvious themes, shared by the clustering tests."""

THEMES = {
    "refund": [
        "Give a refund without a receipt for small amounts",
        "Refund faulty products on the spot without forms",
        "Let staff approve refunds up to fifty pounds",
        "Money back without a receipt when the card payment shows",
        "Refund without receipt if the customer has the card statement",
    ],
    "queue": [
        "Open another till when the queue is longer than five people",
        "Tell customers how long the wait in the queue will be",
        "Call staff back from break when the queue reaches the door",
        "Put up a sign with the expected queue waiting time",
        "Keep the queue moving at peak times with an extra till",
    ],
    "greet": [
        "Greet every customer at the door with a smile",
        "Say hello within ten seconds of a customer walking in",
        "Greet customers warmly even when you are busy",
        "Smile and greet people as they come in",
        "A friendly greeting at the door for every customer",
    ],
}
