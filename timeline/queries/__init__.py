"""The questions a timeline answers, one module per family of them.

Each module adds one family to the chain of classes :class:`~timeline.Timeline`
inherits: names (:mod:`.entities`), people on a date (:mod:`.people`), rosters
over spans and between dates (:mod:`.comparisons`), organisations, lawsuits and
flows (:mod:`.organizations`), and provenance (:mod:`.provenance`). The facade
itself keeps the log, its stores and its files."""
