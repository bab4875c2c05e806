"""Exports: spreadsheets people open safely (CSV and XLSX) and the admin lists exported as their filters show them."""
