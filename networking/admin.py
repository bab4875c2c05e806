"""PLACEHOLDER (helper B): the coordinator's admin for meetings, registrations and introductions."""
