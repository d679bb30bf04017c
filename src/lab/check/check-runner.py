"""Loss Lab's check runner: runs ONE loss function or class from a user's Python file on probe inputs.

Shipped with the extension (dist/check-runner.py) and started by Loss Lab only on an explicit
action ("Check against Loss Lab", `loss-lab check`). What runs of the user's file: the file is
parsed with `ast` and only these top-level statements are executed, in file order:
  - imports (`import x`, `from x import y`),
  - simple constant assignments (`NAME = <literal>` such as `EPS = 1e-6`, `-1`, a tuple of numbers),
  - function and class definitions (with their decorators and default values).
Everything else (training loops, top-level calls, `if __name__ == "__main__":` blocks, `try`
blocks, prints) is skipped. Then the named symbol is called on the probe tensors.

Protocol (one JSON object per line):
  stdin line 1:  {"file": PATH, "symbol": NAME}
  stdout line 1: {"type": "symbol", "kind": "function"|"class", "line": N, "params": [...]}
                 or {"type": "error", ...} and exit
  stdin line 2:  {"probes": [{"name", "args": [{"role", "data", "dtype", "grad"}],
                  "ctor": {...}, "kwargs": {...}}]}   (a function gets ctor and kwargs as keywords)
  stdout line 2: {"type": "results", "results": [{"value"?, "perSample"?, "grads"?, "error"?}]}
Errors are data: {"type": "error", "kind": ..., "message": ..., "file"?, "line"?, ...}.
"""
import ast
import inspect
import json
import math
import os
import sys
import traceback


def finite(x):
    """JSON has no NaN or infinity: they travel as the strings "NaN", "Infinity", "-Infinity"."""
    if isinstance(x, float) and not math.isfinite(x):
        return "NaN" if x != x else ("Infinity" if x > 0 else "-Infinity")
    if isinstance(x, list):
        return [finite(v) for v in x]
    if isinstance(x, dict):
        return {k: finite(v) for k, v in x.items()}
    return x


# The protocol owns stdout; whatever the user's code prints goes to stderr (kept by Loss Lab up to
# a cap, never parsed), so a debugging print cannot break the answer.
PROTOCOL = sys.stdout
sys.stdout = sys.stderr


def emit(obj):
    PROTOCOL.write(json.dumps(finite(obj), allow_nan=False) + "\n")
    PROTOCOL.flush()


def fail(kind, message=None, **extra):
    emit(dict(type="error", kind=kind, message=message, **extra))
    sys.exit(0)


def is_simple_constant(node):
    """A literal (numbers, strings, tuples/lists of them, unary minus): safe to evaluate."""
    try:
        ast.literal_eval(node)
        return True
    except Exception:
        return False


def kept_statements(tree):
    kept = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            kept.append(node)
        elif isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets) and is_simple_constant(node.value):
            kept.append(node)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None and is_simple_constant(node.value):
            kept.append(node)
    return kept


def user_frame(tb, path):
    """The last traceback frame in the user's file (else the last frame)."""
    frames = traceback.extract_tb(tb)
    mine = [f for f in frames if os.path.abspath(f.filename) == path]
    f = (mine or frames or [None])[-1]
    return f


def raise_info(e, path):
    f = user_frame(e.__traceback__, path)
    info = {"exception": type(e).__name__, "message": f"{type(e).__name__}: {e}".strip()}
    if f is not None:
        info["file"] = f.filename
        info["line"] = f.lineno
    return info


def load(path, symbol):
    try:
        with open(path, encoding="utf-8") as fh:
            source = fh.read()
    except OSError as e:
        fail("file", f"cannot read {path}: {e.strerror}", file=path)
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as e:
        fail("syntax", f"SyntaxError: {e.msg}", file=path, line=e.lineno or 0, column=e.offset or 0)
    defined = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    if symbol not in defined:
        lossy = [n for n in defined if "loss" in n.lower() or "criterion" in n.lower()]
        fail("symbol", f"no function or class named {symbol} at the top level of {os.path.basename(path)}",
             file=path, candidates=lossy or defined)
    module = ast.Module(body=kept_statements(tree), type_ignores=[])
    code = compile(module, path, "exec")
    namespace = {"__name__": "loss_lab_checked", "__file__": path}
    sys.path.insert(0, os.path.dirname(path))
    try:
        exec(code, namespace)
    except ModuleNotFoundError as e:
        mod = e.name or str(e)
        top = mod.split(".")[0]
        fail("import", f"module {mod} does not import in {sys.executable}", module=mod, interpreter=sys.executable,
             install=f"{sys.executable} -m pip install {top}", file=path, **{k: v for k, v in raise_info(e, path).items() if k == "line"})
    except Exception as e:
        info = raise_info(e, path)
        info["message"] = f"{info['message']} while defining the file's functions and classes"
        fail("raised", **info)
    obj = namespace[symbol]
    line = next(n.lineno for n in tree.body if getattr(n, "name", None) == symbol)
    return obj, line


