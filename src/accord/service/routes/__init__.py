"""The service's routes, one module per part of the API; each route's name is its entry in the role table."""
