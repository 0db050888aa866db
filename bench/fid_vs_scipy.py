#!/usr/bin/python3
"""FID: scipy (pytorch-fid's calculate_frechet_distance with scipy.linalg.sqrtm) vs GanMl, on the same features.

    dotnet build bench/GanMl.Bench -c Release
    /usr/bin/python3 bench/fid_vs_scipy.py --d 2048 --n 5000 500

For each n it draws two random feature sets (n x d, float32, correlated Gaussians; the second shifted and scaled),
saves them as raw little-endian float32, then
  * scipy: np.mean / np.cov (rowvar=False) + pytorch-fid's calculate_frechet_distance (scipy.linalg.sqrtm),
  * GanMl: runs `GanMl.Bench fid` (statistics in double + FrechetDistance) on the saved files,
and prints both times (statistics + distance, excluding file I/O), the ratio and the relative difference. When
2n < d it also prints the exact nuclear-norm value (numpy SVD of X1c X2c^T), the arbiter when the two disagree.
Run it alone on a quiet machine: timings of concurrent jobs on 2 cores mean nothing. Load averages are printed.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, os.path.join(ROOT, "tools"))
from make_fid_fixtures import calculate_frechet_distance  # pytorch-fid's formula, the same copy the test fixtures use


def find_bench():
    for cfg in ("Release", "Debug"):
        d = os.path.join(ROOT, "bench", "GanMl.Bench", "bin", cfg)
        for dirpath, _, files in os.walk(d):
            if "GanMl.Bench" in files:
                return os.path.join(dirpath, "GanMl.Bench")
    sys.exit("GanMl.Bench not built: run `dotnet build bench/GanMl.Bench -c Release` first")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--d", type=int, default=2048)
    ap.add_argument("--n", type=int, nargs="+", default=[5000, 500])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--bench", default=None, help="path of the GanMl.Bench executable")
    ap.add_argument("--keep", default="auto", choices=["auto", "on", "off"],
                    help="GanMl: keep the rows for the exact n-space path (auto: when n < d, as FidTransformer does)")
    args = ap.parse_args()
    bench = args.bench or find_bench()
    rng = np.random.default_rng(args.seed)
    d = args.d
    print(f"d={d}; load average {open('/proc/loadavg').read().strip()}; {os.cpu_count()} CPUs; numpy {np.__version__}")
    mix = rng.normal(size=(d, d)).astype(np.float32) / np.sqrt(d)
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.n:
            x1 = (rng.normal(size=(n, d)).astype(np.float32) @ mix).astype(np.float32)
            x2 = (1.1 * rng.normal(size=(n, d)).astype(np.float32) @ mix + 0.05).astype(np.float32)
            p1, p2 = os.path.join(tmp, f"x1_{n}.f32"), os.path.join(tmp, f"x2_{n}.f32")
            x1.astype("<f4").tofile(p1)
            x2.astype("<f4").tofile(p2)

            t0 = time.perf_counter()
            a, b = x1.astype(np.float64), x2.astype(np.float64)
            mu1, s1 = a.mean(axis=0), np.cov(a, rowvar=False)
            mu2, s2 = b.mean(axis=0), np.cov(b, rowvar=False)
            t_stats = time.perf_counter() - t0
            t1 = time.perf_counter()
            try:
                fid_scipy = calculate_frechet_distance(mu1, s1, mu2, s2)
            except ValueError as e:
                fid_scipy = float("nan")
                print(f"  scipy failed: {e}")
            t_scipy = time.perf_counter() - t0
            t_sqrtm = time.perf_counter() - t1

            out = subprocess.run([bench, "fid", "--x1", p1, "--x2", p2, "--dim", str(d), "--keep", args.keep, "--json"],
                                 check=True, capture_output=True, text=True).stdout
            g = json.loads(out.strip().splitlines()[-1])
            fid_ganml, t_ganml = g["fid"], g["compute_seconds"]

            print(f"n={n}:")
            print(f"  scipy : FID {fid_scipy:.10g}  time {t_scipy:.2f} s (stats {t_stats:.2f} s, sqrtm+FID {t_sqrtm:.2f} s)")
            print(f"  GanMl : FID {fid_ganml:.10g}  time {t_ganml:.2f} s (stats {g['stats_seconds']:.2f} s, "
                  f"Fréchet {g['frechet_seconds']:.2f} s, {g['method']}; load {g['loadavg_before']} -> {g['loadavg_after']})")
            print(f"  ratio scipy/GanMl time {t_scipy / t_ganml:.2f}x;  relative difference {abs(fid_ganml - fid_scipy) / abs(fid_scipy):.2e}")
            if 2 * n < d:
                c1, c2 = a - mu1, b - mu2
                tr = np.linalg.svd(c1 @ c2.T / np.sqrt((n - 1.0) * (n - 1.0)), compute_uv=False).sum()
                diff = mu1 - mu2
                exact = float(diff @ diff + np.trace(s1) + np.trace(s2) - 2 * tr)
                print(f"  exact (nuclear norm) {exact:.10g}: rel diff scipy {abs(fid_scipy - exact) / exact:.2e}, "
                      f"GanMl {abs(fid_ganml - exact) / exact:.2e}")


if __name__ == "__main__":
    main()
