"""Runs at scale: simulations, scores, tournaments on local processes or a Dask cluster."""
