"""One function per thing a navigator does. Each validates with its record kind's validator
(:mod:`caseload.validators`), raises :class:`caseload.validation.Rejected` and writes
nothing when a value is refused, and otherwise writes and flushes (the caller commits
and saves the vault). Forms, importers and handovers all call these."""
