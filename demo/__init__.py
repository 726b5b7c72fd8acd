"""A deterministic caseload of fictional survivors, for the demo and the benchmark."""
