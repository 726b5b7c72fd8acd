"""One validator per kind of record (:mod:`caseload.validation.records`), and the parsing
of single values they share (:mod:`caseload.validation.values`)."""
