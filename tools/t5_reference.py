#!/usr/bin/env python3
"""Independent reference for the T5 encoder pair classifier (tests/Agent.Tests/Models/T5Parity).

Writes two small T5 checkpoint folders (config.json, model.safetensors with Hugging Face names and a trained-looking
classifier) and, for fixed padded inputs, the encoder's final states and the mean-pooled classifier logits. The forward
pass is written here from the definitions in Hugging Face's modeling_t5 (T5LayerNorm: RMS without mean or bias;
bidirectional relative-position buckets, the first block's bias table shared by every block; no 1/sqrt(d) scaling of
q.k; ReLU or gated-GELU (tanh approximation) feed-forward; a final norm), not imported, so the C# model is compared
with a second implementation:
  - "gated": a full T5ForConditionalGeneration checkpoint (decoder tensors, and encoder.embed_tokens beside shared,
    which the encoder must ignore), gated-gelu, d_kv 6 (not d_model / heads), bf16 weights;
  - "relu": a T5EncoderModel checkpoint, ReLU feed-forward, fp16 weights.
The inputs are long enough (14 tokens, relative_attention_max_distance 12) to reach the exact, logarithmic and clamped
buckets. The script also prints how far a few plausible mistakes move the outputs, to show the fixture tells them apart.

Needs only Debian's python3-torch: /usr/bin/python3 tools/t5_reference.py, then commit the folders. CI never runs it.
"""
import json
import math
import os

import torch

from llama_reference import rms_norm as t5_layer_norm  # the same RMS norm: x / sqrt(mean(x^2) + eps) in fp32, times w
from llama_reference import write_safetensors

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "Agent.Tests", "Models", "T5Parity")
VOCAB = 48
PAD = 0
EOS = 1
INPUTS = [[17, 33, 5, 46, 9, 40, 12, 8, 1, 21, 44, 3, 38, 1],
          [8, 21, 44, 3, 1, 30, 7, 1, PAD, PAD, PAD, PAD, PAD, PAD]]

BASE = dict(model_type="t5", vocab_size=VOCAB, d_model=16, num_layers=2, num_decoder_layers=1, num_heads=4,
            relative_attention_num_buckets=8, relative_attention_max_distance=12, dropout_rate=0.1,
            layer_norm_epsilon=1e-6, initializer_factor=1.0, tie_word_embeddings=False, pad_token_id=PAD,
            eos_token_id=EOS, decoder_start_token_id=PAD)

VARIANTS = {
    "gated": dict(config=dict(BASE, architectures=["T5ForConditionalGeneration"], d_kv=6, d_ff=24,
                              feed_forward_proj="gated-gelu", is_encoder_decoder=True),
                  dtype=torch.bfloat16, full=True),
    "relu": dict(config=dict(BASE, architectures=["T5EncoderModel"], d_kv=4, d_ff=24, feed_forward_proj="relu"),
                 dtype=torch.float16, full=False),
}


def shapes(c, full):
    h, inner, f = c["d_model"], c["num_heads"] * c["d_kv"], c["d_ff"]
    gated = c["feed_forward_proj"].startswith("gated-")
    out = [("shared.weight", (c["vocab_size"], h))]
    for i in range(c["num_layers"]):
        p = f"encoder.block.{i}.layer."
        out += [(p + "0.SelfAttention.q.weight", (inner, h)), (p + "0.SelfAttention.k.weight", (inner, h)),
                (p + "0.SelfAttention.v.weight", (inner, h)), (p + "0.SelfAttention.o.weight", (h, inner))]
        if i == 0:
            out += [(p + "0.SelfAttention.relative_attention_bias.weight", (c["relative_attention_num_buckets"], c["num_heads"]))]
        out += [(p + "0.layer_norm.weight", (h,))]
        out += [(p + "1.DenseReluDense.wi_0.weight", (f, h)), (p + "1.DenseReluDense.wi_1.weight", (f, h))] if gated \
            else [(p + "1.DenseReluDense.wi.weight", (f, h))]
        out += [(p + "1.DenseReluDense.wo.weight", (h, f)), (p + "1.layer_norm.weight", (h,))]
    out += [("encoder.final_layer_norm.weight", (h,))]
    if full:
        out += [("decoder.block.0.layer.0.SelfAttention.q.weight", (inner, h)), ("decoder.final_layer_norm.weight", (h,))]
    out += [("classifier.weight", (2, h)), ("classifier.bias", (2,))]
    return out


def random_weights(c, dtype, full, seed):
    g = torch.Generator().manual_seed(seed)
    weights = {}
    for name, shape in shapes(c, full):
        t = torch.randn(shape, generator=g)
        if name.endswith("norm.weight"):
            t = 1.0 + 0.1 * t
        elif name.endswith("relative_attention_bias.weight"):
            t = 1.0 * t     # strong enough that a wrong bucket shows
        else:
            t = 0.3 * t
        weights[name] = t.to(dtype)
    if full:
        weights["encoder.embed_tokens.weight"] = weights["shared.weight"].clone()  # the same table under its second name
    return weights


