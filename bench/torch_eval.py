"""The benchmark's Python reference: pandas.read_csv + PyTorch cross-entropy (+ backward) on a CSV
with columns logit_0..logit_{C-1} and target; prints the value (and the gradient's sum as a check)
as JSON. Run with Debian's /usr/bin/python3 (python3-torch, python3-pandas).

usage: torch_eval.py FILE.csv [--grad]
"""
import json
import sys

import pandas as pd
import torch


def main() -> None:
    path = sys.argv[1]
    grad = "--grad" in sys.argv[2:]
    df = pd.read_csv(path)
    cols = [c for c in df.columns if c.startswith("logit_")]
    logits = torch.tensor(df[cols].to_numpy(dtype="float32"), requires_grad=grad)
    target = torch.tensor(df["target"].to_numpy(dtype="int64"))
    loss = torch.nn.functional.cross_entropy(logits, target)
    out = {"n": len(df), "value": loss.item()}
    if grad:
        loss.backward()
        out["grad_abs_sum"] = logits.grad.abs().sum().item()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
