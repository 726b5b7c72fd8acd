"""A deterministic caseload of fictional survivors, for the demo and the benchmark."""

#: The one default seed: the demo command, the benchmark and the golden files use it.
DEFAULT_SEED = 2026
