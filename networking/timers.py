"""PLACEHOLDER (helper E): when systemd starts the networking app's scheduled commands."""


def register_timers():
    pass
