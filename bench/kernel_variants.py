#!/usr/bin/env python3
"""Training throughput of GanMl's convolution-kernel choices against PyTorch 1.13, side by side in one run, at 2 threads
and at 1 thread (issue 16's table). Each GanMl variant runs in its own process, because oneDNN reads its ISA cap once.

Usage (from the repository root, on a quiet machine; never run two benchmarks at once):
    /usr/bin/python3 bench/kernel_variants.py [--steps 20] [--batch-size 128]

Variants:
  pytorch              Debian's PyTorch 1.13 (its own oneDNN 2.6), OPENBLAS_NUM_THREADS=1
  libtorch-native      every convolution on libtorch's own kernels, unchecked (GanMl before the check; wrong on AMD Zen 5)
  libtorch-sse41       the same with oneDNN capped at SSE4.1 (DNNL_MAX_CPU_ISA=SSE41), correct on Zen 5
  libtorch-avx2-pinned the same with the former AVX2 pinning (ATen, oneDNN and MKL variables)
  ganml-default        GanMl's default: each layer shape on the path that passed the kernel check
A variant that diverges (NaN loss from wrong kernels) shows "diverged".
"""
import argparse, math, os, subprocess, sys

sys.path.insert(0, os.path.dirname(__file__))
import gan_vs_pytorch as g  # noqa: E402  (sets OPENBLAS_NUM_THREADS=1 before importing torch)

VARIANTS = [
    ("libtorch-native", ["--convolutions", "libtorch"], {}),
    ("libtorch-sse41", ["--convolutions", "libtorch"], {"DNNL_MAX_CPU_ISA": "SSE41"}),
    ("libtorch-avx2-pinned", ["--convolutions", "libtorch"], {"ATEN_CPU_CAPABILITY": "avx2", "DNNL_MAX_CPU_ISA": "AVX2", "MKL_CBWR": "AVX2"}),
    ("ganml-default", [], {}),
]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=40)
    # 30 warm-up steps: .NET compiles hot methods fully only after about 30 calls (tiered compilation); a shorter warm-up
    # times GanMl's first-tier code (measured: mlp-classic 2,490-2,685 img/s after 5 steps, 3,145-3,433 after 40).
    p.add_argument("--warmup", type=int, default=30)
    p.add_argument("--repeats", type=int, default=3, help="interleaved rounds; the table gives each cell's median")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--base-channels", type=int, default=64)
    p.add_argument("--threads", type=int, nargs="+", default=[2, 1])
    args = p.parse_args()
    subprocess.run(["dotnet", "build", "-c", "Release", "examples/GanMl.Examples"], check=True, capture_output=True)
    load_before = os.getloadavg()[0]
    runs = {}
    for threads in args.threads:
        args.threads = threads
        for _ in range(args.repeats):
            runs.setdefault(("pytorch", threads), []).append(g.run_pytorch(args))
            for name, extra, env in VARIANTS:
                runs.setdefault((name, threads), []).append(g.run_ganml(args, extra, env)[0])
    cases = ["mlp-deep", "mlp-classic", "dcgan-28"]
    # NaN (a diverged run) sorts unpredictably: a cell with any diverged run reports "diverged".
    median = lambda xs: float("nan") if any(math.isnan(x) for x in xs) else sorted(xs)[len(xs) // 2]
    table = {key: {c: median([r[c] for r in rs]) for c in cases} for key, rs in runs.items()}
    load_after = os.getloadavg()[0]
    print(f"torch {g.torch.__version__}, batch {args.batch_size}, steps {args.steps} after {args.warmup} warm-up, medians of {args.repeats} interleaved rounds, base channels {args.base_channels}; "
          f"1-min load average before {load_before:.2f}, after {load_after:.2f}")
    print(f"{'variant':<22} {'threads':>7} " + " ".join(f"{c:>12}" for c in cases) + "   ratio to pytorch")
    for (name, threads), rates in table.items():
        ref = table[("pytorch", threads)]
        cells = " ".join(f"{'diverged' if math.isnan(rates[c]) else f'{rates[c]:.0f}':>12}" for c in cases)
        ratios = " ".join("   -  " if math.isnan(rates[c]) else f"{rates[c] / ref[c]:5.2f}" for c in cases)
        print(f"{name:<22} {threads:>7} {cells}   {ratios}")


if __name__ == "__main__":
    sys.exit(main())
