"""Interoperability of sovaudit's GGUF and safetensors header parsers with the reference Python
packages (PyPI gguf, safetensors): they write the files, tests/interop/dump_headers prints what
sovaudit parsed, and every value must come back exactly, checked both against what was written
and against what the reference readers (gguf.GGUFReader, safetensors.safe_open/deserialize)
read. Broken copies must be rejected with exit 2.

Usage: weights_reference.py DUMP_HEADERS   (run by weights_reference.sh; exit 0 = all passed)
"""

import importlib.metadata
import json
import os
import struct
import subprocess
import sys
import tempfile

import gguf
import numpy as np
import safetensors
import safetensors.numpy

T = gguf.GGUFValueType
TYPE_NAMES = ["u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "string", "array", "u64", "i64", "f64"]
DUMP = sys.argv[1]
failures = 0
checks = 0


def check(name, ok, detail=""):
    global failures, checks
    checks += 1
    if ok:
        print(f"ok:   {name}")
    else:
        failures += 1
        print(f"FAIL: {name} {detail}")


def dump(kind, path):
    """(exit code, parsed JSON or None, stderr) of dump_headers."""
    p = subprocess.run([DUMP, kind, path], capture_output=True, text=True)
    return p.returncode, (json.loads(p.stdout) if p.returncode == 0 else None), p.stderr


def typed(vtype, value, sub=None):
    """What dump_headers prints for a value of `vtype` (arrays: `sub` is the element type)."""
    if vtype == T.ARRAY:
        return {"type": "array", "element_type": TYPE_NAMES[sub], "value": [typed(sub, v) for v in value]}
    return {"type": TYPE_NAMES[vtype], "value": value}


def flatten(v):
    """The values of a dumped value with arrays flattened, as GGUFReader.contents() gives them."""
    if v["type"] != "array":
        return [v["value"]]
    return [x for e in v["value"] for x in flatten(e)]


def innermost(v):
    while v["type"] == "array":
        if not v["value"]:
            return v["element_type"]
        v = v["value"][0]
    return v["type"]


# ---- GGUF: provenance keys of every kind in formats.md, every value type, nested arrays ----
def write_gguf(path):
    s = {}  # key -> expected dump
    w = gguf.GGUFWriter(path, "llama")
    s["general.architecture"] = typed(T.STRING, "llama")
    strings = {
        "general.name": ("add_name", "Sovereign-Llama 8B Instruct"),
        "general.author": ("add_author", "Kijang AI Lab"),
        "general.organization": ("add_organization", "Kijang"),
        "general.version": ("add_version", "v1.2"),
        "general.basename": ("add_basename", "sovereign-llama"),
        "general.finetune": ("add_finetune", "Instruct"),
        "general.quantized_by": ("add_quantized_by", "Modèle ✓ 日本"),
        "general.license": ("add_license", "llama3.1"),
        "general.license.name": ("add_license_name", "Llama 3.1 Community License"),
        "general.license.link": ("add_license_link", "https://llama.meta.com/llama3_1/license/"),
        "general.url": ("add_url", "https://example.my/models/sovereign-llama"),
        "general.repo_url": ("add_repo_url", "https://huggingface.co/kijang/sovereign-llama"),
        "general.source.url": ("add_source_url", "https://example.my/paper"),
        "general.source.repo_url": ("add_source_repo_url", "https://github.com/kijang/sovereign-llama"),
    }
    for key, (method, value) in strings.items():
        getattr(w, method)(value)
        s[key] = typed(T.STRING, value)
    w.add_string("general.source.huggingface.repository", "kijang/sovereign-llama")
    s["general.source.huggingface.repository"] = typed(T.STRING, "kijang/sovereign-llama")
    for kind, count in (("base_model", 2), ("dataset", 2)):
        getattr(w, f"add_{kind}_count")(count)
        s[f"general.{kind}.count"] = typed(T.UINT32, count)
        for i in range(count):
            for field in ("name", "author", "organization", "version", "url", "repo_url"):
                value = f"{kind} {i} {field}"
                getattr(w, f"add_{kind}_{field}")(i, value)
                s[f"general.{kind}.{i}.{field}"] = typed(T.STRING, value)
    w.add_tags(["text-generation", "malay", "sovereign"])
    s["general.tags"] = typed(T.ARRAY, ["text-generation", "malay", "sovereign"], T.STRING)
    w.add_languages(["ms", "en"])
    s["general.languages"] = typed(T.ARRAY, ["ms", "en"], T.STRING)
    scalars = [
        ("test.u8", 255, T.UINT8), ("test.i8", -128, T.INT8), ("test.u16", 65535, T.UINT16),
        ("test.i16", -32768, T.INT16), ("llama.context_length", 131072, T.UINT32),
        ("test.u32.max", 2**32 - 1, T.UINT32), ("test.i32", -(2**31), T.INT32),
        ("llama.rope.freq_base", 500000.0, T.FLOAT32), ("test.f32", float(np.float32(0.1)), T.FLOAT32),
        ("test.bool.true", True, T.BOOL), ("test.bool.false", False, T.BOOL),
        ("test.u64", 2**64 - 1, T.UINT64), ("test.i64", -(2**63), T.INT64), ("test.f64", -1.25e300, T.FLOAT64),
    ]
    for key, value, vtype in scalars:
        w.add_key_value(key, value, vtype)
        s[key] = typed(vtype, value)
    w.add_key_value("test.u32s", [1, 2, 2**32 - 1], T.ARRAY, sub_type=T.UINT32)
    s["test.u32s"] = typed(T.ARRAY, [1, 2, 2**32 - 1], T.UINT32)
    w.add_key_value("test.u64s", [0, 2**64 - 1], T.ARRAY, sub_type=T.UINT64)
    s["test.u64s"] = typed(T.ARRAY, [0, 2**64 - 1], T.UINT64)
    w.add_array("test.f32s", [0.5, -2.0, 3.25])  # gguf-py stores Python floats as f32
    s["test.f32s"] = typed(T.ARRAY, [0.5, -2.0, 3.25], T.FLOAT32)
    w.add_array("test.bools", [True, False])
    s["test.bools"] = typed(T.ARRAY, [True, False], T.BOOL)
    w.add_array("test.nested", [["a", "b"], ["c"]])
    s["test.nested"] = {"type": "array", "element_type": "array",
                        "value": [typed(T.ARRAY, ["a", "b"], T.STRING), typed(T.ARRAY, ["c"], T.STRING)]}
    tokens = [f"tok{i}" for i in range(150000)]  # 2.5 MB: the reader refills its buffer
    w.add_array("tokenizer.ggml.tokens", tokens)
    s["tokenizer.ggml.tokens"] = typed(T.ARRAY, tokens, T.STRING)
    w.add_tensor("token_embd.weight", np.arange(32, dtype=np.float32).reshape(4, 8))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return s


def check_gguf(work):
    path = os.path.join(work, "model.gguf")
    expected = write_gguf(path)
    rc, got, err = dump("gguf", path)
    check("gguf: sovaudit reads the reference's file", rc == 0, err)
    if rc != 0:
        return
    meta = got["metadata"]
    check("gguf: version 3, one tensor", got["version"] == 3 and got["tensor_count"] == 1, str(got["version"]))
    check("gguf: the same keys as written", sorted(meta) == sorted(expected),
          str(set(meta) ^ set(expected)))
    for key, want in expected.items():
        check(f"gguf: {key} as written", meta.get(key) == want,
              f"got {json.dumps(meta.get(key))[:300]}, want {json.dumps(want)[:300]}")
    reader = gguf.GGUFReader(path)
    fields = {k: f for k, f in reader.fields.items() if not k.startswith("GGUF.")}
    check("gguf: the same keys as GGUFReader", sorted(fields) == sorted(meta))
    for key, field in fields.items():
        ours = meta.get(key)
        if ours is None:
            continue
        same_type = TYPE_NAMES[field.types[0]] == ours["type"] and TYPE_NAMES[field.types[-1]] == innermost(ours)
        contents = field.contents()
        flat = flatten(ours) if field.types[0] == T.ARRAY else flatten(ours)[0]
        check(f"gguf: {key} as GGUFReader reads it", same_type and contents == flat,
              f"reader {field.types} {str(contents)[:200]}, ours {json.dumps(ours)[:200]}")

    data = open(path, "rb").read()
    kv_end = reader.fields["tokenizer.ggml.tokens"].offset  # somewhere inside the metadata
    for n in (0, 3, 20, 24, 31, 100, kv_end + 5, len(data) // 2):
        cut = os.path.join(work, f"cut{n}.gguf")
        open(cut, "wb").write(data[:n])
        rc, _, err = dump("gguf", cut)
        check(f"gguf: cut at byte {n} is rejected (exit 2)", rc == 2 and f"cut{n}.gguf: byte " in err, f"{rc} {err}")
    bad = bytearray(data)
    bad[24:32] = struct.pack("<Q", 2**64 - 1)  # the first key's length
    open(os.path.join(work, "badlen.gguf"), "wb").write(bad)
    rc, _, err = dump("gguf", os.path.join(work, "badlen.gguf"))
    check("gguf: a huge key length is rejected (exit 2)", rc == 2 and "byte 24: key length" in err, err)


# ---- safetensors: __metadata__ and tensors of several dtypes, written by the reference ----
def check_safetensors(work):
    path = os.path.join(work, "model.safetensors")
    tensors = {
        "model.embed.weight": np.arange(12, dtype=np.float32).reshape(3, 4),
        "model.norm.bias": np.ones(5, dtype=np.float16),
        "lm_head.ids": np.arange(7, dtype=np.int64),
        "mask": np.array([[True, False], [False, True]]),
        "empty": np.zeros((0, 4), dtype=np.uint8),
        "scalar": np.array(2.5, dtype=np.float64),
    }
    metadata = {"format": "np", "license": "apache-2.0", "base_model": "meta-llama/Llama-3.1-8B",
                "note": "Modèle ✓ \"quoted\""}
    safetensors.numpy.save_file(tensors, path, metadata=metadata)
    rc, got, err = dump("safetensors", path)
    check("safetensors: sovaudit reads the reference's file", rc == 0, err)
    if rc != 0:
        return
    data = open(path, "rb").read()
    n = struct.unpack("<Q", data[:8])[0]
    check("safetensors: header size", got["header_size"] == n, f"{got['header_size']} != {n}")
    with safetensors.safe_open(path, framework="np") as f:
        check("safetensors: __metadata__ as safe_open reads it", got["metadata"] == f.metadata() == metadata,
              f"{got['metadata']} vs {f.metadata()}")
        names = [t["name"] for t in got["tensors"]]
        check("safetensors: tensor names, sorted", names == sorted(f.keys()) == sorted(tensors), str(names))
        for t in got["tensors"]:
            sl = f.get_slice(t["name"])
            check(f"safetensors: {t['name']} dtype and shape", t["dtype"] == sl.get_dtype()
                  and t["shape"] == list(sl.get_shape()) == list(tensors[t["name"]].shape), json.dumps(t))
    by_name = dict(safetensors.deserialize(data))
    for t in got["tensors"]:
        raw = data[8 + n + t["begin"]:8 + n + t["end"]]
        check(f"safetensors: {t['name']} offsets hold its bytes", bytes(by_name[t["name"]]["data"]) == raw
              and raw == tensors[t["name"]].tobytes(), json.dumps(t))

    def both_reject(name, content):
        p = os.path.join(work, name)
        open(p, "wb").write(content)
        rc, _, err = dump("safetensors", p)
        try:
            safetensors.safe_open(p, framework="np").__enter__()
            ref_rejects = False
        except Exception:  # the reference raises SafetensorError (or OSError)
            ref_rejects = True
        check(f"safetensors: {name} rejected by both (sovaudit exit 2)", rc == 2 and ref_rejects and name in err,
              f"rc {rc}, reference rejects: {ref_rejects}, {err}")

    both_reject("short-data.safetensors", data[:-1])
    both_reject("extra-data.safetensors", data + b"\0")
    both_reject("short-header.safetensors", data[:8 + n // 2])
    both_reject("huge-length.safetensors", struct.pack("<Q", 2**63) + data[8:])
    header = json.loads(data[8:8 + n])
    header["mask"]["data_offsets"][1] += 1  # no longer the size of its shape
    text = json.dumps(header).encode()
    both_reject("bad-offsets.safetensors", struct.pack("<Q", len(text)) + text + data[8 + n:])


with tempfile.TemporaryDirectory() as work:
    check_gguf(work)
    check_safetensors(work)
versions = ", ".join(f"{p} {importlib.metadata.version(p)}" for p in ("gguf", "safetensors", "numpy"))
print(f"{checks} checks, {failures} failed ({versions})")
sys.exit(1 if failures else 0)
