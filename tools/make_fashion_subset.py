#!/usr/bin/env python3
"""Writes the stratified Fashion-MNIST subset shipped in data/fashion-mnist-subset.

Source: Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist, MIT licence).
Takes the first N images of every class in the original order and interleaves the classes
(row i has class i % 10), so any prefix of 10*k rows holds exactly k images per class.
Usage: python3 tools/make_fashion_subset.py [train_per_class=500] [test_per_class=100]
"""
import gzip, os, struct, sys

SRC = "/usr/share/datasets/fashion-mnist"
DST = os.path.join(os.path.dirname(__file__), "..", "data", "fashion-mnist-subset")

def read(prefix):
    with gzip.open(f"{SRC}/{prefix}-images-idx3-ubyte.gz") as f:
        magic, n, h, w = struct.unpack(">IIII", f.read(16)); assert magic == 2051
        images = [f.read(h * w) for _ in range(n)]
    with gzip.open(f"{SRC}/{prefix}-labels-idx1-ubyte.gz") as f:
        magic, n2 = struct.unpack(">II", f.read(8)); assert magic == 2049 and n2 == n
        labels = list(f.read(n))
    return images, labels, h, w

def write(prefix, per_class):
    images, labels, h, w = read(prefix)
    by_class = [[i for i, l in enumerate(labels) if l == c][:per_class] for c in range(10)]
    order = [by_class[c][k] for k in range(per_class) for c in range(10)]
    os.makedirs(DST, exist_ok=True)
    # mtime=0 keeps the .gz bytes reproducible.
    with gzip.GzipFile(f"{DST}/{prefix}-images-idx3-ubyte.gz", "wb", mtime=0) as f:
        f.write(struct.pack(">IIII", 2051, len(order), h, w))
        for i in order: f.write(images[i])
    with gzip.GzipFile(f"{DST}/{prefix}-labels-idx1-ubyte.gz", "wb", mtime=0) as f:
        f.write(struct.pack(">II", 2049, len(order)))
        f.write(bytes(labels[i] for i in order))
    print(prefix, len(order), "rows")

if __name__ == "__main__":
    write("train", int(sys.argv[1]) if len(sys.argv) > 1 else 500)
    write("t10k", int(sys.argv[2]) if len(sys.argv) > 2 else 100)
