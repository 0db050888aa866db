#!/usr/bin/env python3
"""Exports pytorch-fid's FID InceptionV3 (pool3, 2048-d) to ONNX for GanMl's FidTransformer.

NOT RUN IN THIS REPOSITORY'S BUILD: it needs internet access (pip and the weights download), which the machine
that produced GanMl does not have. Run it on a machine with internet:

    python3 -m pip install torch pytorch-fid onnx        # pytorch-fid downloads
    python3 tools/export_inception_onnx.py --output pt_inception-2015-12-05-pool3.onnx

What it exports:
  * the network pytorch-fid uses for FID: `InceptionV3([BLOCK_INDEX_BY_DIM[2048]])`, i.e. the TF-ported
    "pt_inception-2015-12-05" weights (FID_WEIGHTS_URL, downloaded by pytorch-fid on first use), in eval mode;
  * input  "input": float32 [N, 3, 299, 299], RGB, values already in [-1, 1];
  * output "pool3": float32 [N, 2048], the final average pool flattened (pytorch-fid's 2048-d activations).
The model is exported with resize_input=False and normalize_input=False: GanMl does pytorch-fid's preprocessing
itself before ApplyOnnxModel (grayscale repeated to RGB, bilinear resize to 299x299 with align_corners=False,
x -> 2x - 1 from [0, 1]), exactly as pytorch-fid's InceptionV3.forward does with its defaults. Use it with:

    new FidOptions { OnnxModelPath = "pt_inception-2015-12-05-pool3.onnx", OnnxInputName = "input",
                     OnnxOutputName = "pool3", InputSize = 299, InputColumnName = "Image" }

With --check (and onnxruntime installed) the script compares ONNX Runtime's output with PyTorch's on random input
(including pytorch-fid's own preprocessing path) and prints the largest difference.
"""
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F


class Pool3(nn.Module):
    def __init__(self, inception):
        super().__init__()
        self.inception = inception

    def forward(self, x):
        return self.inception(x)[0].flatten(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--output", default="pt_inception-2015-12-05-pool3.onnx")
    ap.add_argument("--opset", type=int, default=13)
    ap.add_argument("--check", action="store_true", help="compare with onnxruntime (pip install onnxruntime)")
    args = ap.parse_args()

    from pytorch_fid.inception import InceptionV3  # pip install pytorch-fid

    block = InceptionV3.BLOCK_INDEX_BY_DIM[2048]
    net = InceptionV3([block], resize_input=False, normalize_input=False).eval()
    model = Pool3(net).eval()
    dummy = torch.zeros(1, 3, 299, 299)
    torch.onnx.export(model, dummy, args.output, input_names=["input"], output_names=["pool3"],
                      dynamic_axes={"input": {0: "batch"}, "pool3": {0: "batch"}}, opset_version=args.opset,
                      do_constant_folding=True)
    import onnx
    onnx.checker.check_model(onnx.load(args.output))
    print(f"wrote {args.output}: input 'input' [N, 3, 299, 299] in [-1, 1], output 'pool3' [N, 2048], opset {args.opset}")

    if args.check:
        import numpy as np
        import onnxruntime as ort
        x01 = torch.rand(2, 3, 64, 48)  # images in [0, 1] at another size
        with torch.no_grad():
            # pytorch-fid's own path: resize_input and normalize_input inside the network.
            ref_net = InceptionV3([block]).eval()
            ref = ref_net(x01)[0].flatten(1).numpy()
            # GanMl's path: preprocessing outside, then the exported model.
            pre = 2 * F.interpolate(x01, size=(299, 299), mode="bilinear", align_corners=False) - 1
        sess = ort.InferenceSession(args.output, providers=["CPUExecutionProvider"])
        got = sess.run(["pool3"], {"input": pre.numpy()})[0]
        print(f"max |onnxruntime - pytorch-fid| = {np.abs(got - ref).max():.3g}")


if __name__ == "__main__":
    main()
