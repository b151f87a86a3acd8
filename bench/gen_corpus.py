#!/usr/bin/env python3
"""Deterministic synthetic .proto corpus generator for protokit benchmarks.

Writes N .proto files under OUT (plus one shared custom-options file) shaped like a large
real-world API repository:

* packages spread over directories (``acme/<area>/<topic>/v<k>/<name>_<i>.proto``);
* imports forming a DAG (file i only imports files j < i): a fixed-size "common" layer
  imported from everywhere plus earlier files of the same package, so transitive closures stay
  bounded as N grows (``--shape chain`` instead makes chains, and closures, grow with N); some
  imports are ``import public`` and some types are only reachable through a public re-export;
* well-known type imports (timestamp, duration, any, empty, struct, wrappers, field_mask);
* messages with nested messages and enums, oneofs, maps, repeated fields, reserved ranges and
  names, proto3 ``optional``, proto2 groups/defaults/extension ranges and extensions;
* services with unary, server-, client- and bidi-streaming methods;
* custom options declared in ``acme/options/annotations.proto`` (extensions of File, Message,
  Field, Oneof, Enum, EnumValue, Service and Method options) used everywhere, including
  aggregate (message literal) values;
* comments in every position protoc attaches them to (leading, trailing, detached), both
  ``//`` and ``/* */`` styles, some with non-ASCII text;
* a mix of proto3 (majority), proto2 and ``edition = "2023"`` files (with feature options).

The output only depends on ``--files`` and ``--seed``. Every file imports only files it
needs, so a corpus compiles with protoc with no errors (checked at 1k by bench/run.sh and
bench/check_corpus.sh).

Usage: gen_corpus.py --files 1000 --out /tmp/corpus-1k [--seed 1] [--list files.txt]
                     [--shape layered|chain]
"""

from __future__ import annotations

import argparse
import os
import random
import sys

OPTIONS_FILE = "acme/options/annotations.proto"
OPTIONS_PKG = "acme.options"

AREAS = [
    "billing", "compute", "storage", "identity", "network", "analytics", "media", "search",
    "payments", "logistics", "inventory", "catalog", "messaging", "security", "monitoring",
    "devices", "maps", "ads", "retail", "health",
]
TOPICS = [
    "accounts", "orders", "invoices", "quotas", "jobs", "clusters", "buckets", "policies",
    "routes", "events", "reports", "streams", "assets", "queries", "tokens", "sessions",
    "alerts", "metrics", "fleets", "regions", "shipments", "carts", "offers", "profiles",
    "channels", "topics", "keys", "audits", "snapshots", "backups", "tables", "models",
    "pipelines", "schedules", "tenants", "workers", "ledgers", "budgets", "rules", "zones",
]
# Lowercase words used for field names (always suffixed with _<n>, so they never clash with
# package components or with each other after JSON camel-casing).
FIELD_WORDS = [
    "name", "id", "title", "display", "state", "count", "size", "owner", "labels", "parent",
    "created", "updated", "expire", "etag", "version", "kind", "value", "amount", "currency",
    "region", "zone", "limit", "offset", "token", "filter", "order", "total", "status", "reason",
    "detail", "uri", "path", "email", "phone", "score", "weight", "ratio", "enabled", "payload",
    "checksum", "priority", "deadline", "source", "target", "mode", "level", "tag", "note",
]
TYPE_WORDS = [
    "Account", "Order", "Invoice", "Quota", "Job", "Cluster", "Bucket", "Policy", "Route",
    "Event", "Report", "Stream", "Asset", "Query", "Token", "Session", "Alert", "Metric",
    "Fleet", "Region", "Shipment", "Cart", "Offer", "Profile", "Channel", "Topic", "Key",
    "Audit", "Snapshot", "Backup", "Table", "Model", "Pipeline", "Schedule", "Tenant", "Worker",
    "Ledger", "Budget", "Rule", "Zone", "Config", "Spec", "Summary", "Detail", "Binding",
]
VERBS = ["Get", "List", "Create", "Update", "Delete", "Watch", "Upload", "Sync", "Batch", "Run"]
FILE_WORDS = ["resources", "service", "types", "common", "messages", "api", "model", "events"]

SCALARS = [
    "double", "float", "int64", "uint64", "int32", "fixed64", "fixed32", "bool", "string",
    "bytes", "uint32", "sfixed32", "sfixed64", "sint32", "sint64",
]
MAP_KEYS = [
    "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64",
    "sfixed32", "sfixed64", "bool", "string",
]
INT_SCALARS = {"int64", "uint64", "int32", "fixed64", "fixed32", "uint32", "sfixed32",
               "sfixed64", "sint32", "sint64"}

