"""The answers: the values queries return (rosters, careers, diffs, flows,
organisation states, histories, lineages, spans) and how they print."""
