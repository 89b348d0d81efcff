"""Search tables (filled by the search issue)."""