WKT = {
    "google/protobuf/timestamp.proto": ["google.protobuf.Timestamp"],
    "google/protobuf/duration.proto": ["google.protobuf.Duration"],
    "google/protobuf/any.proto": ["google.protobuf.Any"],
    "google/protobuf/empty.proto": ["google.protobuf.Empty"],
    "google/protobuf/struct.proto": ["google.protobuf.Struct", "google.protobuf.Value",
                                     "google.protobuf.ListValue"],
    "google/protobuf/wrappers.proto": ["google.protobuf.StringValue",
                                       "google.protobuf.Int64Value",
                                       "google.protobuf.BoolValue",
                                       "google.protobuf.DoubleValue"],
    "google/protobuf/field_mask.proto": ["google.protobuf.FieldMask"],
}
WKT_FILES = sorted(WKT)

COMMENT_WORDS = [
    "the", "resource", "identifier", "must", "be", "unique", "within", "parent", "output",
    "only", "populated", "by", "server", "when", "request", "is", "processed", "see", "also",
    "format", "deprecated", "use", "instead", "optional", "required", "for", "all", "calls",
    "naïve", "café", "déjà-vu", "日本語", "→", "ünïcödé",
]

OPTIONS_TEXT = """\
// Custom options shared by every file of the synthetic corpus.
//
// Modeled on google/api/annotations.proto and friends: extensions of every *Options message,
// scalar, repeated and message-typed (aggregate) options.
syntax = "proto2";

package acme.options;

import "google/protobuf/descriptor.proto";

option go_package = "example.com/acme/options;options";
option java_multiple_files = true;
option java_outer_classname = "AnnotationsProto";
option java_package = "com.acme.options";

// A rule attached to files and messages.
message Rule {
  // Rule name.
  optional string name = 1;
  optional int32 level = 2;
  repeated string tags = 3;
  optional Sub sub = 4;
  optional Severity severity = 5;

  // Nested settings.
  message Sub {
    optional bool enabled = 1;
    optional double ratio = 2;
  }

  enum Severity {
    SEVERITY_UNKNOWN = 0;
    SEVERITY_LOW = 1;
    SEVERITY_HIGH = 2;
  }
}

// Per-field metadata.
message FieldMeta {
  optional bool sensitive = 1;
  optional uint32 max_len = 2;
  optional string pattern = 3;
  repeated int64 allowed = 4;
}

// HTTP mapping, like google.api.HttpRule.
message HttpRule {
  oneof pattern {
    string get = 2;
    string put = 3;
    string post = 4;
    string delete = 5;
    string patch = 6;
  }
  optional string body = 7;
  repeated HttpRule additional_bindings = 11;
}

extend google.protobuf.FileOptions {
  optional string file_owner = 50001;
  optional Rule file_rule = 50002;
}

extend google.protobuf.MessageOptions {
  // The message-level rule.
  optional Rule rule = 50101;
  optional bool internal = 50102;
  optional string resource_type = 50103;
}

extend google.protobuf.FieldOptions {
  optional FieldMeta field_meta = 50201;
  optional string label = 50202;
  repeated string aliases = 50203;
  optional int64 weight = 50204;
}

extend google.protobuf.OneofOptions {
  optional bool exclusive = 50301;
}

extend google.protobuf.EnumOptions {
  optional string enum_doc = 50401;
}

extend google.protobuf.EnumValueOptions {
  optional string display = 50501;
}

extend google.protobuf.ServiceOptions {
  optional string host = 50601;
}

extend google.protobuf.MethodOptions {
  optional HttpRule http = 50701;
  repeated string scopes = 50702;
}
"""


def camel(snake: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in snake.split("_"))


def upper_snake(name: str) -> str:
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i and not name[i - 1].isupper():
            out.append("_")
        out.append(ch.upper())
    return "".join(out)


class TypeRef:
    """A type a file can refer to."""

    __slots__ = ("full", "is_enum", "closed", "extendable", "file")

    def __init__(self, full, is_enum, closed, extendable, file):
        self.full = full
        self.is_enum = is_enum
        self.closed = closed  # enums: closed (proto2 / features.enum_type = CLOSED)
        self.extendable = extendable  # messages: (start, end) of an extension range, or None
        self.file = file


class FileInfo:
    __slots__ = ("index", "path", "package", "syntax", "types", "public_closure")

    def __init__(self, index, path, package, syntax):
        self.index = index
        self.path = path
        self.package = package
        self.syntax = syntax
        self.types: list[TypeRef] = []
        # Indices of files whose types are visible through importing this file (itself and,
        # transitively, its public imports).
        self.public_closure: list[int] = [index]


class Writer:
    def __init__(self):
        self.lines: list[str] = []
        self.depth = 0

    def line(self, text=""):
        if text:
            self.lines.append("  " * self.depth + text)
        else:
            self.lines.append("")

    def text(self):
        return "\n".join(self.lines) + "\n"


