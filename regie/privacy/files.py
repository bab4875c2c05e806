"""Removing stored files (invoices, cheque PDFs) only once the transaction that forgot them has committed,
so a rollback never leaves a row pointing at a deleted file."""
import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def delete_after_commit(storage, names):
    names = [name for name in names if name]
    if not names:
        return

    def delete():
        for name in names:
            try:
                storage.delete(name)
            except Exception:  # a file already gone, or storage away: the row no longer points at it
                logger.warning("Could not delete the stored file %s", name, exc_info=True)

    transaction.on_commit(delete, robust=True)
