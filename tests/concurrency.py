"""Run work in threads that all start at the same moment, each on its own database connection.

Concurrency tests need PostgreSQL (row locks) and `django_db(transaction=True)`, so that what one
thread commits the others can see.
"""
import threading

from django.db import connection


def at_once(work, args_list):
    """Call `work(*args)` for each args in its own thread, released together by a barrier.

    Returns one result per thread, in order: what `work` returned, or the exception it raised.
    """
    barrier = threading.Barrier(len(args_list))
    results = [None] * len(args_list)

    def run(index, args):
        barrier.wait()
        try:
            results[index] = work(*args)
        except Exception as error:  # reported to the test, which asserts on it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, args)) for i, args in enumerate(args_list)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
