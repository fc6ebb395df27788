"""The scenario model: parties, documents, preferences, rules and the record, and its compiled numeric form."""
