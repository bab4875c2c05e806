"""gunicorn's settings, from the portal's environment file (GUNICORN_BIND, GUNICORN_WORKERS).

Used by deploy/systemd/portal-web.service: gunicorn regie.wsgi --config deploy/gunicorn.conf.py
"""
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
worker_class = "sync"
timeout = 60  # a batch of cheque PDFs takes seconds, not minutes
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then
max_requests_jitter = 200
forwarded_allow_ips = "127.0.0.1,::1"
# One line per request, with the request id that nginx sends and Django logs beside its own lines.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms [%({x-request-id}o)s]'


def post_worker_init(worker):
    """Each worker, once it has loaded the portal, warms what its first request would otherwise wait for (the
    PDF renderer: regie/ops/warmup.py), before it accepts requests."""
    from regie.ops import warmup  # noqa: PLC0415 late: Django is set up only once the worker has loaded regie.wsgi

    warmup.run()
