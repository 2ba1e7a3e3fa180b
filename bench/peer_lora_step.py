#!/usr/bin/env python3
"""The peer for `LabPortal.Bench train`: the same LoRA training step in plain PyTorch (no transformers).

A BERT-shaped encoder with MiniLM's dimensions (vocab 30,522, hidden 384, 6 layers, 12 heads, FFN 1,536, GELU,
post-LayerNorm, dropout 0.1, pooler, 2-class head), RANDOMLY INITIALISED (the shapes and the work are the same as
MiniLM's; the weights are not). LoRA r 8, alpha 16, dropout 0.1 on query and value; base weights frozen; AdamW
(0.9, 0.999, 1e-8, weight decay 0.01), gradient clipping at 1.0. It steps through the very batches the C# command
used (bench/out/qqp-batches.json, written by `LabPortal.Bench train`), with dynamic padding to each batch's longest pair.

Run only where `python3 -c 'import torch'` works (Debian: apt-get install python3-torch). Prints one JSON line last.
"""
import json
import math
import os
import sys
import time

try:
    import torch
    from torch import nn
except ImportError:
    print("python3-torch is not installed; the peer is skipped.", file=sys.stderr)
    sys.exit(3)

HIDDEN, LAYERS, HEADS, FFN, VOCAB, RANK, ALPHA = 384, 6, 12, 1536, 30522, 8, 16


class LoraLinear(nn.Module):
    def __init__(self, base):
        super().__init__()
        self.base = base
        for p in base.parameters():
            p.requires_grad = False
        self.drop = nn.Dropout(0.1)
        self.a = nn.Linear(base.in_features, RANK, bias=False)
        self.b = nn.Linear(RANK, base.out_features, bias=False)
        nn.init.kaiming_uniform_(self.a.weight, a=math.sqrt(5))
        nn.init.zeros_(self.b.weight)
        self.scale = ALPHA / RANK

    def forward(self, x):
        return self.base(x) + self.b(self.a(self.drop(x))) * self.scale


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.query, self.key, self.value = (nn.Linear(HIDDEN, HIDDEN) for _ in range(3))
        self.attn_out, self.ln1 = nn.Linear(HIDDEN, HIDDEN), nn.LayerNorm(HIDDEN, eps=1e-12)
        self.ffn_in, self.ffn_out = nn.Linear(HIDDEN, FFN), nn.Linear(FFN, HIDDEN)
        self.ln2, self.drop = nn.LayerNorm(HIDDEN, eps=1e-12), nn.Dropout(0.1)

    def forward(self, h, mask):
        b, t, _ = h.shape
        split = lambda x: x.view(b, t, HEADS, HIDDEN // HEADS).transpose(1, 2)
        q, k, v = split(self.query(h)), split(self.key(h)), split(self.value(h))
        scores = q @ k.transpose(-1, -2) / math.sqrt(HIDDEN // HEADS) + mask
        context = (self.drop(scores.softmax(-1)) @ v).transpose(1, 2).reshape(b, t, HIDDEN)
        h = self.ln1(h + self.drop(self.attn_out(context)))
        return self.ln2(h + self.drop(self.ffn_out(nn.functional.gelu(self.ffn_in(h)))))


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.words, self.positions, self.types = nn.Embedding(VOCAB, HIDDEN), nn.Embedding(512, HIDDEN), nn.Embedding(2, HIDDEN)
        self.ln, self.drop = nn.LayerNorm(HIDDEN, eps=1e-12), nn.Dropout(0.1)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))
        self.pooler, self.classifier = nn.Linear(HIDDEN, HIDDEN), nn.Linear(HIDDEN, 2)

    def forward(self, ids, types, mask):
        positions = torch.arange(ids.shape[1]).unsqueeze(0)
        h = self.drop(self.ln(self.words(ids) + self.positions(positions) + self.types(types)))
        additive = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for layer in self.layers:
            h = layer(h, additive)
        return self.classifier(self.drop(torch.tanh(self.pooler(h[:, 0]))))


def add_lora(model):
    for p in model.parameters():
        p.requires_grad = False
    for layer in model.layers:
        layer.query, layer.value = LoraLinear(layer.query), LoraLinear(layer.value)
    for p in model.classifier.parameters():
        p.requires_grad = True


def tensors(batch):
    length = max(len(e["ids"]) for e in batch)
    pad = lambda xs: xs + [0] * (length - len(xs))
    ids = torch.tensor([pad(e["ids"]) for e in batch])
    types = torch.tensor([pad(e["types"]) for e in batch])
    mask = torch.tensor([pad([1] * len(e["ids"])) for e in batch])
    return ids, types, mask, torch.tensor([e["label"] for e in batch])


def matmul_layer_gflops(seconds_budget=2.0):
    """MiniLM's linear products at B·T = 2048 (4 × 2048·384·384, 2048·384·1536, 2048·1536·384), as the C# side samples them."""
    products = [(torch.randn(2048, 384), torch.randn(384, 384), 4), (torch.randn(2048, 384), torch.randn(384, 1536), 1),
                (torch.randn(2048, 1536), torch.randn(1536, 384), 1)]
    flops, start = 0.0, time.perf_counter()
    while time.perf_counter() - start < seconds_budget:
        for left, right, uses in products:
            for _ in range(uses):
                left @ right
            flops += uses * 2.0 * left.shape[0] * left.shape[1] * right.shape[1]
    return flops / (time.perf_counter() - start) / 1e9


def main():
    threads = int(os.environ.get("BENCH_THREADS", "2"))
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "out", "qqp-batches.json")
    with open(path) as f:
        plan = json.load(f)
    batches = [tensors(b) for b in plan["batches"]]
    warmup = plan["warmup"]

    model = Model()
    add_lora(model)
    model.train()
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=5e-4, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)

    matmul_before = matmul_layer_gflops()
    elapsed, cpu, examples, real_tokens = 0.0, 0.0, 0, 0
    for i, (ids, types, mask, labels) in enumerate(batches):
        start, cpu_start = time.perf_counter(), time.process_time()
        loss = nn.functional.cross_entropy(model(ids, types, mask), labels)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        optimizer.zero_grad()
        if i >= warmup:
            elapsed += time.perf_counter() - start
            cpu += time.process_time() - cpu_start
            examples += ids.shape[0]
            real_tokens += int(mask.sum())
        print(f"step {i + 1}/{len(batches)}: {time.perf_counter() - start:.2f} s", file=sys.stderr, flush=True)
    matmul_after = matmul_layer_gflops()
    steps = len(batches) - warmup
    result = {
        "torch": torch.__version__, "threads": threads, "steps": steps, "warmup": warmup,
        "trainableParameters": sum(p.numel() for p in trainable),
        "stepSeconds": round(elapsed / steps, 4), "stepCpuSeconds": round(cpu / steps, 4), "examplesPerSecond": round(examples / elapsed, 1),
        "realTokensPerSecond": round(real_tokens / elapsed), "matmulMiniLmLayerGflops": round((matmul_before + matmul_after) / 2, 1),
        "load": open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else None,
    }
    print(f"peer (torch {torch.__version__}, {threads} threads): {result['stepSeconds']:.3f} s/step, "
          f"{result['examplesPerSecond']} examples/s; its MiniLM-layer matmul {result['matmulMiniLmLayerGflops']} GFLOP/s")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
