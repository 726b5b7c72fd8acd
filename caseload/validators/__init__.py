"""One validator per kind of record: ``validate_<kind>(values, ...) -> list[Problem]``.

Used by the change functions, so the forms and the importers agree by construction."""
