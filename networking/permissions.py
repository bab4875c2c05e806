"""PLACEHOLDER (helper B): what the staff groups may do with the networking app's models."""


def grant_permissions():
    pass
