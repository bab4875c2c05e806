"""The enterprise register's rows (KBO open data)."""
