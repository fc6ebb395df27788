"""Exact analysis of a scenario: agreement zone, Pareto frontier, bargaining solutions."""
