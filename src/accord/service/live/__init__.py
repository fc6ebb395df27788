"""Live sessions in the service (``docs/live.md``): their records in the database, the one transaction that
changes a session, what each caller sees of one, and the wakeups of their event streams."""
