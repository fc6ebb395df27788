"""Negotiation protocols: the rules only, each a generator of immutable events."""
