"""Running the portal in production: backup and restore, the audit log, limits on files and text, rate
limits, log hygiene, security headers and the static-files fallback (issue 14). See SECURITY.md."""
