#!/usr/bin/env python3
"""Independent reference for the Llama-family decoder classifier (tests/Agent.Tests/Models/DecoderParity).

Writes small checkpoint folders (config.json, model.safetensors with Hugging Face names) and, for fixed inputs, the
final hidden states and score logits that Hugging Face's LlamaForSequenceClassification / Qwen2 / Mistral compute.
The forward pass is written here from the modeling code's definitions (RMSNorm in fp32, rotate-half rotary embeddings
with the llama3 frequency scaling, repeat_kv grouped-query attention, SwiGLU, causal + padding + sliding-window mask,
score on the last non-padding token), not imported, so the C# model is compared with a second implementation.

Needs only Debian's python3-torch (no transformers, no safetensors package): run
    /usr/bin/python3 tools/llama_reference.py
and commit the folders it writes. CI never runs it; the C# test reads its output.
"""
import json
import math
import os
import struct

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "Agent.Tests", "Models", "DecoderParity")
VOCAB = 64
PAD = 0
INPUTS = [[1, 17, 33, 5, 62, 9, 40], [1, 8, 21, 44, 3, PAD, PAD]]

VARIANTS = {
    # GQA (4 query heads over 2 key/value heads), an explicit head_dim of 6 (3 rotary frequencies) and Llama 3 scaling
    # set so the three frequencies fall in its three bands (kept, blended, divided). fp32 weights.
    "llama": dict(
        config=dict(model_type="llama", architectures=["LlamaForCausalLM"], vocab_size=VOCAB, hidden_size=16,
                    intermediate_size=32, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, head_dim=6,
                    hidden_act="silu", rms_norm_eps=1e-5, rope_theta=1000.0, max_position_embeddings=128,
                    rope_scaling=dict(rope_type="llama3", factor=8.0, low_freq_factor=1.0, high_freq_factor=8.0,
                                      original_max_position_embeddings=64),
                    attention_bias=False, mlp_bias=False, tie_word_embeddings=True, pad_token_id=PAD, bos_token_id=1,
                    eos_token_id=2),
        dtype=torch.float32),
    # Qwen2: biases on q/k/v only; bf16 weights.
    "qwen2": dict(
        config=dict(model_type="qwen2", architectures=["Qwen2ForCausalLM"], vocab_size=VOCAB, hidden_size=16,
                    intermediate_size=32, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
                    hidden_act="silu", rms_norm_eps=1e-6, rope_theta=10000.0, max_position_embeddings=128,
                    rope_scaling=None, use_sliding_window=False, tie_word_embeddings=False, pad_token_id=PAD,
                    bos_token_id=1, eos_token_id=2),
        dtype=torch.bfloat16),
    # Mistral: a sliding window of 3 positions; fp16 weights.
    "mistral": dict(
        config=dict(model_type="mistral", architectures=["MistralForCausalLM"], vocab_size=VOCAB, hidden_size=16,
                    intermediate_size=32, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=1,
                    hidden_act="silu", rms_norm_eps=1e-5, rope_theta=10000.0, max_position_embeddings=128,
                    sliding_window=3, tie_word_embeddings=False, pad_token_id=PAD, bos_token_id=1, eos_token_id=2),
        dtype=torch.float16),
}


def shapes(c):
    h, d = c["hidden_size"], c.get("head_dim") or c["hidden_size"] // c["num_attention_heads"]
    q, kv, f = c["num_attention_heads"] * d, c["num_key_value_heads"] * d, c["intermediate_size"]
    qkv_bias = c["model_type"] == "qwen2" or c.get("attention_bias", False)
    o_bias = c["model_type"] != "qwen2" and c.get("attention_bias", False)
    out = [("model.embed_tokens.weight", (c["vocab_size"], h))]
    for i in range(c["num_hidden_layers"]):
        p = f"model.layers.{i}."
        out += [(p + "self_attn.q_proj.weight", (q, h)), (p + "self_attn.k_proj.weight", (kv, h)),
                (p + "self_attn.v_proj.weight", (kv, h)), (p + "self_attn.o_proj.weight", (h, q))]
        if qkv_bias:
            out += [(p + "self_attn.q_proj.bias", (q,)), (p + "self_attn.k_proj.bias", (kv,)),
                    (p + "self_attn.v_proj.bias", (kv,))]
        if o_bias:
            out += [(p + "self_attn.o_proj.bias", (h,))]
        out += [(p + "mlp.gate_proj.weight", (f, h)), (p + "mlp.up_proj.weight", (f, h)),
                (p + "mlp.down_proj.weight", (h, f)), (p + "input_layernorm.weight", (h,)),
                (p + "post_attention_layernorm.weight", (h,))]
    out += [("model.norm.weight", (h,))]
    if not c["tie_word_embeddings"]:
        out += [("lm_head.weight", (c["vocab_size"], h))]
    out += [("score.weight", (2, h))]
    return out


def random_weights(c, dtype, seed):
    g = torch.Generator().manual_seed(seed)
    weights = {}
    for name, shape in shapes(c):
        if name.endswith("norm.weight") or name.endswith("layernorm.weight"):
            t = 1.0 + 0.1 * torch.randn(shape, generator=g)
        else:
            # Wide enough that the logits are of order one, so a tolerance of 1e-4 means something.
            t = 0.3 * torch.randn(shape, generator=g)
        weights[name] = t.to(dtype)
    return weights


