#!/usr/bin/env python3
"""Checks that protokit's own well-known type files describe exactly the same schema as
protoc's copies.

For every file under proto/google/protobuf/ that protokit embeds, this compiles our file and
the reference file that ships with protoc (grpc_tools' bundled copies of protoc 35.1's
include/ directory) with

    python -m grpc_tools.protoc -I<root> --descriptor_set_out=<out> <file>

(no source info, no imports) and requires the two FileDescriptorSets to be byte-identical;
then again with --retain_options, so that source-retention options (extension declarations,
`verification`), which protoc strips by default, are compared too.
Comments and layout are free to differ; every schema fact (names, numbers, types, labels,
defaults, options, reserved and extension ranges, syntax) must match.

Usage: python3 proto/check_wkt.py [--reference-root DIR]
Exit status: 0 when every file matches, 1 on any mismatch or compile error, 77 when
grpc_tools is not installed (the conventional "skipped" status).
"""

import argparse
import os
import subprocess
import sys
import tempfile

FILES = [
    "google/protobuf/any.proto",
    "google/protobuf/api.proto",
    "google/protobuf/compiler/plugin.proto",
    "google/protobuf/cpp_features.proto",
    "google/protobuf/descriptor.proto",
    "google/protobuf/duration.proto",
    "google/protobuf/empty.proto",
    "google/protobuf/field_mask.proto",
    "google/protobuf/go_features.proto",
    "google/protobuf/java_features.proto",
    "google/protobuf/source_context.proto",
    "google/protobuf/struct.proto",
    "google/protobuf/timestamp.proto",
    "google/protobuf/type.proto",
    "google/protobuf/wrappers.proto",
]

SKIP = 77

# protoc flag sets to compare under: the plain descriptor set, then with every option kept.
MODES = [[], ["--retain_options"]]


def describe(fds_bytes):
    """The set as text format, for a readable diff (None if protobuf is unavailable)."""
    try:
        from google.protobuf import descriptor_pb2, text_format
    except ImportError:
        return None
    fds = descriptor_pb2.FileDescriptorSet()
    fds.ParseFromString(fds_bytes)
    return text_format.MessageToString(fds)


def compile_one(root, name, out_dir, tag, extra):
    out = os.path.join(out_dir, tag + "_" + name.replace("/", "_") + ".pb")
    proc = subprocess.run(
        [sys.executable, "-m", "grpc_tools.protoc", f"-I{root}", *extra,
         f"--descriptor_set_out={out}", name],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        return None, proc.stderr.strip()
    with open(out, "rb") as fh:
        return fh.read(), proc.stderr.strip()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference-root", help="directory holding google/protobuf/*.proto "
                        "to compare against (default: grpc_tools' bundled _proto)")
    args = parser.parse_args()

    try:
        import grpc_tools  # noqa: F401
    except ImportError:
        print("skipped: python grpc_tools (protoc) is not installed", file=sys.stderr)
        return SKIP
    reference = args.reference_root or os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")

    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, extra in [(n, e) for e in MODES for n in FILES]:
            label = " ".join(extra + [name])
            ours, ours_err = compile_one(here, name, tmp, "ours", extra)
            ref, ref_err = compile_one(reference, name, tmp, "ref", extra)
            if ours is None or ref is None:
                failures += 1
                print(f"FAIL {label}: compile error\n  ours: {ours_err}\n  reference: {ref_err}")
                continue
            if ours != ref:
                failures += 1
                print(f"FAIL {label}: descriptor sets differ ({len(ours)} vs {len(ref)} bytes)")
                a, b = describe(ours), describe(ref)
                if a is not None:
                    import difflib

                    diff = difflib.unified_diff(
                        b.splitlines(), a.splitlines(), "reference", "ours", lineterm="", n=2
                    )
                    for line in list(diff)[:80]:
                        print("  " + line)
                continue
            if ours_err:
                print(f"warning {label}: protoc printed: {ours_err}")
            print(f"ok   {label}")
    if failures:
        print(f"{failures} of {len(FILES) * len(MODES)} comparisons differ from the reference")
        return 1
    print(f"all {len(FILES)} files match the reference byte for byte "
          f"(with and without --retain_options)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
