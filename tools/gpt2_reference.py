#!/usr/bin/env python3
"""Independent reference for the GPT-2 decoder classifier (tests/Agent.Tests/Models/DecoderParity/gpt2).

Writes a small GPT2LMHeadModel-layout checkpoint (Conv1D weights stored in × out, learned positions, LayerNorm, tied
embeddings so no lm_head) with a score head, and the final states and logits Hugging Face's
GPT2ForSequenceClassification computes for fixed inputs, from a forward pass written here after its modeling code.
Run with Debian's python3-torch: /usr/bin/python3 tools/gpt2_reference.py. CI never runs it.
"""
import json
import math
import os

import torch

from llama_reference import INPUTS, OUT, PAD, VOCAB, write_safetensors

CONFIG = dict(model_type="gpt2", architectures=["GPT2LMHeadModel"], vocab_size=VOCAB, n_embd=16, n_layer=2, n_head=4,
              n_inner=None, n_positions=32, activation_function="gelu_new", layer_norm_epsilon=1e-5,
              scale_attn_weights=True, tie_word_embeddings=True, pad_token_id=PAD, bos_token_id=1, eos_token_id=2)


def weights(c, seed):
    g = torch.Generator().manual_seed(seed)
    h, f, out = c["n_embd"], 4 * c["n_embd"], {}
    shapes = [("transformer.wte.weight", (c["vocab_size"], h)), ("transformer.wpe.weight", (c["n_positions"], h))]
    for i in range(c["n_layer"]):
        p = f"transformer.h.{i}."
        shapes += [(p + "ln_1.weight", (h,)), (p + "ln_1.bias", (h,)),
                   (p + "attn.c_attn.weight", (h, 3 * h)), (p + "attn.c_attn.bias", (3 * h,)),
                   (p + "attn.c_proj.weight", (h, h)), (p + "attn.c_proj.bias", (h,)),
                   (p + "ln_2.weight", (h,)), (p + "ln_2.bias", (h,)),
                   (p + "mlp.c_fc.weight", (h, f)), (p + "mlp.c_fc.bias", (f,)),
                   (p + "mlp.c_proj.weight", (f, h)), (p + "mlp.c_proj.bias", (h,))]
    shapes += [("transformer.ln_f.weight", (h,)), ("transformer.ln_f.bias", (h,)), ("score.weight", (2, h))]
    for name, shape in shapes:
        t = torch.randn(shape, generator=g)
        out[name] = (1 + 0.1 * t if name.endswith("ln_1.weight") or name.endswith("ln_2.weight") or name.endswith("ln_f.weight") else 0.3 * t).to(torch.float16)
    return out


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def layer_norm(x, w, b, eps):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * w.float() + b.float()


def conv1d(x, w, b):
    return x @ w.float() + b.float()   # Conv1D: weight is (in, out)


def forward(c, w, ids, mask):
    h, heads = c["n_embd"], c["n_head"]
    d = h // heads
    bsz, length = ids.shape
    x = w["transformer.wte.weight"].float()[ids] + w["transformer.wpe.weight"].float()[torch.arange(length)][None]
    causal = torch.tril(torch.ones(length, length, dtype=torch.bool))
    minimum = torch.finfo(torch.float32).min
    padding = (1.0 - mask[:, None, None, :].float()) * minimum
    for i in range(c["n_layer"]):
        p = f"transformer.h.{i}."
        a = layer_norm(x, w[p + "ln_1.weight"], w[p + "ln_1.bias"], c["layer_norm_epsilon"])
        q, k, v = conv1d(a, w[p + "attn.c_attn.weight"], w[p + "attn.c_attn.bias"]).split(h, dim=2)
        q, k, v = (t.view(bsz, length, heads, d).transpose(1, 2) for t in (q, k, v))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d)
        scores = torch.where(causal, scores, torch.tensor(minimum)) + padding
        ctx = (torch.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(bsz, length, h)
        x = x + conv1d(ctx, w[p + "attn.c_proj.weight"], w[p + "attn.c_proj.bias"])
        m = layer_norm(x, w[p + "ln_2.weight"], w[p + "ln_2.bias"], c["layer_norm_epsilon"])
        x = x + conv1d(gelu_new(conv1d(m, w[p + "mlp.c_fc.weight"], w[p + "mlp.c_fc.bias"])), w[p + "mlp.c_proj.weight"], w[p + "mlp.c_proj.bias"])
    states = layer_norm(x, w["transformer.ln_f.weight"], w["transformer.ln_f.bias"], c["layer_norm_epsilon"])
    logits = states @ w["score.weight"].float().t()
    last = (torch.arange(length)[None, :] * (ids != c["pad_token_id"])).argmax(-1)
    return states, logits[torch.arange(bsz), last]


def main():
    ids = torch.tensor(INPUTS)
    mask = (ids != PAD).long()
    folder = os.path.join(OUT, "gpt2")
    os.makedirs(folder, exist_ok=True)
    w = weights(CONFIG, seed=7)
    write_safetensors(os.path.join(folder, "model.safetensors"), w)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(CONFIG, f, indent=2)
    states, logits = forward(CONFIG, w, ids, mask)
    real = [[[round(v, 7) for v in states[b, t].tolist()] for t in range(int(mask[b].sum()))] for b in range(len(INPUTS))]
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump(dict(input_ids=INPUTS, attention_mask=mask.tolist(), logits=[[round(v, 7) for v in r] for r in logits.tolist()], hidden_states=real), f)
    print("gpt2 logits", logits.tolist())


if __name__ == "__main__":
    main()
