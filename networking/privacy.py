"""PLACEHOLDER (helper G): the networking app's entries in the retention schedule."""


def register_schedule():
    pass
