"""Strategies of negotiating parties and mediators, registered by name with declared traits."""
