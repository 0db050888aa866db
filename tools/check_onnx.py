#!/usr/bin/python3
"""Cross-checks exported generators with the onnx package's full checker (Debian: python3-onnx).

    GANML_KEEP_ONNX=/tmp/onnx dotnet test tests/GanMl.Tests --filter GeneratorOnnxExport
    /usr/bin/python3 tools/check_onnx.py /tmp/onnx/*.onnx
"""
import sys

import onnx

failed = 0
for path in sys.argv[1:]:
    model = onnx.load(path)
    try:
        onnx.checker.check_model(model, full_check=True)
        ops = sorted({n.op_type for n in model.graph.node})
        print(f"ok  {path}: opset {model.opset_import[0].version}, ir {model.ir_version}, ops {' '.join(ops)}")
    except Exception as e:  # the checker raises ValidationError or InferenceError
        failed += 1
        print(f"BAD {path}: {e}")
sys.exit(1 if failed or len(sys.argv) < 2 else 0)
