"""Run work in threads that all start at the same moment, each on its own database connection.

Concurrency tests need PostgreSQL (row locks) and `django_db(transaction=True)`, so that what one
thread commits the others can see.
"""
import threading
import traceback

from django.db import connection


class ThreadFailed(AssertionError):
    """A thread raised: an outcome the test did not expect (expected ones are caught inside `work`)."""


def at_once(work, args_list):
    """Call `work(*args)` for each args in its own thread, released together by a barrier.

    Returns what `work` returned, one result per thread, in order. When any thread raises, the test
    fails with every thread's traceback: `work` catches the refusals it expects (a ValidationError,
    a budget exhausted) and returns them as outcomes, so a crash in one thread out of twenty is never
    swallowed.
    """
    barrier = threading.Barrier(len(args_list))
    results = [None] * len(args_list)
    failures = []

    def run(index, args):
        barrier.wait()
        try:
            results[index] = work(*args)
        except BaseException as error:  # reported to the test below, never swallowed
            failures.append(f"thread {index} {args!r}:\n" + "".join(traceback.format_exception(error)))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, args)) for i, args in enumerate(args_list)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise ThreadFailed(f"{len(failures)} of {len(args_list)} threads raised:\n" + "\n".join(failures))
    return results
