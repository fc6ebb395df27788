"""The scenario model: parties, documents, preferences, rules, the record, and the compiled numeric form."""
