"""Corroborate's foundation: the settings object, user-facing errors, offline mode. Every stage imports it."""