def write_safetensors(path, tensors):
    names = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        raw = t.contiguous().view(torch.uint8).numpy().tobytes() if t.dtype != torch.float32 else t.contiguous().numpy().tobytes()
        header[name] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":"))
    text += " " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text.encode())
        for raw in blobs:
            f.write(raw)


def rms_norm(x, w, eps):
    x32 = x.float()
    return w.float() * (x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + eps))


def inverse_frequencies(c, d):
    inv = 1.0 / (c["rope_theta"] ** (torch.arange(0, d, 2, dtype=torch.int64).float() / d))
    s = c.get("rope_scaling")
    if not s:
        return inv
    if s["rope_type"] == "linear":
        return inv / s["factor"]
    factor, low, high, old = s["factor"], s["low_freq_factor"], s["high_freq_factor"], s["original_max_position_embeddings"]
    wavelen = 2 * math.pi / inv
    low_wavelen, high_wavelen = old / low, old / high
    scaled = torch.where(wavelen > low_wavelen, inv / factor, inv)
    smooth = (old / wavelen - low) / (high - low)
    blended = (1 - smooth) * scaled / factor + smooth * scaled
    medium = ~(wavelen < high_wavelen) & ~(wavelen > low_wavelen)
    return torch.where(medium, blended, scaled)


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def linear(x, w, b=None):
    y = x @ w.float().t()
    return y + b.float() if b is not None else y


def forward(c, w, ids, mask):
    h, heads, kv = c["hidden_size"], c["num_attention_heads"], c["num_key_value_heads"]
    d = c.get("head_dim") or h // heads
    bsz, length = ids.shape
    x = w["model.embed_tokens.weight"].float()[ids]
    pos = torch.arange(length).float()
    angles = torch.outer(pos, inverse_frequencies(c, d))
    emb = torch.cat((angles, angles), dim=-1)
    cos, sin = emb.cos(), emb.sin()
    i = torch.arange(length)[:, None]
    j = torch.arange(length)[None, :]
    allowed = (j <= i)
    window = c.get("sliding_window") if c["model_type"] == "mistral" else None
    if window is not None:
        allowed = allowed & (i - j < window)
    allowed = allowed[None, None] & mask.bool()[:, None, None, :]
    bias = torch.zeros(allowed.shape).masked_fill(~allowed, torch.finfo(torch.float32).min)
    for layer in range(c["num_hidden_layers"]):
        p = f"model.layers.{layer}."
        get = lambda n: w.get(p + n)
        a = rms_norm(x, get("input_layernorm.weight"), c["rms_norm_eps"])
        q = linear(a, get("self_attn.q_proj.weight"), get("self_attn.q_proj.bias")).view(bsz, length, heads, d).transpose(1, 2)
        k = linear(a, get("self_attn.k_proj.weight"), get("self_attn.k_proj.bias")).view(bsz, length, kv, d).transpose(1, 2)
        v = linear(a, get("self_attn.v_proj.weight"), get("self_attn.v_proj.bias")).view(bsz, length, kv, d).transpose(1, 2)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        rep = heads // kv
        k = k[:, :, None].expand(bsz, kv, rep, length, d).reshape(bsz, heads, length, d)
        v = v[:, :, None].expand(bsz, kv, rep, length, d).reshape(bsz, heads, length, d)
        scores = q @ k.transpose(-1, -2) / math.sqrt(d) + bias
        ctx = (torch.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(bsz, length, heads * d)
        x = x + linear(ctx, get("self_attn.o_proj.weight"), get("self_attn.o_proj.bias"))
        m = rms_norm(x, get("post_attention_layernorm.weight"), c["rms_norm_eps"])
        gate = linear(m, get("mlp.gate_proj.weight"))
        x = x + linear(torch.nn.functional.silu(gate) * linear(m, get("mlp.up_proj.weight")), get("mlp.down_proj.weight"))
    states = rms_norm(x, w["model.norm.weight"], c["rms_norm_eps"])
    logits = linear(states, w["score.weight"])
    # Hugging Face: the rightmost token that is not padding.
    last = (torch.arange(length)[None, :] * (ids != c["pad_token_id"])).argmax(-1)
    return states, logits[torch.arange(bsz), last]


def main():
    ids = torch.tensor(INPUTS)
    mask = (ids != PAD).long()
    for seed, (name, variant) in enumerate(VARIANTS.items()):
        c, folder = variant["config"], os.path.join(OUT, name)
        os.makedirs(folder, exist_ok=True)
        weights = random_weights(c, variant["dtype"], seed + 1)
        write_safetensors(os.path.join(folder, "model.safetensors"), weights)
        with open(os.path.join(folder, "config.json"), "w") as f:
            json.dump(c, f, indent=2)
        states, logits = forward(c, weights, ids, mask)
        real = [[[round(v, 7) for v in states[b, t].tolist()] for t in range(int(mask[b].sum()))] for b in range(len(INPUTS))]
        expected = dict(input_ids=INPUTS, attention_mask=mask.tolist(), logits=[[round(v, 7) for v in row] for row in logits.tolist()],
                        hidden_states=real)
        with open(os.path.join(folder, "expected.json"), "w") as f:
            json.dump(expected, f)
        print(name, "logits", logits.tolist())


if __name__ == "__main__":
    main()
