"""The tokenizer's BiLSTMs run on padded batches, one fused call per direction.

Stanza's tokenizer feeds its two character BiLSTMs packed sequences.  On a CPU,
torch runs a packed LSTM one time step at a time (a handful of small operations
per character), while a padded batch goes to oneDNN's fused LSTM kernel.  With
64 units over paragraphs of hundreds of characters the per-step overhead is
most of the work: on article-sized texts the tokenizer takes about a quarter to
a third less time.  Padding would change a bidirectional LSTM's backward
direction (it would start on the padding), so each direction runs as its own
forward LSTM, the backward one over each sequence reversed within its own
length; sequences of similar lengths are batched together so that little
padding is computed, and a sequence alone runs as it is.  Same weights, same
arithmetic per step: the tokens and sentences found are those of Stanza's own
path (a test compares them).
"""
from torch import nn
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence

LSTM_ATTRIBUTES = ("rnn", "rnn2")     # the tokenizer model's BiLSTMs
# a batch is cut into groups of sequences whose lengths differ by less than this share
PADDING_SHARE = 0.2


def _one_direction(lstm, suffix):
    """A one-layer forward LSTM sharing one direction's weights of a bidirectional LSTM."""
    single = nn.LSTM(lstm.input_size, lstm.hidden_size, batch_first=True, bias=lstm.bias)
    for name in ("weight_ih_l0", "weight_hh_l0") + (("bias_ih_l0", "bias_hh_l0") if lstm.bias else ()):
        setattr(single, name, getattr(lstm, name + suffix))
    return single.eval()


def _reversal_index(lengths, steps, width):
    """For each sequence, the gather index that reverses its first `length` steps and keeps the padding."""
    import torch

    positions = torch.arange(steps).unsqueeze(0)
    lengths = lengths.unsqueeze(1)
    reverse = torch.where(positions < lengths, lengths - 1 - positions, positions)
    return reverse.unsqueeze(2).expand(-1, -1, width)


class PaddedBiLSTM(nn.Module):
    """Wraps a one-layer bidirectional LSTM given packed input; same outputs, fused kernels."""

    def __init__(self, lstm):
        super().__init__()
        self.lstm = lstm
        self.forward_lstm = _one_direction(lstm, "")
        self.backward_lstm = _one_direction(lstm, "_reverse")

    def forward(self, packed, hx=None):
        if self.training or hx is not None or not isinstance(packed, PackedSequence):
            return self.lstm(packed, hx)
        padded, lengths = pad_packed_sequence(packed, batch_first=True)
        output = padded.new_zeros(padded.size(0), padded.size(1), 2 * self.lstm.hidden_size)
        for rows in _similar_lengths(lengths):
            steps = int(lengths[rows].max())
            output[rows, :steps] = self._both_directions(padded[rows, :steps], lengths[rows])
        repacked = pack_padded_sequence(output, lengths, batch_first=True,
                                        enforce_sorted=packed.sorted_indices is None)
        return repacked, None

    def _both_directions(self, padded, lengths):
        import torch

        if len(lengths) == 1:          # nothing padded: the bidirectional LSTM as it is, fused
            return self.lstm(padded)[0]
        forward_out, _ = self.forward_lstm(padded)
        index = _reversal_index(lengths, padded.size(1), padded.size(2))
        backward_out, _ = self.backward_lstm(padded.gather(1, index))
        backward_out = backward_out.gather(1, index[:, :, :1].expand(-1, -1, backward_out.size(2)))
        return torch.cat([forward_out, backward_out], 2)


def _similar_lengths(lengths):
    """Groups of sequences (index lists) whose lengths are within PADDING_SHARE of the group's longest,
    so that the padding computed stays small."""
    order = sorted(range(len(lengths)), key=lambda i: -int(lengths[i]))
    groups, longest = [], None
    for i in order:
        if longest is None or int(lengths[i]) < (1 - PADDING_SHARE) * longest:
            groups.append([])
            longest = int(lengths[i])
        groups[-1].append(i)
    return groups


def suitable(lstm):
    return (isinstance(lstm, nn.LSTM) and lstm.bidirectional and lstm.num_layers == 1
            and lstm.batch_first and not lstm.proj_size)


def install(pipeline):
    """Wrap the loaded tokenizer's BiLSTMs; returns how many were wrapped."""
    model = pipeline.processors["tokenize"].trainer.model
    wrapped = 0
    for name in LSTM_ATTRIBUTES:
        lstm = getattr(model, name, None)
        if suitable(lstm):
            setattr(model, name, PaddedBiLSTM(lstm))
            wrapped += 1
    return wrapped


def uninstall(pipeline):
    """Put Stanza's own LSTMs back (to compare with)."""
    model = pipeline.processors["tokenize"].trainer.model
    for name in LSTM_ATTRIBUTES:
        lstm = getattr(model, name, None)
        if isinstance(lstm, PaddedBiLSTM):
            setattr(model, name, lstm.lstm)


def switch(pipeline, on):
    """Padded batches in fused kernels (on), or Stanza's packed LSTMs (off)."""
    if on:
        install(pipeline)
    else:
        uninstall(pipeline)
