"""One function per thing a navigator does (add a survivor, edit case facts, ...): forms,
importers and handovers all write through these. Each writes and flushes; the caller
commits and saves the vault."""
