"""The model: dates and their precision, certainty, money, sources, events and
their catalogue, ranks, and the errors every layer raises."""