def relative_buckets(length, num_buckets, max_distance):
    """T5's bidirectional buckets of key position minus query position."""
    relative = torch.arange(length)[None, :] - torch.arange(length)[:, None]
    half = num_buckets // 2
    bucket = (relative > 0).long() * half
    distance = relative.abs()
    exact = half // 2
    spread = torch.log(distance.float() / exact) / math.log(max_distance / exact) * (half - exact)
    far = torch.clamp(exact + spread.long(), max=half - 1)
    return bucket + torch.where(distance < exact, distance, far)


def gelu_tanh(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))


def linear(x, w):
    return x @ w.float().t()


def forward(c, w, ids, mask, mistake=None):
    bsz, length = ids.shape
    heads, d, eps = c["num_heads"], c["d_kv"], c["layer_norm_epsilon"]
    gated = c["feed_forward_proj"].startswith("gated-")
    x = w["shared.weight"].float()[ids]
    table = w["encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"].float()
    buckets = relative_buckets(length, c["relative_attention_num_buckets"], c["relative_attention_max_distance"])
    position = table[buckets].permute(2, 0, 1)[None]                                      # (1, H, T, T)
    if mistake == "no relative bias":
        position = torch.zeros_like(position)
    if mistake == "unidirectional buckets":                                                  # keys after the query share the lower half
        position = table[relative_buckets(length, c["relative_attention_num_buckets"] // 2, c["relative_attention_max_distance"]) % (c["relative_attention_num_buckets"] // 2)].permute(2, 0, 1)[None]
    padding = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    for i in range(c["num_layers"]):
        p = f"encoder.block.{i}.layer."
        bias = position + padding
        if mistake == "bias in the first block only" and i > 0:
            bias = padding
        a = t5_layer_norm(x, w[p + "0.layer_norm.weight"], eps)
        q, k, v = (linear(a, w[p + f"0.SelfAttention.{n}.weight"]).view(bsz, length, heads, d).transpose(1, 2) for n in "qkv")
        scores = q @ k.transpose(-1, -2)
        if mistake == "scaled by 1/sqrt(d)":
            scores = scores / math.sqrt(d)
        ctx = (torch.softmax(scores + bias, dim=-1) @ v).transpose(1, 2).reshape(bsz, length, heads * d)
        x = x + linear(ctx, w[p + "0.SelfAttention.o.weight"])
        m = t5_layer_norm(x, w[p + "1.layer_norm.weight"], eps)
        if gated:
            act = torch.nn.functional.gelu if mistake == "exact gelu" else gelu_tanh
            hidden = act(linear(m, w[p + "1.DenseReluDense.wi_0.weight"])) * linear(m, w[p + "1.DenseReluDense.wi_1.weight"])
        else:
            hidden = torch.relu(linear(m, w[p + "1.DenseReluDense.wi.weight"]))
        x = x + linear(hidden, w[p + "1.DenseReluDense.wo.weight"])
    states = t5_layer_norm(x, w["encoder.final_layer_norm.weight"], eps)
    if mistake == "layer norm with mean":
        centred = x - x.mean(-1, keepdim=True)
        states = t5_layer_norm(centred, w["encoder.final_layer_norm.weight"], eps)
    real = mask[:, :, None].float()
    pooled = (states * real).sum(1) / real.sum(1)                                            # mean over real tokens
    logits = pooled @ w["classifier.weight"].float().t() + w["classifier.bias"].float()
    return states, logits


def main():
    ids = torch.tensor(INPUTS)
    mask = (ids != PAD).long()
    mistakes = ["no relative bias", "unidirectional buckets", "bias in the first block only", "scaled by 1/sqrt(d)",
                "exact gelu", "layer norm with mean"]
    for seed, (name, variant) in enumerate(VARIANTS.items()):
        c, folder = variant["config"], os.path.join(OUT, name)
        os.makedirs(folder, exist_ok=True)
        weights = random_weights(c, variant["dtype"], variant["full"], seed + 21)
        write_safetensors(os.path.join(folder, "model.safetensors"), weights)
        with open(os.path.join(folder, "config.json"), "w") as f:
            json.dump(c, f, indent=2)
        states, logits = forward(c, weights, ids, mask)
        real = [[[round(v, 6) for v in states[b, t].tolist()] for t in range(int(mask[b].sum()))] for b in range(len(INPUTS))]
        expected = dict(input_ids=INPUTS, attention_mask=mask.tolist(), logits=[[round(v, 7) for v in row] for row in logits.tolist()],
                        hidden_states=real)
        with open(os.path.join(folder, "expected.json"), "w") as f:
            json.dump(expected, f, separators=(",", ":"))
        print(name, "logits", logits.tolist())
        for mistake in mistakes:
            if mistake == "exact gelu" and not c["feed_forward_proj"].startswith("gated-"):
                continue
            wrong_states, wrong_logits = forward(c, weights, ids, mask, mistake)
            print(f"  {mistake}: states move by up to {(wrong_states - states).abs().max().item():.3g}, logits by {(wrong_logits - logits).abs().max().item():.3g}")


if __name__ == "__main__":
    main()
