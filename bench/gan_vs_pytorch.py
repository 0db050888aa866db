#!/usr/bin/env python3
"""Side-by-side GAN training throughput: PyTorch (Debian python3-torch) vs GanMl (TorchSharp), same architectures,
batch size, thread count and step count, run one after the other on the same machine.

Usage (from the repository root, on a quiet machine; never run two benchmarks at once):
    /usr/bin/python3 bench/gan_vs_pytorch.py [--steps 60] [--batch-size 128] [--threads 2]
Needs python3-torch and libopenblas0-pthread (reference BLAS makes PyTorch ~8x slower).
"""
import argparse, json, os, subprocess, sys, time

# openblas-pthread starts its own threads beside torch's OpenMP pool; on 2 cores the two pools fight and PyTorch runs
# 2-3x slower (measured: mlp-deep 959 vs 2057 img/s). One BLAS thread is PyTorch's fastest setting here.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import torch
import torch.nn as nn
import torch.nn.functional as F


def mlp(sizes, act, final=None, bn_from=None):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        last = i == len(sizes) - 2
        if not last:
            if bn_from is not None and i >= bn_from:
                layers.append(nn.BatchNorm1d(sizes[i + 1], eps=0.8))
            layers.append(act())
    if final:
        layers.append(final())
    return nn.Sequential(*layers)


def cases(base):
    lrelu = lambda: nn.LeakyReLU(0.2)
    yield "mlp-deep", mlp([100, 256, 512, 1024, 784], lrelu, nn.Tanh), mlp([784, 1024, 512, 256, 1], lrelu), False
    yield "mlp-classic", mlp([100, 128, 256, 512, 1024, 784], lrelu, nn.Tanh, bn_from=1), mlp([784, 512, 256, 1], lrelu), False
    g = nn.Sequential(
        nn.ConvTranspose2d(100, base * 2, 7, 1, 0, bias=False), nn.BatchNorm2d(base * 2), nn.ReLU(),
        nn.ConvTranspose2d(base * 2, base, 4, 2, 1, bias=False), nn.BatchNorm2d(base), nn.ReLU(),
        nn.ConvTranspose2d(base, 1, 4, 2, 1, bias=False), nn.Tanh())
    d = nn.Sequential(
        nn.Conv2d(1, base, 4, 2, 1, bias=False), nn.LeakyReLU(0.2),
        nn.Conv2d(base, base * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(base * 2), nn.LeakyReLU(0.2),
        nn.Conv2d(base * 2, 1, 7, 1, 0, bias=False))
    yield "dcgan-28", g, d, True


def step(g, d, og, od, real, conv):
    b = real.shape[0]
    z = torch.randn(b, 100, 1, 1) if conv else torch.randn(b, 100)
    od.zero_grad()
    rl = d(real.view(b, 1, 28, 28) if conv else real).view(-1)
    with torch.no_grad():
        fake = g(z)
    fl = d(fake).view(-1)
    loss = (F.binary_cross_entropy_with_logits(rl, torch.ones_like(rl)) + F.binary_cross_entropy_with_logits(fl, torch.zeros_like(fl))) / 2
    loss.backward(); od.step()
    og.zero_grad()
    z = torch.randn(b, 100, 1, 1) if conv else torch.randn(b, 100)
    gl = d(g(z)).view(-1)
    F.binary_cross_entropy_with_logits(gl, torch.ones_like(gl)).backward(); og.step()


def warmup_steps(args, case):
    """The DCGAN's steps are long enough that tier-0 code does not show; its warm-up stays short to keep the run short."""
    return args.warmup if case.startswith("mlp") else min(args.warmup, 5)


def run_pytorch(args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    out = {}
    for name, g, d, conv in cases(args.base_channels):
        og = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
        od = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))
        real = torch.rand(args.batch_size, 784) * 2 - 1
        for _ in range(warmup_steps(args, name)):
            step(g, d, og, od, real, conv)
        t = time.perf_counter()
        for _ in range(args.steps):
            step(g, d, og, od, real, conv)
        out[name] = args.steps * args.batch_size / (time.perf_counter() - t)
    return out


EXAMPLES = "examples/GanMl.Examples/bin/Release/net10.0/linux-x64/GanMl.Examples"


def run_ganml(args, extra=(), env=None):
    """One GanMl bench process per case, so a case that diverges (faulty kernels) does not hide the others."""
    rates, rss = {}, {}
    for case in ("mlp-deep", "mlp-classic", "dcgan-28"):
        cmd = [EXAMPLES, "bench", "--arch", case, "--steps", str(args.steps), "--warmup", str(warmup_steps(args, case)),
               "--batch-size", str(args.batch_size), "--threads", str(args.threads), "--base-channels", str(args.base_channels), *extra]
        run = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})})
        rows = [json.loads(l) for l in run.stdout.splitlines() if l.startswith("{")]
        if run.returncode != 0 or not rows:
            rates[case] = float("nan")  # e.g. GanDivergedException on faulty kernels
            continue
        rates[case], rss[case] = rows[0]["rows_per_s"], rows[0]["rss_mib"]
    return rates, rss


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=60)
    p.add_argument("--warmup", type=int, default=30)  # .NET's tiered JIT needs about 30 calls (bench/kernel_variants.py)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--base-channels", type=int, default=64)
    args = p.parse_args()
    subprocess.run(["dotnet", "build", "-c", "Release", "examples/GanMl.Examples"], check=True, capture_output=True)
    load_before = os.getloadavg()[0]
    torch_rates = run_pytorch(args)
    ganml_rates, rss = run_ganml(args)
    load_after = os.getloadavg()[0]
    print(f"torch {torch.__version__}, OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}, threads {args.threads}, batch {args.batch_size}, steps {args.steps}; "
          f"1-min load average before {load_before:.2f}, after {load_after:.2f} (a busy machine makes these numbers meaningless)")
    print(f"{'case':<12} {'pytorch img/s':>14} {'ganml img/s':>12} {'ganml/pytorch':>14} {'ganml RSS MiB':>14}")
    for name in torch_rates:
        g = ganml_rates.get(name, float('nan'))
        print(f"{name:<12} {torch_rates[name]:>14.0f} {g:>12.0f} {g / torch_rates[name]:>14.2f} {rss.get(name, 0):>14}")


if __name__ == "__main__":
    sys.exit(main())