class Gen:
    def __init__(self, n_files: int, seed: int, shape: str = "layered"):
        self.n = n_files
        self.shape = shape
        self.by_package: dict[str, list[int]] = {}
        self.rng = random.Random(seed)
        self.files: list[FileInfo] = []
        self.ext_next: dict[str, int] = {}  # extendee full name -> next free extension number
        self.plan()

    # ----------------------------------------------------------------------------- planning

    def plan(self):
        rng = self.rng
        n_pkgs = max(1, self.n // 18)
        pkgs = []
        seen = set()
        while len(pkgs) < n_pkgs:
            area = rng.choice(AREAS)
            topic = rng.choice(TOPICS)
            ver = rng.choice([1, 1, 1, 2, 2, 3])
            key = (area, topic, ver)
            if key in seen:
                if len(seen) >= len(AREAS) * len(TOPICS) * 3:
                    break
                continue
            seen.add(key)
            pkgs.append(key)
        self.pkgs = pkgs
        for i in range(self.n):
            # Files of the same package are mostly contiguous, so "nearby" imports tend to stay
            # inside a package or area, like real repositories.
            area, topic, ver = pkgs[min(len(pkgs) - 1, i * len(pkgs) // self.n)]
            if rng.random() < 0.1:
                area, topic, ver = rng.choice(pkgs)
            r = rng.random()
            syntax = "proto3" if r < 0.7 else ("proto2" if r < 0.85 else "2023")
            path = f"acme/{area}/{topic}/v{ver}/{rng.choice(FILE_WORDS)}_{i}.proto"
            self.files.append(FileInfo(i, path, f"acme.{area}.{topic}.v{ver}", syntax))

    # ----------------------------------------------------------------------------- helpers

    def comment(self, w: Writer, min_words=3, max_words=14, block=None):
        rng = self.rng
        words = " ".join(rng.choice(COMMENT_WORDS) for _ in range(rng.randint(min_words, max_words)))
        words = words[:1].upper() + words[1:] + "."
        if block is None:
            block = rng.random() < 0.12
        if block:
            if rng.random() < 0.5:
                w.line(f"/* {words} */")
            else:
                w.line("/*")
                w.line(f" * {words}")
                w.line(" * Second line of the comment.")
                w.line(" */")
        else:
            w.line(f"// {words}")
            if rng.random() < 0.3:
                w.line("// More details follow on this line.")

    def maybe_comment(self, w: Writer, p=0.5):
        if self.rng.random() < p:
            if self.rng.random() < 0.1:
                # A detached comment: separated from the element by a blank line.
                self.comment(w)
                w.line()
            self.comment(w)

    def trailing(self, p=0.2):
        if self.rng.random() < p:
            if self.rng.random() < 0.2:
                return " /* trailing block */"
            return " // " + " ".join(self.rng.choice(COMMENT_WORDS) for _ in range(3))
        return ""

    def str_lit(self):
        rng = self.rng
        s = "-".join(rng.choice(COMMENT_WORDS[:28]) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.1:
            s += "\\n\\t\\\"q\\\""
        return f'"{s}"'

    # ----------------------------------------------------------------------------- per file

    def generate(self, out_dir: str, list_file: str | None):
        os.makedirs(os.path.join(out_dir, os.path.dirname(OPTIONS_FILE)), exist_ok=True)
        with open(os.path.join(out_dir, OPTIONS_FILE), "w", encoding="utf-8") as f:
            f.write(OPTIONS_TEXT)
        paths = [OPTIONS_FILE]
        made_dirs = set()
        for info in self.files:
            text = self.gen_file(info)
            full = os.path.join(out_dir, info.path)
            d = os.path.dirname(full)
            if d not in made_dirs:
                os.makedirs(d, exist_ok=True)
                made_dirs.add(d)
            with open(full, "w", encoding="utf-8") as f:
                f.write(text)
            paths.append(info.path)
        if list_file:
            with open(list_file, "w", encoding="utf-8") as f:
                f.write("\n".join(paths) + "\n")
        return paths

    def pick_imports(self, info: FileInfo):
        """Imports of file i, all among files j < i (so the graph is a DAG).

        ``layered`` (default, like googleapis): the first ``min(120, N/10)`` files are a
        "common" layer (think google/api, google/type) importing only each other; every
        other file imports common files and earlier files of its own package. Transitive
        closures stay bounded as N grows. ``chain``: imports of any of the 40 previous files,
        so import chains, and transitive closures, grow with N (a stress test).
        """
        rng = self.rng
        i = info.index
        same_pkg = self.by_package.setdefault(info.package, [])
        if i == 0:
            same_pkg.append(i)
            return []
        want = rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5])
        chosen: list[int] = []
        n_common = min(120, max(1, self.n // 10)) if self.shape == "layered" else max(1, self.n // 50)
        for _ in range(want * 3):
            if len(chosen) >= want:
                break
            if self.shape == "chain":
                if rng.random() < 0.4:
                    j = rng.randrange(0, min(i, n_common))
                else:
                    j = rng.randrange(max(0, i - 40), i)
            elif i < n_common or rng.random() < 0.45 or not same_pkg:
                j = rng.randrange(0, min(i, n_common))
            else:
                j = rng.choice(same_pkg[-30:])
            if j not in chosen:
                chosen.append(j)
        same_pkg.append(i)
        return chosen

    def gen_file(self, info: FileInfo) -> str:
        rng = self.rng
        syn = info.syntax
        self.cur = info
        self.proto2 = syn == "proto2"
        self.proto3 = syn == "proto3"
        self.edition = syn == "2023"
        self.ext_counter = 0
        self.file_implicit = self.edition and rng.random() < 0.3

        imports = self.pick_imports(info)
        public = []
        for j in imports:
            if rng.random() < 0.12 and len(self.files[j].public_closure) <= 4:
                public.append(j)
        # Visible types: from every directly imported file, its public closure.
        visible: list[TypeRef] = []
        must_use: list[TypeRef] = []
        for j in imports:
            closure = self.files[j].public_closure
            vis_j = [t for k in closure for t in self.files[k].types]
            vis_j = [t for t in vis_j if self.type_usable(t)]
            visible.extend(vis_j)
            if j not in public:
                if vis_j:
                    must_use.append(rng.choice(vis_j))
                else:
                    # Nothing usable from that file: drop the import (avoid unused-import noise).
                    imports = [k for k in imports if k != j]
        for j in public:
            info.public_closure.extend(k for k in self.files[j].public_closure
                                       if k not in info.public_closure)
        wkts = sorted(set(rng.sample(WKT_FILES, rng.choice([0, 1, 1, 2, 3]))))
        for wf in wkts:
            must_use.append(TypeRef(rng.choice(WKT[wf]), False, False, None, -1))
            visible.extend(TypeRef(t, False, False, None, -1) for t in WKT[wf])
        self.visible = visible
        self.must_use = must_use
        self.extendables = [t for t in visible if t.extendable and not t.is_enum]
        self.use_options = rng.random() < 0.8

        w = Writer()
        # Header: copyright-style detached comment.
        w.line("// Copyright 2026 Acme Corp. Synthetic benchmark corpus.")
        w.line("//")
        w.line(f"// File {info.index} of {self.n}: {info.path}")
        w.line()
        if rng.random() < 0.5:
            self.comment(w)
        if self.edition:
            w.line('edition = "2023";')
        else:
            w.line(f'syntax = "{syn}";')
        w.line()
        self.maybe_comment(w, 0.2)
        w.line(f"package {info.package};")
        w.line()
        imp_lines = []
        for wf in wkts:
            imp_lines.append(f'import "{wf}";')
        if self.use_options:
            imp_lines.append(f'import "{OPTIONS_FILE}";')
        for j in imports:
            kw = "public " if j in public else ""
            imp_lines.append(f'import {kw}"{self.files[j].path}";')
        imp_lines.sort()
        for k, line in enumerate(imp_lines):
            if rng.random() < 0.1:
                self.comment(w, block=False)
            w.line(line + (self.trailing(0.05)))
        if imp_lines:
            w.line()
        self.file_options(w, info)
        w.line()

        n_top = rng.randint(2, 7)
        n_enums = rng.choice([0, 1, 1, 2])
        n_services = 1 if rng.random() < 0.35 else 0
        # Declare top-level names first so messages can reference later ones too.
        base = rng.choice(TYPE_WORDS)
        msg_names = [f"{rng.choice(TYPE_WORDS)}{info.index}x{k}" for k in range(n_top)]
        enum_names = [f"{base}Kind{info.index}x{k}" for k in range(n_enums)]
        self.own_msgs = [f"{info.package}.{m}" for m in msg_names]
        self.own_enum_refs = []
        for k, e in enumerate(enum_names):
            closed = self.proto2 or (self.edition and k % 2 == 1)
            self.own_enum_refs.append(TypeRef(f"{info.package}.{e}", True, closed, None,
                                              info.index))

        blocks = []
        for k, name in enumerate(enum_names):
            blocks.append(("enum", name, self.own_enum_refs[k].closed))
        for name in msg_names:
            blocks.append(("msg", name, None))
        rng.shuffle(blocks)
        for kind, name, closed in blocks:
            self.maybe_comment(w, 0.75)
            if kind == "enum":
                self.gen_enum(w, name, closed, info.package, top=True)
            else:
                self.gen_message(w, name, info.package, depth=0)
            w.line()
        if (self.proto2 or self.edition) and self.extendables and rng.random() < 0.5:
            self.gen_extend(w, rng.choice(self.extendables))
            w.line()
        for s in range(n_services):
            self.maybe_comment(w, 0.9)
            self.gen_service(w, f"{base}{info.index}Service{s}")
            w.line()
        if rng.random() < 0.2:
            self.comment(w)
        # Any must-use type left (no field picked it): make sure it is used somewhere.
        if self.must_use:
            w.line(f"// Uses the remaining imports.")
            w.line(f"message Uses{info.index} {{")
            w.depth += 1
            for k, t in enumerate(self.must_use):
                lab = "optional " if self.proto2 else ""
                w.line(f"{lab}{self.ref(t)} dep_{k + 1} = {k + 1};")
            w.depth -= 1
            w.line("}")
            self.must_use = []
        while w.lines and w.lines[-1] == "":
            w.lines.pop()
        return w.text()

    def type_usable(self, t: TypeRef) -> bool:
        # Closed enums cannot be used by proto3 files nor by implicit-presence fields.
        if t.is_enum and t.closed and (self.proto3 or self.file_implicit):
            return False
        return True

    def file_options(self, w: Writer, info: FileInfo):
        rng = self.rng
        parts = info.package.split(".")
        w.line(f'option go_package = "example.com/{"/".join(parts)};{parts[-2]}{parts[-1]}";')
        if rng.random() < 0.7:
            w.line("option java_multiple_files = true;")
            w.line(f'option java_outer_classname = "{camel(os.path.basename(info.path)[:-6])}Proto";')
            w.line(f'option java_package = "com.{info.package}";')
        if rng.random() < 0.3:
            w.line(f'option csharp_namespace = "{".".join(camel(p) for p in parts)}";')
            php = "\\\\".join(camel(p) for p in parts)
            w.line(f'option php_namespace = "{php}";')
        if rng.random() < 0.15:
            w.line("option cc_enable_arenas = true;")
        if self.edition:
            if self.file_implicit:
                w.line("option features.field_presence = IMPLICIT;")
            if rng.random() < 0.2:
                w.line("option features.utf8_validation = NONE;")
        if self.use_options and rng.random() < 0.5:
            w.line(f'option ({OPTIONS_PKG}.file_owner) = "team-{rng.randint(1, 99)}@acme.example";')
            if rng.random() < 0.4:
                w.line(f"option ({OPTIONS_PKG}.file_rule) = {{")
                w.depth += 1
                w.line(f"name: {self.str_lit()}")
                w.line(f"level: {rng.randint(0, 9)}")
                w.line('tags: ["a", "b"]')
                w.depth -= 1
                w.line("};")

    def pick_type(self, allow_enum=True, msg_only=False, depth_scope=None):
        """Returns (type text, is_enum, closed, is_message)."""
        rng = self.rng
        if self.must_use and rng.random() < 0.6 and not (msg_only and self.must_use[-1].is_enum):
            t = self.must_use.pop()
            return self.ref(t), t.is_enum, t.closed, not t.is_enum
        r = rng.random()
        if r < 0.45 and not msg_only:
            return rng.choice(SCALARS), False, False, False
        if r < 0.6 and allow_enum and not msg_only and self.own_enum_refs:
            cands = [e for e in self.own_enum_refs if self.type_usable(e)]
            if cands:
                e = rng.choice(cands)
                return self.ref(e), True, e.closed, False
        if r < 0.8 and self.visible:
            t = rng.choice(self.visible)
            if (allow_enum or not t.is_enum) and not (msg_only and t.is_enum):
                return self.ref(t), t.is_enum, t.closed, not t.is_enum
        if self.own_msgs:
            m = rng.choice(self.own_msgs)
            return m[len(self.cur.package) + 1:], False, False, True
        return "string", False, False, False

    def ref(self, t: TypeRef) -> str:
        if t.full.startswith(self.cur.package + ".") and t.file >= 0:
            rest = t.full[len(self.cur.package) + 1:]
            if self.rng.random() < 0.7:
                return rest
        if self.rng.random() < 0.2:
            return "." + t.full
        return t.full

    # ----------------------------------------------------------------------------- elements

    def field_opts(self, opts: list[str]):
        return f" [{', '.join(opts)}]" if opts else ""

    def custom_field_opts(self, scalar: str | None):
        rng = self.rng
        opts = []
        if not self.use_options:
            return opts
        r = rng.random()
        if r < 0.08:
            opts.append(f"({OPTIONS_PKG}.field_meta) = {{sensitive: true, max_len: {rng.randint(1, 512)}}}")
        elif r < 0.14:
            opts.append(f"({OPTIONS_PKG}.label) = {self.str_lit()}")
        elif r < 0.17:
            opts.append(f"({OPTIONS_PKG}.weight) = -{rng.randint(1, 10**12)}")
        elif r < 0.19:
            opts.append(f"({OPTIONS_PKG}.field_meta).pattern = \"^[a-z]+$\"")
        elif r < 0.21:
            opts.append(f"({OPTIONS_PKG}.aliases) = \"x\"")
            opts.append(f"({OPTIONS_PKG}.aliases) = \"y\"")
        return opts

    def gen_field(self, w: Writer, fname: str, number: int, in_oneof=False, label_ok=True):
        """One field line. Returns nothing; may emit a leading comment."""
        rng = self.rng
        typ, is_enum, closed, is_msg = self.pick_type()
        is_scalar = not is_enum and not is_msg
        label = ""
        opts: list[str] = []
        repeated = False
        if not in_oneof and label_ok:
            r = rng.random()
            if r < 0.2:
                label = "repeated "
                repeated = True
            elif self.proto2:
                label = "required " if r < 0.25 and not is_msg else "optional "
            elif self.proto3 and r < 0.3:
                label = "optional "
        if self.proto2 and not label and not in_oneof:
            label = "optional "
        if rng.random() < 0.04:
            opts.append("deprecated = true")
        if self.proto2 and is_scalar and not repeated and not in_oneof and rng.random() < 0.15:
            opts.append(f"default = {self.default_for(typ)}")
        if self.proto2 and repeated and typ in INT_SCALARS and rng.random() < 0.3:
            opts.append("packed = true")
        if self.edition and not in_oneof:
            if is_scalar and not repeated and rng.random() < 0.2:
                opts.append("features.field_presence = IMPLICIT")
            elif is_scalar and not repeated and not self.file_implicit and rng.random() < 0.08:
                opts.append(f"default = {self.default_for(typ)}")
            elif repeated and typ in INT_SCALARS and rng.random() < 0.2:
                opts.append("features.repeated_field_encoding = EXPANDED")
            elif is_msg and not repeated and rng.random() < 0.05:
                opts.append("features.message_encoding = DELIMITED")
        if self.edition and typ == "string" and rng.random() < 0.05:
            opts.append("features.utf8_validation = NONE")
        if rng.random() < 0.03:
            opts.append(f'json_name = "{camel(fname)}Json"')
        opts.extend(self.custom_field_opts(typ if is_scalar else None))
        if rng.random() < 0.15 and len(opts) >= 2:
            # Options spread over several lines, like googleapis' field_behavior annotations.
            w.line(f"{label}{typ} {fname} = {number} [")
            w.depth += 2
            for k, o in enumerate(opts):
                w.line(o + ("," if k + 1 < len(opts) else ""))
            w.depth -= 2
            w.line("];" + self.trailing())
        else:
            w.line(f"{label}{typ} {fname} = {number}{self.field_opts(opts)};" + self.trailing())

    def default_for(self, typ: str) -> str:
        rng = self.rng
        if typ == "string":
            return '"dflt"'
        if typ == "bytes":
            return '"\\x01\\002z"'
        if typ == "bool":
            return rng.choice(["true", "false"])
        if typ in ("double", "float"):
            return rng.choice(["1.5", "-2.25e3", "inf", "-inf", "nan", "0"])
        if typ.startswith("u") or typ.startswith("fixed"):
            return str(rng.randint(0, 1000))
        return str(rng.randint(-1000, 1000))

    def gen_message(self, w: Writer, name: str, scope: str, depth: int):
        rng = self.rng
        full = f"{scope}.{name}"
        extendable = None
        if (self.proto2 or self.edition) and rng.random() < 0.25:
            extendable = (1000, 1999)
        # Register the message (nested ones too) so other files can use it.
        self.cur.types.append(TypeRef(full, False, False, extendable, self.cur.index))
        w.line(f"message {name} {{")
        w.depth += 1
        if self.use_options and rng.random() < 0.25:
            r = rng.random()
            if r < 0.5:
                w.line(f"option ({OPTIONS_PKG}.rule) = {{")
                w.depth += 1
                w.line(f"name: {self.str_lit()}")
                w.line(f"level: {rng.randint(0, 5)}")
                w.line("tags: \"x\" tags: \"y\"")
                w.line(f"sub {{ enabled: true ratio: 0.{rng.randint(1, 99)} }}")
                w.line("severity: SEVERITY_HIGH")
                w.depth -= 1
                w.line("};")
            elif r < 0.8:
                w.line(f'option ({OPTIONS_PKG}.resource_type) = "acme.example/{name}";')
            else:
                w.line(f"option ({OPTIONS_PKG}.internal) = true;")
        if rng.random() < 0.03:
            w.line("option deprecated = true;")
        number = 1
        idx = 0
        n_fields = rng.randint(1, 12)
        nested_msgs = []
        nested_enums = []
        if depth < 2:
            for k in range(rng.choice([0, 0, 0, 1, 1, 2])):
                nested_msgs.append(f"{rng.choice(TYPE_WORDS)}{chr(65 + k)}{depth}")
            for k in range(rng.choice([0, 0, 1])):
                nested_enums.append(f"{rng.choice(TYPE_WORDS)}State{k}")
        saved_enums = self.own_enum_refs
        saved_msgs = self.own_msgs
        # Nested types are visible inside this message by their short names.
        self.own_enum_refs = saved_enums + [
            TypeRef(f"{full}.{e}", True, self.proto2, None, self.cur.index) for e in nested_enums]
        self.own_msgs = saved_msgs + [f"{full}.{m}" for m in nested_msgs]
        for e in nested_enums:
            # Record their closedness before fields reference them.
            pass
        items = ["field"] * n_fields + ["msg:" + m for m in nested_msgs] + \
            ["enum:" + e for e in nested_enums]
        if rng.random() < 0.25:
            items.append("oneof")
        if rng.random() < 0.2:
            items.append("map")
        if self.proto2 and rng.random() < 0.08:
            items.append("group")
        rng.shuffle(items)
        for item in items:
            if item == "field":
                idx += 1
                self.maybe_comment(w, 0.45)
                if rng.random() < 0.05:
                    number += rng.randint(1, 3)  # leave gaps (some get reserved below)
                self.gen_field(w, f"{rng.choice(FIELD_WORDS)}_{idx}", number)
                number += 1
            elif item.startswith("msg:"):
                self.maybe_comment(w, 0.6)
                self.gen_message(w, item[4:], full, depth + 1)
            elif item.startswith("enum:"):
                self.maybe_comment(w, 0.6)
                self.gen_enum(w, item[5:], self.proto2, full, top=False)
            elif item == "oneof":
                idx += 1
                self.maybe_comment(w, 0.5)
                w.line(f"oneof choice_{idx} {{")
                w.depth += 1
                if self.use_options and rng.random() < 0.2:
                    w.line(f"option ({OPTIONS_PKG}.exclusive) = true;")
                for _ in range(rng.randint(1, 4)):
                    idx += 1
                    self.maybe_comment(w, 0.3)
                    self.gen_field(w, f"{rng.choice(FIELD_WORDS)}_{idx}", number, in_oneof=True)
                    number += 1
                w.depth -= 1
                w.line("}")
            elif item == "map":
                idx += 1
                self.maybe_comment(w, 0.4)
                key = rng.choice(MAP_KEYS)
                val, is_enum, closed, _ = self.pick_type()
                if is_enum and self.proto3 and closed:
                    val = "string"
                w.line(f"map<{key}, {val}> {rng.choice(FIELD_WORDS)}_{idx} = {number};"
                       + self.trailing())
                number += 1
            elif item == "group":
                idx += 1
                gname = f"Group{idx}"
                self.cur.types.append(TypeRef(f"{full}.{gname}", False, False, None,
                                              self.cur.index))
                w.line(f"optional group {gname} = {number} {{")
                number += 1
                w.depth += 1
                for k in range(rng.randint(1, 3)):
                    w.line(f"optional {rng.choice(SCALARS)} g_{k} = {k + 1};")
                w.depth -= 1
                w.line("}")
        if rng.random() < 0.15:
            a = number + 1
            if self.edition:
                w.line(f"reserved {a}, {a + 2} to {a + 5};")
                w.line(f"reserved old_field_{idx}, legacy_{idx};")
            else:
                w.line(f"reserved {a}, {a + 2} to {a + 5};")
                w.line(f'reserved "old_field_{idx}", "legacy_{idx}";')
        if extendable:
            w.line(f"extensions {extendable[0]} to {extendable[1]};")
        if (self.proto2 or self.edition) and depth == 0 and self.extendables and rng.random() < 0.1:
            self.gen_extend(w, rng.choice(self.extendables))
        if rng.random() < 0.05:
            w.line("// Trailing comment at the end of the body.")
        w.depth -= 1
        w.line("}")
        self.own_enum_refs = saved_enums
        self.own_msgs = saved_msgs

    def gen_enum(self, w: Writer, name: str, closed: bool, scope: str, top: bool):
        rng = self.rng
        if not top:
            self.cur.types.append(TypeRef(f"{scope}.{name}", True, closed, None, self.cur.index))
        else:
            self.cur.types.append(TypeRef(f"{scope}.{name}", True, closed, None, self.cur.index))
        w.line(f"enum {name} {{")
        w.depth += 1
        alias = rng.random() < 0.1
        if alias:
            w.line("option allow_alias = true;")
        if self.edition and closed and top:
            w.line("option features.enum_type = CLOSED;")
        if self.use_options and rng.random() < 0.2:
            w.line(f"option ({OPTIONS_PKG}.enum_doc) = {self.str_lit()};")
        prefix = upper_snake(name)
        n_vals = rng.randint(2, 10)
        w.line(f"{prefix}_UNSPECIFIED = 0;" + self.trailing(0.3))
        used_words = set()
        for v in range(1, n_vals):
            word = rng.choice(FIELD_WORDS).upper()
            while word in used_words:
                word = word + "X"
            used_words.add(word)
            self.maybe_comment(w, 0.35)
            opts = []
            if self.use_options and rng.random() < 0.15:
                opts.append(f"({OPTIONS_PKG}.display) = {self.str_lit()}")
            if rng.random() < 0.04:
                opts.append("deprecated = true")
            w.line(f"{prefix}_{word} = {v}{self.field_opts(opts)};" + self.trailing())
        if alias:
            w.line(f"{prefix}_ALIAS = 1;")
        if rng.random() < 0.1:
            w.line(f"reserved {n_vals + 5} to max;")
        w.depth -= 1
        w.line("}")

    def gen_extend(self, w: Writer, target: TypeRef):
        rng = self.rng
        nxt = self.ext_next.get(target.full, target.extendable[0])
        count = rng.randint(1, 3)
        if nxt + count > target.extendable[1]:
            return
        self.ext_next[target.full] = nxt + count
        self.maybe_comment(w, 0.5)
        w.line(f"extend {self.ref(target)} {{")
        w.depth += 1
        for k in range(count):
            self.ext_counter += 1
            typ = rng.choice(SCALARS)
            label = "optional " if self.proto2 else ""
            if rng.random() < 0.3:
                label = "repeated "
            w.line(f"{label}{typ} ext_{self.cur.index}_{self.ext_counter} = {nxt + k};")
        w.depth -= 1
        w.line("}")

    def gen_service(self, w: Writer, name: str):
        rng = self.rng
        w.line(f"service {name} {{")
        w.depth += 1
        if self.use_options and rng.random() < 0.6:
            w.line(f'option ({OPTIONS_PKG}.host) = "{name.lower()}.acme.example";')
        if rng.random() < 0.05:
            w.line("option deprecated = true;")
        kinds = [(False, False), (True, False), (False, True), (True, True)]
        n = rng.randint(2, 8)
        for k in range(n):
            cs, ss = kinds[k % 4] if k < 4 else rng.choice(kinds)
            req, _, _, _ = self.pick_type(msg_only=True)
            resp, _, _, _ = self.pick_type(msg_only=True)
            mname = f"{rng.choice(VERBS)}{rng.choice(TYPE_WORDS)}{k}"
            self.maybe_comment(w, 0.8)
            sig = (f"rpc {mname}({'stream ' if cs else ''}{req}) "
                   f"returns ({'stream ' if ss else ''}{resp})")
            body = []
            if self.use_options and rng.random() < 0.6:
                verb = rng.choice(["get", "post", "patch", "delete"])
                body.append(f"option ({OPTIONS_PKG}.http) = {{")
                body.append(f'  {verb}: "/v1/{{name=projects/*/items/*}}:{mname.lower()}"')
                if verb in ("post", "patch"):
                    body.append('  body: "*"')
                if rng.random() < 0.3:
                    body.append('  additional_bindings { get: "/v2/{name=items/*}" }')
                body.append("};")
            if self.use_options and rng.random() < 0.2:
                body.append(f'option ({OPTIONS_PKG}.scopes) = "read";')
                body.append(f'option ({OPTIONS_PKG}.scopes) = "write";')
            if rng.random() < 0.1:
                body.append("option idempotency_level = NO_SIDE_EFFECTS;")
            if rng.random() < 0.05:
                body.append("option deprecated = true;")
            if body:
                w.line(sig + " {")
                w.depth += 1
                for b in body:
                    w.line(b)
                w.depth -= 1
                w.line("}")
            elif rng.random() < 0.2:
                w.line(sig + " {}")
            else:
                w.line(sig + ";" + self.trailing())
        w.depth -= 1
        w.line("}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", "-n", type=int, required=True, help="number of files (>= 1)")
    ap.add_argument("--out", "-o", required=True, help="output directory (created)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--list", help="also write the list of file paths (relative to --out) here")
    ap.add_argument("--shape", choices=["layered", "chain"], default="layered",
                    help="import graph shape (see Gen.pick_imports); default layered")
    args = ap.parse_args(argv)
    if args.files < 1:
        ap.error("--files must be >= 1")
    gen = Gen(args.files, args.seed, args.shape)
    paths = gen.generate(args.out, args.list)
    print(f"wrote {len(paths)} files to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
