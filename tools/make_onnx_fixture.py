#!/usr/bin/python3
"""Trains a small Fashion-MNIST CNN and exports its penultimate layer as an ONNX feature extractor.

Run with Debian's /usr/bin/python3 (python3-torch 1.13, python3-onnx):
    /usr/bin/python3 tools/make_onnx_fixture.py [--epochs 1] [--threads 1]

Data: the full Fashion-MNIST training set from /usr/share/datasets/fashion-mnist/*.gz (MIT licence).

The model follows pytorch-fid's input convention so GanMl's ONNX preprocessing applies unchanged:
  input  "input":    float32 [N, 3, 32, 32], grayscale repeated to 3 channels, bilinear resize (align_corners=False)
                     from 28x28 to 32x32, values scaled from [0, 1] to [-1, 1]
  output "features": float32 [N, 64], the ReLU output of the penultimate layer
It is an offline *domain* feature extractor for Fashion-MNIST-like images: FIDs computed with it are NOT comparable
with published (InceptionV3) FIDs.

Writes data/models/fmnist_cnn64.onnx (the feature extractor, opset 13; the tests link it into their
Fixtures/fid/onnx/ output folder), data/models/fmnist_cnn64.model_card.json, and to tests/GanMl.Tests/Fixtures/fid/onnx/:
  fixture_inputs.npz        pixels: 8 test images [8, 1, 28, 28] in [0, 1] (float32);
                            features: the PyTorch features of those images after the preprocessing above [8, 64]
  image_<i>.png             the first 4 of those images as 8-bit grayscale PNGs (for the image-column path)
  (data/models/fmnist_cnn64.model_card.json: training details and test accuracy)
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "tests", "GanMl.Tests", "Fixtures", "fid", "onnx")
MODELS = os.path.join(ROOT, "data", "models")
DATA = "/usr/share/datasets/fashion-mnist"
INPUT_SIZE = 32


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def preprocess(x01):
    """pytorch-fid's preprocessing: [N, C, H, W] in [0, 1] -> 3 channels, bilinear resize, [-1, 1]."""
    if x01.shape[1] == 1:
        x01 = x01.repeat(1, 3, 1, 1)
    x = F.interpolate(x01, size=(INPUT_SIZE, INPUT_SIZE), mode="bilinear", align_corners=False)
    return 2 * x - 1


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.conv3 = nn.Conv2d(32, 32, 3, padding=1)
        self.fc = nn.Linear(32 * 4 * 4, 64)
        self.head = nn.Linear(64, 10)

    def features(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.max_pool2d(F.relu(self.conv3(x)), 2)
        return F.relu(self.fc(torch.flatten(x, 1)))

    def forward(self, x):
        return self.head(self.features(x))


class FeatureExtractor(nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return self.net.features(x)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.manual_seed(1)
    np.random.seed(1)
    torch.set_num_threads(args.threads)
    os.makedirs(OUT, exist_ok=True)

    xtr = read_idx(os.path.join(DATA, "train-images-idx3-ubyte.gz"))
    ytr = read_idx(os.path.join(DATA, "train-labels-idx1-ubyte.gz"))
    xte = read_idx(os.path.join(DATA, "t10k-images-idx3-ubyte.gz"))
    yte = read_idx(os.path.join(DATA, "t10k-labels-idx1-ubyte.gz"))
    xtr_t = preprocess(torch.from_numpy(xtr).float().div(255).unsqueeze(1))
    ytr_t = torch.from_numpy(ytr.astype(np.int64))

    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    t0 = time.time()
    for epoch in range(args.epochs):
        perm = torch.randperm(len(xtr_t))
        net.train()
        for i in range(0, len(perm), 128):
            idx = perm[i:i + 128]
            loss = F.cross_entropy(net(xtr_t[idx]), ytr_t[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        print(f"epoch {epoch + 1}: last loss {loss.item():.3f}, {time.time() - t0:.0f} s")
    net.eval()
    with torch.no_grad():
        xte_t = preprocess(torch.from_numpy(xte).float().div(255).unsqueeze(1))
        acc = float((net(xte_t).argmax(1).numpy() == yte).mean())
    print(f"test accuracy {acc:.4f}")

    extractor = FeatureExtractor(net).eval()
    path = os.path.join(MODELS, "fmnist_cnn64.onnx")
    dummy = torch.zeros(1, 3, INPUT_SIZE, INPUT_SIZE)
    torch.onnx.export(extractor, dummy, path, input_names=["input"], output_names=["features"],
                      dynamic_axes={"input": {0: "batch"}, "features": {0: "batch"}}, opset_version=13)
    import onnx
    onnx.checker.check_model(onnx.load(path))

    # Fixture inputs: 8 test images (one per a few classes), their pixels in [0, 1] and PyTorch features.
    pick = [0, 1, 2, 3, 4, 5, 6, 7]
    pixels = xte[pick].astype(np.float32)[:, None] / 255.0
    with torch.no_grad():
        feats = extractor(preprocess(torch.from_numpy(pixels))).numpy()
    np.savez(os.path.join(OUT, "fixture_inputs.npz"), pixels=pixels, features=feats.astype(np.float64),
             labels=yte[pick].astype(np.float64))
    try:
        from PIL import Image
        for i in range(4):
            Image.fromarray(xte[pick[i]], mode="L").save(os.path.join(OUT, f"image_{i}.png"))
    except ImportError:
        print("PIL not available: no PNG fixtures written")
    with open(os.path.join(MODELS, "fmnist_cnn64.model_card.json"), "w") as f:
        json.dump({"input": "input", "input_shape": [None, 3, INPUT_SIZE, INPUT_SIZE], "output": "features",
                   "output_shape": [None, 64], "value_range": [-1, 1], "epochs": args.epochs,
                   "train_images": int(len(xtr)), "test_accuracy": acc, "opset": 13,
                   "data": "Fashion-MNIST (MIT licence), /usr/share/datasets/fashion-mnist",
                   "note": "Domain feature extractor: FIDs are not comparable with InceptionV3 FIDs."}, f, indent=2)
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
