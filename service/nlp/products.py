"""The parser's large float32 matrix products through numpy's BLAS where it is faster than torch's.

torch's CPU build multiplies float32 matrices with Intel's MKL, which on other
makers' processors can take a slow generic path: on an AMD EPYC (AVX2) the
label scorer's product of ~110 heads with its weights ((110 x 201) x (201 x
11,859)) took 31 ms in torch and 9 ms in numpy's OpenBLAS, one thread each;
on Intel's Xeons MKL is as fast or faster.  So the choice is measured once per
process where the scorers compute in float32, on a product of that shape, and
numpy is used only when clearly faster.  numpy's BLAS is held to torch's thread count (threadpoolctl), as
gunicorn's workers share the cores.
"""
import logging
import time

log = logging.getLogger(__name__)

# a product of the label scorer's shape: heads of a ~300-word batch x hidden, hidden x (hidden x labels)
PROBE_SHAPE = (110, 201, 12000)
PROBE_ROUNDS = 3
CLEARLY_FASTER = 0.8           # numpy only when it takes under this share of torch's time

_numpy = None                  # not measured yet: torch


def matmul(a, b):
    """a @ b of two 2-D tensors, through numpy when it was measured faster here for float32."""
    import torch

    if _numpy and a.dtype == torch.float32 and b.dtype == torch.float32:
        return torch.from_numpy(a.detach().numpy() @ b.detach().numpy())
    return a @ b


def _fastest_seconds(product, a, b, rounds):
    product(a, b)
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        product(a, b)
        best = min(best, time.perf_counter() - start)
    return best


def numpy_is_faster(threads=1, shape=PROBE_SHAPE, rounds=PROBE_ROUNDS):
    """Whether numpy multiplies float32 matrices of `shape` (m, k, n) clearly faster than torch here,
    torch on `threads` threads (numpy's own count is set by limit_numpy_threads)."""
    import torch

    m, k, n = shape
    generator = torch.Generator().manual_seed(0)
    a, b = torch.randn(m, k, generator=generator), torch.randn(k, n, generator=generator)
    saved = torch.get_num_threads()
    torch.set_num_threads(max(1, threads))
    try:
        in_torch = _fastest_seconds(lambda x, y: x @ y, a, b, rounds)
    finally:
        torch.set_num_threads(saved)
    in_numpy = _fastest_seconds(lambda x, y: x @ y, a.numpy(), b.numpy(), rounds)
    return in_numpy < CLEARLY_FASTER * in_torch


def limit_numpy_threads(threads):
    """numpy's BLAS to `threads` threads for the whole process (it starts with one per core)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=max(1, threads), user_api="blas")


def install(threads=1):
    """Measure which library multiplies faster here, with numpy held to `threads`; returns its name."""
    global _numpy
    limit_numpy_threads(threads)
    _numpy = numpy_is_faster(threads)
    library = "numpy" if _numpy else "torch"
    log.info("parser's float32 products through %s", library)
    return library


def library(threads=1):
    """Which library the float32 products go through in this process, measured first (for `threads`
    threads) if need be."""
    if _numpy is None:
        install(threads)
    return "numpy" if _numpy else "torch"


def switch(pipeline, on):
    """numpy (on) or torch (off) for the products, whatever was measured (to compare the two); the
    pipeline argument is the other speed-ups' shape (the choice is the process's)."""
    global _numpy
    _numpy = bool(on)
