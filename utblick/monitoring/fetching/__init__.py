"""Fetching sources: http (safe GET), parsing (feeds and pages to ParsedItems), storing (deduplicated Items)
and runner (one source, the due round, the preview). See docs/operations.md, "Omvärldsbevakning"."""