def signature_params(fn, skip_self):
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return []
    out = []
    for i, p in enumerate(sig.parameters.values()):
        if skip_self and i == 0:
            continue
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        d = None
        has_default = p.default is not inspect.Parameter.empty
        if has_default:
            v = p.default
            if isinstance(v, bool) or isinstance(v, (int, float, str)) or v is None:
                d = v
            elif isinstance(v, (list, tuple)) and all(isinstance(x, (int, float)) for x in v):
                d = list(v)
            else:
                d = repr(v)
        out.append({"name": p.name, "hasDefault": has_default, "default": d})
    return out


def describe(obj, line):
    if inspect.isclass(obj):
        return {"type": "symbol", "kind": "class", "line": line,
                "params": signature_params(obj.__init__, True),
                "callParams": signature_params(getattr(obj, "forward", obj.__call__), True)}
    if callable(obj):
        return {"type": "symbol", "kind": "function", "line": line, "params": [], "callParams": signature_params(obj, False)}
    fail("symbol", "is neither a function nor a class", line=line)


def to_list(t):
    return t.detach().cpu().double().reshape(-1).tolist()


def run(obj, path, request):
    import torch  # the user's code needs PyTorch; imported after their imports so a missing torch is reported as theirs
    is_class = inspect.isclass(obj)
    results = []
    for probe in request["probes"]:
        try:
            args, grads = [], {}
            for a in probe["args"]:
                dtype = torch.long if a["dtype"] == "long" else torch.float32
                t = torch.tensor(a["data"], dtype=dtype)
                if a["grad"]:
                    t.requires_grad_(True)
                    grads[a["role"]] = t
                args.append(t)
            kwargs = {}
            for k, v in probe.get("kwargs", {}).items():
                kwargs[k] = torch.tensor(v, dtype=torch.float32) if isinstance(v, list) else v
            ctor = {}
            for k, v in probe.get("ctor", {}).items():
                ctor[k] = torch.tensor(v, dtype=torch.float32) if isinstance(v, list) else v
            if is_class:
                fn = obj(**ctor)
                out = fn(*args, **kwargs)
            else:
                out = obj(*args, **kwargs, **ctor)
        except Exception as e:
            results.append({"error": dict(kind="raised", **raise_info(e, path))})
            continue
        if isinstance(out, (tuple, list)) and len(out) > 0:
            out = out[0]
        if isinstance(out, (int, float)):
            results.append({"error": {"kind": "type", "message": f"returned a Python {type(out).__name__} ({out}), not a tensor: "
                                                                   "the value carries no gradient (.item() or float() on the loss?)"},
                            "value": float(out)})
            continue
        if not isinstance(out, torch.Tensor):
            results.append({"error": {"kind": "type", "message": f"returned {type(out).__name__}, expected a torch.Tensor"}})
            continue
        res = {"shape": list(out.shape)}
        vals = to_list(out)
        if out.dim() == 0:
            res["value"] = vals[0]
        else:
            res["perSample"] = vals
        total = out.sum() if out.dim() > 0 else out
        res["grads"] = {}
        if total.requires_grad and total.dtype.is_floating_point:
            try:
                gs = torch.autograd.grad(total, list(grads.values()), allow_unused=True)
                for (role, t), g in zip(grads.items(), gs):
                    res["grads"][role] = None if g is None else to_list(g)
            except Exception as e:
                res["error"] = dict(kind="raised", **raise_info(e, path))
        else:
            for role in grads:
                res["grads"][role] = None
        results.append(res)
    return results


def main():
    first = json.loads(sys.stdin.readline())
    path = os.path.abspath(first["file"])
    obj, line = load(path, first["symbol"])
    emit(describe(obj, line))
    second = sys.stdin.readline()
    if not second.strip():
        return
    try:
        import torch  # noqa: F401
    except ModuleNotFoundError:
        fail("import", f"module torch does not import in {sys.executable}", module="torch", interpreter=sys.executable,
             install=f"{sys.executable} -m pip install torch")
    emit({"type": "results", "results": run(obj, path, json.loads(second))})


if __name__ == "__main__":
    main()
