"""Small statistics over timings: percentiles and summaries in milliseconds."""
import time


def percentile(values, q):
    """The q-th percentile (0-100) of `values`, linear between closest ranks; None when empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = (len(ordered) - 1) * q / 100.0
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def ms(seconds):
    return None if seconds is None else round(seconds * 1000.0, 1)


def summarize(seconds):
    """Median, p95 and mean of durations given in seconds, as milliseconds."""
    return {
        "n": len(seconds),
        "median_ms": ms(percentile(seconds, 50)),
        "p95_ms": ms(percentile(seconds, 95)),
        "mean_ms": ms(sum(seconds) / len(seconds)) if seconds else None,
    }


def latency_summary(seconds):
    """p50, p95 and p99 of request latencies given in seconds, as milliseconds."""
    return {"p50_ms": ms(percentile(seconds, 50)), "p95_ms": ms(percentile(seconds, 95)),
            "p99_ms": ms(percentile(seconds, 99)), "max_ms": ms(max(seconds)) if seconds else None}


def timed(function, *args, **kwargs):
    """(result, seconds) of one call, timed with perf_counter."""
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started
