"""Log lines that stay one line: a traceback is folded onto the line of its event (` | ` between lines),
so every event is one record for journald, grep and Sentry breadcrumbs alike."""
import logging


class OneLineFormatter(logging.Formatter):
    def format(self, record):
        return super().format(record).replace("\r", "").replace("\n", " | ")
