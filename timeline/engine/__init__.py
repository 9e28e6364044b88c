"""The engine: the log, corrections and disputes, the folds of tenures, cases
and names, the indices over valid and recorded time, and the projections
that hold them."""
