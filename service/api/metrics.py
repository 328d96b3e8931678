"""GET /metrics in Prometheus' text format, and the counts behind it.

Requests by route, method and status; request durations (histogram); documents
answered or rejected and the quotations found, by type; the models' loading
time and each worker's resident memory.  Under gunicorn with several workers
the counts of all workers are added up (prometheus_client's multiprocess mode,
see service/metrics_store.py); in one process they are kept in memory.

The metrics are created on first use, in the worker (never in the gunicorn
master, whose modules the workers inherit).
"""
import os
import threading
import time

from flask import Response, g, request
from flask.views import MethodView
from flask_smorest import Blueprint

from service import metrics_store

blp = Blueprint("metrics", __name__, description="Prometheus metrics.")

DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)
UNMATCHED = "unmatched"          # the route label of requests no route takes (404s)

_metrics = None
_lock = threading.Lock()


class Metrics:
    def __init__(self):
        from prometheus_client import Counter, Gauge, Histogram

        self.requests = Counter("citations_http_requests_total", "HTTP requests answered.",
                                ["method", "route", "status"])
        self.duration = Histogram("citations_http_request_duration_seconds",
                                  "Time to answer an HTTP request (to its first byte when "
                                  "streamed).", ["method", "route"], buckets=DURATION_BUCKETS)
        self.documents = Counter("citations_documents_total",
                                 "Documents read: answered, or rejected (too long, not French, "
                                 "bad fields in a batch, processing time limit).",
                                 ["endpoint", "outcome"])
        self.quotes = Counter("citations_quotations_total", "Quotations found, by type.",
                              ["type"])
        self.model_load = Gauge("citations_model_load_seconds",
                                "Time the worker took to load the models.",
                                multiprocess_mode="liveall")
        self.rss = Gauge("citations_worker_resident_memory_bytes",
                         "Resident memory of the worker (as of its latest request).",
                         multiprocess_mode="liveall")


def metrics():
    """The process's metrics, created on first use."""
    global _metrics
    if _metrics is None:
        with _lock:
            if _metrics is None:
                _metrics = Metrics()
    return _metrics


def resident_bytes():
    """This process's resident memory, from /proc (0 where there is none)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def count_documents(endpoint, outcome, number=1):
    metrics().documents.labels(endpoint=endpoint, outcome=outcome).inc(number)


def count_answer(endpoint, answer):
    """One document answered, and its quotations."""
    count_documents(endpoint, "answered")
    by_type = {}
    for quote in answer.get("quotes", ()):
        by_type[quote["type"]] = by_type.get(quote["type"], 0) + 1
    for kind, number in by_type.items():
        metrics().quotes.labels(type=kind).inc(number)


def record_model_load(seconds):
    metrics().model_load.set(seconds)
    metrics().rss.set(resident_bytes())


def start_timer():
    g.metrics_started = time.perf_counter()


def record_request(response):
    started = g.pop("metrics_started", None)
    rule = request.url_rule.rule if request.url_rule is not None else UNMATCHED
    m = metrics()
    m.requests.labels(method=request.method, route=rule, status=str(response.status_code)).inc()
    if started is not None:
        m.duration.labels(method=request.method, route=rule).observe(time.perf_counter() - started)
    m.rss.set(resident_bytes())
    return response


def register_metrics(app):
    app.before_request(start_timer)
    app.after_request(record_request)


def exposition():
    """(body, content type) of the metrics of every worker."""
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

    metrics().rss.set(resident_bytes())
    path = metrics_store.folder()
    if path is None:
        return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=path)
    return generate_latest(registry), CONTENT_TYPE_LATEST


@blp.route("/metrics")
class MetricsView(MethodView):
    @blp.doc(summary="Prometheus metrics",
             description="The counts of every worker, in Prometheus' text format: requests by "
                         "route and status, durations, documents and quotations, model loading "
                         "time, workers' resident memory.",
             responses={200: {"description": "Prometheus text format 0.0.4.",
                                "content": {"text/plain": {"schema": {"type": "string"},
                                                           "example": "citations_documents_total"
                                                                      "{endpoint=\"quotes\","
                                                                      "outcome=\"answered\"} "
                                                                      "12.0\n"}}}})
    def get(self):
        body, content_type = exposition()
        return Response(body, content_type=content_type)
