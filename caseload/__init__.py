"""The headless caseload core: data model, categories, queries and the one change
function and validator per record kind. Never imports the rules, exports or the UI."""
