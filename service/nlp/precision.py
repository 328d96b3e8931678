"""The parser's pairwise scorers in bfloat16, on CPUs that compute it natively.

Most of the parser's time goes to its label scorer, a bilinear product of every
word with every other word for each of ~60 relations (Stanza's
PairwiseBilinear).  On a CPU with native bfloat16 (AVX512-BF16 or AMX) those
products run several times faster in bfloat16, and the parse barely moves
(the model card gives the scores both ways).  Elsewhere oneDNN emulates
bfloat16 (on plain AVX-512 it still says bfloat16 is "supported") and the
products run three to four times slower than in float32, so `auto` asks for
the instructions themselves.  Modes: QUOTES_PARSER_BF16 = auto (default), on,
off.
"""
import logging

from service.config import SPEEDUP_MODES as MODES
from service.nlp import patching, products

log = logging.getLogger(__name__)
_SCORER = "stanza.models.common.biaffine.PairwiseBilinear"


def native_bfloat16():
    """Whether this CPU has bfloat16 matrix instructions (AVX512-BF16 or AMX), as torch detects them."""
    import torch

    probes = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    try:
        return any(getattr(torch.cpu, probe)() for probe in probes if hasattr(torch.cpu, probe))
    except RuntimeError:
        return False


def times_weight(input1, bilinear, dtype):
    """input1 (N, L, I) times a PairwiseBilinear's weight (I, J, O) -> (N, L, J, O), as one matrix product
    (einsum routes it through a slower batched product)."""
    return _rows_times(input1, weight_in(bilinear, dtype))


def heads_times_weight(input2, bilinear, dtype):
    """input2 (..., J) times a PairwiseBilinear's weight (I, J, O) on its second side -> (..., I, O)."""
    return _rows_times(input2, weight_in(bilinear, dtype, second_side=True))


def _rows_times(inputs, weight):
    rows = inputs.reshape(-1, inputs.shape[-1]).to(weight.dtype)
    return products.matmul(rows, weight.reshape(weight.shape[0], -1)).view(*inputs.shape[:-1], *weight.shape[1:])


def scorer_dtype():
    """The torch dtype the parser's pairwise scorers compute in, as installed in this process."""
    import torch
    from stanza.models.common.biaffine import PairwiseBilinear

    return torch.bfloat16 if PairwiseBilinear.forward is _bfloat16_forward else torch.float32


def weight_in(bilinear, dtype, second_side=False):
    """A PairwiseBilinear's weight (I, J, O) in `dtype`, or as (J, I, O) with `second_side`, converted
    once per weight version."""
    key = (bilinear.weight.data_ptr(), bilinear.weight._version, dtype)
    cache = bilinear.__dict__.setdefault("_cast_weights", {})
    if second_side not in cache or cache[second_side][0] != key:
        weight = bilinear.weight.detach()
        cache[second_side] = key, (weight.transpose(0, 1) if second_side else weight).to(dtype).contiguous()
    return cache[second_side][1]


def _bfloat16_forward(self, input1, input2):
    """PairwiseBilinear.forward with the two products in bfloat16 (outside training)."""
    import torch

    if self.training:
        return patching.original(_SCORER, "forward")(self, input1, input2)
    intermediate = times_weight(input1, self, torch.bfloat16)
    output = torch.einsum("NLJO,NMJ->NLMO", intermediate, input2.to(torch.bfloat16))
    return output.float() + self.bias


def use_bfloat16(mode):
    """Whether `mode` (auto, on, off) means bfloat16 on this machine."""
    if mode not in MODES:
        raise ValueError(f"QUOTES_PARSER_BF16={mode!r}: use one of {', '.join(MODES)}")
    return mode == "on" or (mode == "auto" and native_bfloat16())


def install(mode="auto"):
    """Set the parser's pairwise scorers to bfloat16 or float32 for this process; returns the choice."""
    bf16 = use_bfloat16(mode)
    if bf16 or patching.is_replaced(_SCORER, "forward"):
        patching.replace(_SCORER, "forward", _bfloat16_forward)
        patching.switch(_SCORER, "forward", bf16)
    log.info("parser scorers in %s (QUOTES_PARSER_BF16=%s)", "bfloat16" if bf16 else "float32", mode)
    return "bfloat16" if bf16 else "float32"
