#!/usr/bin/python3
"""Writes the FID cross-check fixtures under tests/GanMl.Tests/Fixtures/fid/.

Run with Debian's /usr/bin/python3 (numpy + scipy):  /usr/bin/python3 tools/make_fid_fixtures.py

For every case it saves the two feature sets (case_<name>.npz with arrays x1, x2, float32, C order) and records
in expected.json:
  * fid_pytorch_fid: pytorch-fid's calculate_frechet_distance (copied below: np.cov + scipy.linalg.sqrtm)
  * fid_nuclear: the same distance with tr sqrt(S1 S2) as the nuclear norm of X1c X2c^T / sqrt((n1-1)(n2-1))
    (exact in every case; scipy's sqrtm is only ~1e-7 accurate on rank-deficient covariances)
It also writes numpy-written statistics files (np.savez, pytorch-fid's layout), a KID case with n1 == n2 == subset
size (so every subset is the whole set and the value is deterministic), SSIM/PSNR and Inception Score references.
"""
import json
import os

import numpy as np
from scipy import linalg
from scipy.ndimage import gaussian_filter

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "GanMl.Tests", "Fixtures", "fid")


def calculate_frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):
    """pytorch-fid's calculate_frechet_distance (src/pytorch_fid/fid_score.py), logic copied unchanged."""
    mu1 = np.atleast_1d(mu1)
    mu2 = np.atleast_1d(mu2)
    sigma1 = np.atleast_2d(sigma1)
    sigma2 = np.atleast_2d(sigma2)
    assert mu1.shape == mu2.shape
    assert sigma1.shape == sigma2.shape
    diff = mu1 - mu2
    covmean, _ = linalg.sqrtm(sigma1.dot(sigma2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(sigma1.shape[0]) * eps
        covmean = linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
    if np.iscomplexobj(covmean):
        if not np.allclose(np.diagonal(covmean).imag, 0, atol=1e-3):
            m = np.max(np.abs(covmean.imag))
            raise ValueError("Imaginary component {}".format(m))
        covmean = covmean.real
    tr_covmean = np.trace(covmean)
    return float(diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * tr_covmean)


def stats(x):
    return np.mean(x, axis=0), np.cov(x, rowvar=False)


def fid_nuclear(x1, x2):
    mu1, s1 = stats(x1)
    mu2, s2 = stats(x2)
    c1 = x1 - mu1
    c2 = x2 - mu2
    g = c1 @ c2.T / np.sqrt((len(x1) - 1.0) * (len(x2) - 1.0))
    tr = np.linalg.svd(g, compute_uv=False).sum()
    d = mu1 - mu2
    return float(d @ d + np.trace(s1) + np.trace(s2) - 2 * tr)


def kid_full(x1, x2):
    """clean-fid's kernel_distance for one subset that is the whole of both sets (n1 == n2 == m)."""
    n = x1.shape[1]
    m = len(x1)
    x, y = x2, x1
    a = (x @ x.T / n + 1) ** 3 + (y @ y.T / n + 1) ** 3
    b = (x @ y.T / n + 1) ** 3
    t = (a.sum() - np.diag(a).sum()) / (m - 1) - b.sum() * 2 / m
    return float(t / m)


def ssim_ref(img1, img2, data_range):
    """Wang et al. SSIM with an 11x11 Gaussian (sigma 1.5) over valid positions (= skimage gaussian_weights=True)."""
    c1 = (0.01 * data_range) ** 2
    c2 = (0.03 * data_range) ** 2
    vals = []
    for c in range(img1.shape[0]):
        x = img1[c].astype(np.float64)
        y = img2[c].astype(np.float64)
        f = lambda z: gaussian_filter(z, 1.5, truncate=3.5, mode="reflect")[5:-5, 5:-5]
        ux, uy = f(x), f(y)
        vx = f(x * x) - ux * ux
        vy = f(y * y) - uy * uy
        cxy = f(x * y) - ux * uy
        s = ((2 * ux * uy + c1) * (2 * cxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2))
        vals.append(s.mean())
    return float(np.mean(vals))


def inception_score(p, splits):
    scores = []
    n = len(p)
    for k in range(splits):
        part = p[k * n // splits:(k + 1) * n // splits]
        py = part.mean(axis=0, keepdims=True)
        kl = (part * (np.log(part) - np.log(py))).sum(axis=1).mean()
        scores.append(np.exp(kl))
    return float(np.mean(scores)), float(np.std(scores))


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261123)
    cases = {}

    def correlated(n, d, scale=1.0, shift=0.0):
        mix = rng.normal(size=(d, d)) / np.sqrt(d)
        return (rng.normal(size=(n, d)) @ mix * scale + shift)

    # 1. Well-conditioned, different means and covariances (n > d).
    cases["gauss"] = (correlated(300, 32), correlated(250, 32, scale=1.3, shift=0.2))
    # 2. Rank-deficient: fewer samples than dimensions (n = 20, d = 64).
    cases["rankdef"] = (correlated(20, 64), correlated(20, 64, scale=0.8, shift=0.1))
    # 3. Near-identical sets.
    base = correlated(200, 16)
    cases["near_identical"] = (base, base + 1e-4 * rng.normal(size=base.shape))
    # 4. Ill-conditioned: some near-constant features (like border pixels), large offset in the mean.
    x1 = correlated(300, 32, shift=100.0)
    x2 = correlated(280, 32, scale=1.1, shift=100.5)
    x1[:, :6] = 3.0 + 1e-3 * rng.normal(size=(300, 6))
    x2[:, :6] = 3.0 + 1e-3 * rng.normal(size=(280, 6))
    cases["illcond"] = (x1, x2)
    # 5. One small set, one large (n1 < d < n2).
    cases["mixed"] = (correlated(30, 48), correlated(200, 48, scale=0.9))

    expected = {"cases": {}}
    for name in list(cases):
        # Features are stored as float32 ('<f4', as network features are); all references use their float64 values.
        a, b = (x.astype(np.float32) for x in cases[name])
        np.savez(os.path.join(OUT, f"case_{name}.npz"), x1=a, x2=b)
        a, b = a.astype(np.float64), b.astype(np.float64)
        cases[name] = (a, b)
        mu1, s1 = stats(a)
        mu2, s2 = stats(b)
        expected["cases"][name] = {
            "n1": int(a.shape[0]), "n2": int(b.shape[0]), "d": int(a.shape[1]),
            "fid_pytorch_fid": calculate_frechet_distance(mu1, s1, mu2, s2),
            "fid_nuclear": fid_nuclear(a, b),
            "trace_s1": float(np.trace(s1)), "trace_s2": float(np.trace(s2)),
        }

    # Statistics written by numpy itself, in pytorch-fid's layout.
    a, b = cases["gauss"]
    mu1, s1 = stats(a)
    np.savez(os.path.join(OUT, "stats_numpy_f8.npz"), mu=mu1, sigma=s1)
    np.savez(os.path.join(OUT, "stats_numpy_f4.npz"), mu=mu1.astype(np.float32), sigma=s1.astype(np.float32))
    np.savez(os.path.join(OUT, "stats_numpy_fortran.npz"), mu=mu1, sigma=np.asfortranarray(s1))
    expected["stats_numpy"] = {"mu0": float(mu1[0]), "sigma01": float(s1[0, 1]), "d": int(len(mu1))}

    # KID with n1 == n2 == 100 and subset size >= 100: deterministic.
    k1 = rng.normal(size=(100, 16))
    k2 = rng.normal(size=(100, 16)) * 1.2 + 0.3
    np.savez(os.path.join(OUT, "kid.npz"), x1=k1, x2=k2)
    expected["kid_full"] = kid_full(k1, k2)
    k3 = rng.normal(size=(100, 16))
    np.savez(os.path.join(OUT, "kid_same.npz"), x1=k1, x2=k3)
    expected["kid_same_distribution"] = kid_full(k1, k3)

    # SSIM / PSNR on a 3x32x24 image pair in [0, 1].
    img1 = rng.uniform(size=(3, 32, 24)).astype(np.float32)
    img1 = gaussian_filter(img1, (0, 1.0, 1.0)).astype(np.float32)
    img2 = np.clip(img1 + 0.05 * rng.normal(size=img1.shape), 0, 1).astype(np.float32)
    np.savez(os.path.join(OUT, "images.npz"), img1=img1.astype(np.float64), img2=img2.astype(np.float64))
    mse = np.mean((img1.astype(np.float64) - img2.astype(np.float64)) ** 2)
    expected["psnr"] = float(10 * np.log10(1.0 / mse))
    expected["ssim"] = ssim_ref(img1, img2, 1.0)

    # Inception Score from 50 softmax rows over 10 classes, 5 splits.
    logits = rng.normal(size=(50, 10)) * 2
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    p = p.astype(np.float32).astype(np.float64)
    np.savez(os.path.join(OUT, "probs.npz"), p=p)
    m, s = inception_score(p, 5)
    expected["inception_score"] = {"mean": m, "std": s, "splits": 5}

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=2)
    for name, c in expected["cases"].items():
        rel = abs(c["fid_pytorch_fid"] - c["fid_nuclear"]) / abs(c["fid_nuclear"])
        print(f"{name:15s} pytorch-fid {c['fid_pytorch_fid']:.12g}  nuclear {c['fid_nuclear']:.12g}  rel diff {rel:.2e}")


if __name__ == "__main__":
    main()
