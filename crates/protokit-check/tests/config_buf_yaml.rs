//! `buf.yaml` / `buf.work.yaml` reading, checked key by key against buf 1.75.0.
//!
//! Every error case records buf's own message in `ERRORS` (what `buf lint` prints after
//! `Failure: decode buf.yaml: `, or after `line N: ` inside `yaml: unmarshal errors:`), and
//! `errors_match_real_buf` runs real buf on each case (skipped when buf is not installed) to
//! check that buf still says exactly that.

use std::path::{Path, PathBuf};
use std::process::Command;

use protokit_check::config::{
    load_config_arg, load_workspace, parse_buf_yaml, ConfigError, ConfigVersion, Workspace,
};

fn parse(text: &str) -> Result<Workspace, ConfigError> {
    parse_buf_yaml(text, Path::new("buf.yaml"))
}

fn ok(text: &str) -> Workspace {
    parse(text).unwrap_or_else(|e| panic!("{text}\n=> {e}"))
}

fn err(text: &str) -> ConfigError {
    match parse(text) {
        Ok(ws) => panic!("{text}\n=> accepted: {ws:?}"),
        Err(e) => e,
    }
}

/// (buf.yaml, line, column, message). `message` is buf 1.75.0's text for the case, after the
/// key we name where buf's text does not (`lint.use[0]: `).
type ErrorCase = (&'static str, u32, u32, &'static str);

const ERRORS: &[ErrorCase] = &[
    // Failure: decode buf.yaml: "version" is not set. Please add "version: v2"
    ("lint:\n  use: [STANDARD]\n", 1, 1, "\"version\" is not set. Please add \"version: v2\""),
    ("", 1, 1, "\"version\" is not set. Please add \"version: v2\""),
    ("version: ~\n", 1, 1, "\"version\" is not set. Please add \"version: v2\""),
    // Failure: decode buf.yaml: unknown file version: "v3"
    ("version: v3\n", 1, 10, "unknown file version: \"v3\""),
    ("version: 1\n", 1, 10, "unknown file version: \"1\""),
    // line 1: cannot unmarshal !!seq into string
    ("version: [v1]\n", 1, 10, "version: cannot unmarshal !!seq into string"),
    // line 1: cannot unmarshal !!str `foo` into bufconfig.externalFileVersion
    ("foo\n", 1, 1, "cannot unmarshal !!str `foo` into bufconfig.externalFileVersion"),
    ("[]\n", 1, 1, "cannot unmarshal !!seq into bufconfig.externalFileVersion"),
    // yaml: unmarshal errors: line 4: field foo not found
    ("version: v1\nlint:\n  use: [DEFAULT]\n  foo: 1\n", 4, 3, "field foo not found"),
    ("version: v1beta1\nfoo: 1\n", 2, 1, "field foo not found"),
    ("version: v2\nlint:\n  foo: 1\n", 3, 3, "field foo not found"),
    ("version: v2\nmodules:\n  - path: .\n    foo: 1\n", 4, 5, "field foo not found"),
    // keys of other versions
    ("version: v1\nlint:\n  disallow_comment_ignores: true\n", 3, 3, "field disallow_comment_ignores not found"),
    ("version: v2\nlint:\n  allow_comment_ignores: true\n", 3, 3, "field allow_comment_ignores not found"),
    ("version: v1\nmodules: []\n", 2, 1, "field modules not found"),
    ("version: v1\nplugins: []\n", 2, 1, "field plugins not found"),
    ("version: v1\npolicies: []\n", 2, 1, "field policies not found"),
    ("version: v2\nbuild:\n  excludes: []\n", 2, 1, "field build not found"),
    ("version: v2\nmanaged: {}\n", 2, 1, "field managed not found"),
    ("version: v1\nlint:\n  ignore_unstable_packages: true\n", 3, 3, "field ignore_unstable_packages not found"),
    ("version: v1\nbreaking:\n  service_suffix: X\n", 3, 3, "field service_suffix not found"),
    ("version: v1\nbuild:\n  includes: []\n", 3, 3, "field includes not found"),
    ("version: v2\nmodules:\n  - path: .\n    roots: []\n", 4, 5, "field roots not found"),
    ("version: v2\nmodules:\n  - path: .\n    deps: []\n", 4, 5, "field deps not found"),
    ("version: v2\nplugins:\n  - foo: 1\n", 3, 5, "field foo not found"),
    ("version: v2\npolicies:\n  - foo: 1\n", 3, 5, "field foo not found"),
    // line 2: mapping key "version" already defined at line 1
    ("version: v1\nversion: v1\n", 2, 1, "mapping key \"version\" already defined at line 1"),
    ("version: v1\nlint:\n  use: [DEFAULT]\n  use: [DEFAULT]\n", 4, 3, "mapping key \"use\" already defined at line 3"),
    // type errors
    ("version: v1\nlint:\n  use: DEFAULT\n", 3, 8, "lint.use: cannot unmarshal !!str `DEFAULT` into []string"),
    ("version: v1\nlint:\n  allow_comment_ignores: 1\n", 3, 26, "lint.allow_comment_ignores: cannot unmarshal !!int `1` into bool"),
    ("version: v1\nlint:\n  allow_comment_ignores: \"true\"\n", 3, 26, "lint.allow_comment_ignores: cannot unmarshal !!str `true` into bool"),
    ("version: v1\nlint:\n  allow_comment_ignores: abcdefghijklmnop\n", 3, 26, "lint.allow_comment_ignores: cannot unmarshal !!str `abcdefg...` into bool"),
    ("version: v1\nlint: 3\n", 2, 7, "lint: cannot unmarshal !!int `3` into bufconfig.externalBufYAMLFileLintV1Beta1V1"),
    ("version: v1\nlint: [a]\n", 2, 7, "lint: cannot unmarshal !!seq into bufconfig.externalBufYAMLFileLintV1Beta1V1"),
    ("version: v1\nbreaking: 1\n", 2, 11, "breaking: cannot unmarshal !!int `1` into bufconfig.externalBufYAMLFileBreakingV1Beta1V1V2"),
    ("version: v1\nbuild: 1\n", 2, 8, "build: cannot unmarshal !!int `1` into bufconfig.externalBufYAMLFileBuildV1Beta1V1"),
    ("version: v1\nlint:\n  use: [1, [2]]\n", 3, 12, "lint.use[1]: cannot unmarshal !!seq into string"),
    ("version: v1\nlint:\n  ignore_only: [1]\n", 3, 16, "lint.ignore_only: cannot unmarshal !!seq into map[string][]string"),
    ("version: v1\nlint:\n  ignore_only:\n    DEFAULT: x\n", 4, 14, "lint.ignore_only.DEFAULT: cannot unmarshal !!str `x` into []string"),
    ("version: v1\nlint:\n  service_suffix: {a: b}\n", 3, 19, "lint.service_suffix: cannot unmarshal !!map into string"),
    ("version: v1\nname: [x]\n", 2, 7, "name: cannot unmarshal !!seq into string"),
    ("version: v1\ndeps: x\n", 2, 7, "deps: cannot unmarshal !!str `x` into []string"),
    ("version: v2\nlint: 1\n", 2, 7, "lint: cannot unmarshal !!int `1` into bufconfig.externalBufYAMLFileLintV2"),
    ("version: v2\nmodules: 1\n", 2, 10, "modules: cannot unmarshal !!int `1` into []bufconfig.externalBufYAMLFileModuleV2"),
    ("version: v2\nmodules: [1]\n", 2, 11, "modules[0]: cannot unmarshal !!int `1` into bufconfig.externalBufYAMLFileModuleV2"),
    ("version: v2\nplugins: 1\n", 2, 10, "plugins: cannot unmarshal !!int `1` into []bufconfig.externalBufYAMLFilePluginV2"),
    ("version: v2\npolicies: [1]\n", 2, 12, "policies[0]: cannot unmarshal !!int `1` into bufconfig.externalBufYAMLFilePolicyV2"),
    ("version: v2\nplugins: [{plugin: x, options: 1}]\n", 2, 32, "plugins[0].options: cannot unmarshal !!int `1` into map[string]interface {}"),
    // Failure: decode buf.yaml: must specify a path to the plugin
    ("version: v2\nplugins:\n  - options: {}\n", 3, 5, "must specify a path to the plugin"),
    // Failure: decode buf.yaml: must specify a name to the policy
    ("version: v2\npolicies:\n  - ignore: []\n", 3, 5, "must specify a name to the policy"),
    // Failure: "NOPE" is not a known rule or category ID
    ("version: v1\nlint:\n  use: [NOPE]\n", 3, 9, "lint.use[0]: \"NOPE\" is not a known rule or category ID"),
    ("version: v1beta1\nlint:\n  except: [NOPE]\n", 3, 12, "lint.except[0]: \"NOPE\" is not a known rule or category ID"),
    ("version: v2\nlint:\n  use: [NOPE]\n", 3, 9, "lint.use[0]: \"NOPE\" is not a known rule or category ID"),
    ("version: v1\nlint:\n  ignore_only:\n    NOPE: [foo]\n", 4, 5, "lint.ignore_only: \"NOPE\" is not a known rule or category ID"),
    ("version: v1\nlint:\n  use: [FIELD_NO_DELETE]\n", 3, 9, "lint.use[0]: \"FIELD_NO_DELETE\" is not a known rule or category ID"),
    ("version: v1\nlint:\n  use: [STABLE_PACKAGE_NO_IMPORT_UNSTABLE]\n", 3, 9, "lint.use[0]: \"STABLE_PACKAGE_NO_IMPORT_UNSTABLE\" is not a known rule or category ID"),
    ("version: v2\nlint:\n  use: [FIELD_NO_DESCRIPTOR]\n", 3, 9, "lint.use[0]: \"FIELD_NO_DESCRIPTOR\" is not a known rule or category ID"),
    ("version: v2\nlint:\n  use: [message_pascal_case]\n", 3, 9, "lint.use[0]: \"message_pascal_case\" is not a known rule or category ID"),
    ("version: v2\nlint:\n  except: [FILE]\n", 3, 12, "lint.except[0]: \"FILE\" is not a known rule or category ID"),
    ("version: v1\nbreaking:\n  use: [NOPE4]\n", 3, 9, "breaking.use[0]: \"NOPE4\" is not a known rule or category ID"),
    ("version: v1\nbreaking:\n  use: [FIELD_NOT_REQUIRED]\n", 3, 9, "breaking.use[0]: \"FIELD_NOT_REQUIRED\" is not a known rule or category ID"),
    ("version: v2\nmodules:\n  - path: .\n    lint:\n      use: [NOPE]\n", 5, 13, "modules[0].lint.use[0]: \"NOPE\" is not a known rule or category ID"),
    // paths
    ("version: v1\nlint:\n  ignore: [/abs]\n", 3, 12, "lint.ignore: invalid path: /abs: expected to be relative"),
    ("version: v1\nlint:\n  ignore: [../x]\n", 3, 12, "lint.ignore: invalid path: ../x: is outside the context directory"),
    ("version: v1\nlint:\n  ignore_only:\n    MESSAGE_PASCAL_CASE: [/a]\n", 4, 27, "lint.ignore_only: invalid path: /a: expected to be relative"),
    ("version: v1\nbreaking:\n  ignore: [/abs]\n", 3, 12, "breaking.ignore: invalid path: /abs: expected to be relative"),
    ("version: v1\nlint:\n  ignore: [foo, foo/v1]\n", 3, 17, "ignore \"foo/v1\" is within ignore \"foo\" which is not allowed"),
    ("version: v1\nlint:\n  ignore_only:\n    MESSAGE_PASCAL_CASE: [., foo]\n", 4, 30, "ignore_only path \"foo\" is within ignore_only path \".\" which is not allowed"),
    ("version: v1beta1\nbuild:\n  roots: [., r1]\n", 3, 14, "root \"r1\" is within root \".\" which is not allowed"),
    ("version: v1\nlint:\n  ignore_only:\n    MESSAGE_PASCAL_CASE: [foo, foo/v1]\n", 4, 32, "ignore_only path \"foo/v1\" is within ignore_only path \"foo\" which is not allowed"),
    ("version: v1\nbuild:\n  excludes: [/abs]\n", 3, 14, "/abs: expected to be relative"),
    ("version: v1\nbuild:\n  excludes: [../x]\n", 3, 14, "../x: is outside the context directory"),
    ("version: v1\nbuild:\n  excludes: [\"\"]\n", 3, 14, "exclude contained an empty path"),
    ("version: v1\nbuild:\n  excludes: [.]\n", 3, 14, "\".\" is both a root and exclude, which means the entire root is excluded, which is not valid"),
    ("version: v1\nbuild:\n  excludes: [zz/x.proto]\n", 3, 14, "excludes can only be directories but file \"zz/x.proto\" discovered"),
    ("version: v1\nbuild:\n  excludes: [foo, foo]\n", 3, 19, "duplicate exclude \"foo\""),
    ("version: v1\nbuild:\n  excludes: [foo, foo/v1]\n", 3, 19, "exclude \"foo/v1\" is within exclude \"foo\" which is not allowed"),
    ("version: v1\nbuild:\n  roots: [foo]\n", 3, 11, "build.roots cannot be set on version v1: [foo]"),
    ("version: v1beta1\nbuild:\n  roots: [r1, r1/foo]\n", 3, 15, "root \"r1/foo\" is within root \"r1\" which is not allowed"),
    ("version: v1beta1\nbuild:\n  roots: [r1, r1]\n", 3, 15, "duplicate root \"r1\""),
    ("version: v1beta1\nbuild:\n  roots: [/x]\n", 3, 11, "/x: expected to be relative"),
    ("version: v1beta1\nbuild:\n  roots: [\"\"]\n", 3, 11, "root contained an empty path"),
    ("version: v1beta1\nbuild:\n  roots: [r1, r2]\n  excludes: [foo]\n", 4, 14, "exclude \"foo\" is not contained in any root, which is not valid"),
    ("version: v1beta1\nbuild:\n  roots: [r1, r2]\n  excludes: [r1]\n", 4, 14, "\"r1\" is both a root and exclude, which means the entire root is excluded, which is not valid"),
    ("version: v2\nmodules:\n  - path: /abs\n", 3, 11, "invalid module path: /abs: expected to be relative"),
    ("version: v2\nmodules:\n  - path: ../x\n", 3, 11, "invalid module path: ../x: is outside the context directory"),
    ("version: v2\nmodules:\n  - path: proto\n    lint:\n      ignore: [other/bar]\n  - path: other\n", 5, 16, "lint.ignore: path \"other/bar\" is not contained within module directory \"proto\""),
    ("version: v2\nmodules:\n  - path: proto\n    lint:\n      ignore: [proto/../other]\n", 5, 16, "lint.ignore: path \"other\" is not contained within module directory \"proto\""),
    ("version: v2\nmodules:\n  - path: proto\n    lint:\n      ignore_only:\n        MESSAGE_PASCAL_CASE: [other/bar]\n", 6, 31, "lint.ignore_only: path \"other/bar\" is not contained within module directory \"proto\""),
    ("version: v2\nmodules:\n  - path: proto\n    breaking:\n      ignore: [other/bar]\n", 5, 16, "breaking.ignore: path \"other/bar\" is not contained within module directory \"proto\""),
    ("version: v2\nlint:\n  ignore: [/abs]\n", 3, 12, "lint.ignore: invalid path: /abs: expected to be relative"),
    ("version: v2\nmodules:\n  - path: proto\n    excludes: [foo]\n", 4, 16, "exclude path \"foo\" does not reside within module directory \"proto\""),
    ("version: v2\nmodules:\n  - path: proto\n    excludes: [\"\"]\n", 4, 16, "exclude path \".\" does not reside within module directory \"proto\""),
    ("version: v2\nmodules:\n  - path: proto\n    excludes: [proto/foo, proto/foo]\n", 4, 27, "duplicate exclude \"foo\""),
    ("version: v2\nmodules:\n  - path: proto\n    excludes: [proto/a, proto/a/b]\n", 4, 25, "exclude \"a/b\" is within exclude \"a\" which is not allowed"),
    ("version: v2\nmodules:\n  - path: proto\n    excludes: [proto]\n", 4, 16, "exclude path \"proto\" is equal to module directory \"proto\""),
    ("version: v2\nmodules:\n  - path: proto\n    excludes: [proto/foo/v1/a.proto]\n", 4, 16, "excludes can only be directories but file \"foo/v1/a.proto\" discovered"),
    ("version: v2\nmodules:\n  - path: proto\n    includes: [other]\n", 4, 16, "include path \"other\" does not reside within module directory \"proto\""),
    ("version: v2\nmodules:\n  - path: proto\n    includes: [proto]\n", 4, 16, "include path \"proto\" is equal to module directory \"proto\""),
    // Failure: multiple module configs found with the same description: path: "proto"
    ("version: v2\nmodules:\n  - path: proto\n  - path: proto\n", 4, 11, "multiple module configs found with the same description: path: \"proto\""),
    // Failure: decode buf.yaml: could not parse full name "foo": must be in the form registry/owner/name
    ("version: v1\nname: foo\n", 2, 7, "could not parse full name \"foo\": must be in the form registry/owner/name"),
    // Failure: decode buf.yaml: invalid dep: could not parse reference "foo": must be in the form registry/owner/name[:ref]
    ("version: v1\ndeps: [foo]\n", 2, 8, "invalid dep: could not parse reference \"foo\": must be in the form registry/owner/name[:ref]"),
];

#[test]
fn errors_name_file_line_column_and_bufs_text() {
    for &(text, line, column, message) in ERRORS {
        let e = err(text);
        assert_eq!(
            (e.file.as_str(), e.line, e.column, e.message.as_str()),
            ("buf.yaml", Some(line), Some(column), message),
            "for:\n{text}"
        );
        assert_eq!(
            e.to_string(),
            format!("buf.yaml:{line}:{column}: {message}")
        );
    }
}

/// Which buf binary to run: `PROTOKIT_BUF`, then `buf` on PATH, then the dev install.
fn buf() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PROTOKIT_BUF") {
        return Some(PathBuf::from(p));
    }
    if Command::new("buf")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return Some(PathBuf::from("buf"));
    }
    let dev = PathBuf::from("/tmp/bufinst/node_modules/.bin/buf");
    dev.exists().then_some(dev)
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Runs `buf lint` in `dir` and returns (exit code, stderr).
fn run_buf(buf: &Path, dir: &Path) -> (i32, String) {
    let out = Command::new(buf)
        .args(["lint", "--error-format", "json"])
        .current_dir(dir)
        .env("BUF_CACHE_DIR", dir.join(".cache"))
        .output()
        .expect("run buf");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// buf's text within our message: without the key we put before it (`lint.use[0]: `).
fn buf_text(message: &str) -> &str {
    match message.split_once(": ") {
        Some((key, rest))
            if key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.[]".contains(c)) =>
        {
            rest
        }
        _ => message,
    }
}

#[test]
fn errors_match_real_buf() {
    let Some(buf) = buf() else {
        eprintln!("skipped: buf not installed (set PROTOKIT_BUF)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let cases: Vec<(usize, &ErrorCase)> = ERRORS
        .iter()
        .enumerate()
        // plugins would make buf run them; their shapes are covered above.
        .filter(|(_, c)| !c.0.contains("plugin: x"))
        .collect();
    // buf takes a few hundred milliseconds a run: four at a time.
    std::thread::scope(|s| {
        for chunk in cases.chunks(cases.len().div_ceil(4)) {
            let (buf, tmp) = (&buf, tmp.path());
            s.spawn(move || {
                for &(i, &(text, line, _, message)) in chunk {
                    check_against_buf(buf, &tmp.join(i.to_string()), text, line, message);
                }
            });
        }
    });
}

fn check_against_buf(buf: &Path, dir: &Path, text: &str, line: u32, message: &str) {
    // distinct message names: every file compiles even when one module holds them all
    // (buf validates rule IDs only after the build succeeds).
    for (n, d) in [
        "foo/v1/a.proto",
        "proto/foo/v1/a.proto",
        "other/bar/v1/b.proto",
        "r1/foo/v1/a.proto",
        "r2/bar/v1/b.proto",
    ]
    .iter()
    .enumerate()
    {
        let pkg = if d.contains("bar") {
            "bar.v1"
        } else {
            "foo.v1"
        };
        write(
            dir,
            d,
            &format!("syntax = \"proto3\";\npackage {pkg};\nmessage M{n} {{}}\n"),
        );
    }
    write(dir, "buf.yaml", text);
    let (code, stderr) = run_buf(buf, dir);
    assert_eq!(code, 1, "buf accepted:\n{text}\n{stderr}");
    let message = buf_text(message);
    let decode_error = stderr.contains("yaml: unmarshal errors:");
    let want = if decode_error {
        format!("line {line}: {message}")
    } else {
        message.to_string()
    };
    assert!(
        stderr.contains(&want),
        "buf.yaml:\n{text}\nbuf said: {stderr}\nwe say: {want}"
    );
}

#[test]
fn no_config_is_v1_without_comment_ignores() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = load_workspace(tmp.path()).unwrap();
    assert_eq!(ws.config_file, None);
    assert_eq!(ws.version, ConfigVersion::V1);
    assert_eq!(ws.modules.len(), 1);
    let m = &ws.modules[0];
    assert_eq!(m.path, ".");
    assert_eq!(m.lint.version, ConfigVersion::V1);
    assert!(!m.lint.allow_comment_ignores);
    assert!(m.lint.use_ids.is_empty());
    assert!(m.breaking.use_ids.is_empty(), "empty: FILE");
}

#[test]
fn v1_keys() {
    let ws = ok("version: v1
name: buf.build/acme/weather
deps: [buf.build/googleapis/googleapis, buf.build/acme/x:v1]
build:
  excludes: [foo/bar/]
lint:
  use: [STANDARD, COMMENTS, ~]
  except: [ENUM_VALUE_PREFIX]
  ignore: [./a/b.proto, c]
  ignore_only:
    FIELD_LOWER_SNAKE_CASE: [d, d]
    COMMENTS: [e/f]
  allow_comment_ignores: yes
  enum_zero_value_suffix: _NONE
  rpc_allow_same_request_response: true
  rpc_allow_google_protobuf_empty_requests: on
  rpc_allow_google_protobuf_empty_responses: TRUE
  service_suffix: API
  disable_builtin: false
breaking:
  use: [WIRE_JSON]
  except: [FIELD_SAME_NAME]
  ignore: [x]
  ignore_only:
    FIELD_NO_DELETE: [y]
  ignore_unstable_packages: true
");
    assert_eq!(ws.version, ConfigVersion::V1);
    assert_eq!(ws.config_file.as_deref(), Some(Path::new("buf.yaml")));
    let m = &ws.modules[0];
    assert_eq!(m.path, ".");
    assert_eq!(m.roots, ["."]);
    assert_eq!(m.excludes, ["foo/bar"]);
    assert_eq!(m.name.as_deref(), Some("buf.build/acme/weather"));
    let l = &m.lint;
    assert_eq!(l.version, ConfigVersion::V1);
    assert_eq!(l.use_ids, ["STANDARD", "COMMENTS"]);
    assert_eq!(l.except, ["ENUM_VALUE_PREFIX"]);
    assert_eq!(l.ignore, ["a/b.proto", "c"]);
    assert_eq!(l.ignore_only["FIELD_LOWER_SNAKE_CASE"], ["d"]);
    assert_eq!(l.ignore_only["COMMENTS"], ["e/f"]);
    assert!(l.allow_comment_ignores);
    assert_eq!(l.enum_zero_value_suffix, "_NONE");
    assert!(l.rpc_allow_same_request_response);
    assert!(l.rpc_allow_google_protobuf_empty_requests);
    assert!(l.rpc_allow_google_protobuf_empty_responses);
    assert_eq!(l.service_suffix, "API");
    assert!(!l.disable_builtin);
    let b = &m.breaking;
    assert_eq!(b.use_ids, ["WIRE_JSON"]);
    assert_eq!(b.except, ["FIELD_SAME_NAME"]);
    assert_eq!(b.ignore, ["x"]);
    assert_eq!(b.ignore_only["FIELD_NO_DELETE"], ["y"]);
    assert!(b.ignore_unstable_packages);
}

#[test]
fn v1_defaults_and_odd_values() {
    let l = ok("version: v1\n").modules[0].lint.clone();
    assert!(!l.allow_comment_ignores);
    assert_eq!(l.enum_zero_value_suffix, "_UNSPECIFIED");
    assert_eq!(l.service_suffix, "Service");
    // buf: an empty suffix is the default; `""` and `.` ignore everything.
    let l = ok("version: v1\nlint:\n  enum_zero_value_suffix: \"\"\n  ignore: [\"\"]\n").modules[0]
        .lint
        .clone();
    assert_eq!(l.enum_zero_value_suffix, "_UNSPECIFIED");
    assert_eq!(l.ignore, ["."]);
    // v1 accepts disable_builtin (buf then warns that no lint rules are configured).
    assert!(
        ok("version: v1\nlint:\n  disable_builtin: true\n").modules[0]
            .lint
            .disable_builtin
    );
    // `.` beside another ignore is fine for buf (not in ignore_only, see ERRORS).
    assert_eq!(
        ok("version: v1\nlint:\n  ignore: [foo, .]\n").modules[0]
            .lint
            .ignore,
        ["foo", "."]
    );
    assert_eq!(
        ok("version: v1\nbreaking:\n  ignore: [., foo]\n").modules[0]
            .breaking
            .ignore,
        [".", "foo"]
    );
    // duplicate ignores are fine (buf: no error); the deprecated DEFAULT warns.
    let ws = ok("version: v1\nlint:\n  use: [DEFAULT]\n  ignore: [foo, foo]\n");
    assert_eq!(ws.modules[0].lint.ignore, ["foo"]);
    assert!(
        ws.warnings[0].starts_with("Category DEFAULT referenced in your buf.yaml is deprecated.")
    );
    // breaking.use accepts lint IDs of the version (buf checks it against both registries).
    assert_eq!(
        ok("version: v1\nbreaking:\n  use: [MESSAGE_PASCAL_CASE]\n").modules[0]
            .breaking
            .use_ids,
        ["MESSAGE_PASCAL_CASE"]
    );
    // except and ignore_only of breaking are not checked by buf lint.
    ok("version: v1\nbreaking:\n  except: [NOPE3]\n  ignore_only:\n    NOPE2: [foo]\n");
    // a byte order mark and CRLF line ends (buf accepts both)
    assert_eq!(
        ok("\u{feff}version: v1\r\nlint:\r\n  use: [MINIMAL]\r\n").modules[0]
            .lint
            .use_ids,
        ["MINIMAL"]
    );
    // quoted version, JSON, merge keys, later documents ignored.
    assert_eq!(ok("version: \"v1\"\n").version, ConfigVersion::V1);
    assert_eq!(
        ok("{\"version\": \"v1\", \"lint\": {\"use\": [\"MINIMAL\"]}}").modules[0]
            .lint
            .use_ids,
        ["MINIMAL"]
    );
    assert_eq!(
        ok("version: v1\nlint:\n  <<: {use: [MINIMAL]}\n").modules[0]
            .lint
            .use_ids,
        ["MINIMAL"]
    );
    assert_eq!(
        ok("---\nversion: v1\n---\nfoo: 1\n").version,
        ConfigVersion::V1
    );
}

#[test]
fn v1beta1_roots_and_root_relative_paths() {
    let ws = ok("version: v1beta1
build:
  roots: [r1, ./r2/]
  excludes: [r1/foo]
lint:
  use: [FIELD_NO_DESCRIPTOR, STYLE_DEFAULT]
  ignore: [bar]
");
    let m = &ws.modules[0];
    assert_eq!(m.lint.version, ConfigVersion::V1Beta1);
    assert_eq!(m.roots, ["r1", "r2"]);
    assert_eq!(m.excludes, ["r1/foo"]);
    assert_eq!(m.lint.ignore, ["bar"]);
    assert!(!m.lint.allow_comment_ignores);
    assert!(ws.warnings[0].starts_with("Category STYLE_DEFAULT referenced"));
    assert_eq!(
        ok("version: v1beta1\nbuild:\n  roots: []\n").modules[0].roots,
        ["."]
    );
}

#[test]
fn v2_modules_and_path_scoping() {
    let ws = ok("version: v2
modules:
  - path: proto
    name: buf.build/acme/foo
    excludes: [proto/foo/internal]
  - path: other/
    includes: [other/bar]
    lint:
      use: [MINIMAL]
      ignore: [other/bar/v1]
  - path: vendor
    lint: {}
lint:
  use: [STANDARD]
  except: [FIELD_NOT_REQUIRED]
  ignore: [proto/foo/v1/a.proto, other/bar, vendor]
  ignore_only:
    ENUM_PASCAL_CASE: [proto]
  disallow_comment_ignores: true
breaking:
  use: [PACKAGE]
  ignore: [proto/x]
");
    assert_eq!(ws.version, ConfigVersion::V2);
    let paths: Vec<_> = ws.modules.iter().map(|m| m.path.as_str()).collect();
    assert_eq!(paths, ["proto", "other", "vendor"]);
    let proto = &ws.modules[0];
    assert_eq!(proto.name.as_deref(), Some("buf.build/acme/foo"));
    assert_eq!(proto.excludes, ["proto/foo/internal"]);
    // top-level paths are buf.yaml-relative: each module keeps those inside it, made
    // module-relative, and drops the others (buf does not complain).
    assert_eq!(proto.lint.ignore, ["foo/v1/a.proto"]);
    assert_eq!(proto.lint.ignore_only["ENUM_PASCAL_CASE"], ["."]);
    assert!(!proto.lint.allow_comment_ignores);
    assert_eq!(proto.lint.except, ["FIELD_NOT_REQUIRED"]);
    assert_eq!(proto.breaking.use_ids, ["PACKAGE"]);
    assert_eq!(proto.breaking.ignore, ["x"]);
    // a module's own non-empty block replaces the top-level one entirely.
    let other = &ws.modules[1];
    assert_eq!(other.includes, ["other/bar"]);
    assert_eq!(other.lint.use_ids, ["MINIMAL"]);
    assert!(other.lint.except.is_empty());
    assert!(other.lint.allow_comment_ignores);
    assert_eq!(other.lint.ignore, ["bar/v1"]);
    assert_eq!(other.breaking.use_ids, ["PACKAGE"]);
    // `lint: {}` is the same as no block.
    let vendor = &ws.modules[2];
    assert_eq!(vendor.lint.ignore, ["."]);
    assert_eq!(vendor.lint.except, ["FIELD_NOT_REQUIRED"]);
}

#[test]
fn v2_defaults() {
    let ws = ok("version: v2\n");
    assert_eq!(ws.modules.len(), 1);
    let m = &ws.modules[0];
    assert_eq!(m.path, ".");
    assert_eq!(m.lint.version, ConfigVersion::V2);
    assert!(m.lint.allow_comment_ignores);
    assert!(m.breaking.use_ids.is_empty(), "empty: FILE");
    assert_eq!(
        ok("version: v2\nmodules:\n  - path: \"\"\n").modules[0].path,
        "."
    );
    assert_eq!(
        ok("version: v2\nmodules:\n  - excludes: [x]\n").modules[0].excludes,
        ["x"]
    );
    let ws = ok("version: v2\nname: buf.build/a/b\ndeps: [buf.build/a/c]\nplugins:\n  - plugin: [buf-plugin-x, --flag]\n    options: {a: 1}\npolicies:\n  - policy: buf.build/a/p\n    ignore: [x]\n");
    assert_eq!(ws.modules.len(), 1);
    assert_eq!(ws.plugins, ["buf-plugin-x"]);
    let m = &ok("version: v2\nlint:\n  disable_builtin: true\n  rpc_allow_same_request_response: true\n  service_suffix: Svc\n  enum_zero_value_suffix: _UNKNOWN\nbreaking:\n  disable_builtin: true\n  ignore_unstable_packages: true\n").modules[0];
    assert!(m.lint.disable_builtin && m.lint.rpc_allow_same_request_response);
    assert_eq!(
        (
            m.lint.service_suffix.as_str(),
            m.lint.enum_zero_value_suffix.as_str()
        ),
        ("Svc", "_UNKNOWN")
    );
    assert!(m.breaking.disable_builtin && m.breaking.ignore_unstable_packages);
    // nested modules and same paths with different excludes are allowed (buf 1.39+).
    assert_eq!(
        ok("version: v2\nmodules:\n  - path: proto\n  - path: proto/foo\n")
            .modules
            .len(),
        2
    );
    assert_eq!(
        ok("version: v2\nmodules:\n  - path: proto\n  - path: proto\n    excludes: [proto/x]\n")
            .modules
            .len(),
        2
    );
}

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (p, t) in files {
        write(tmp.path(), p, t);
    }
    tmp
}

#[test]
fn buf_work_yaml() {
    let tmp = tree(&[
        ("buf.work.yaml", "version: v1\ndirectories: [a, ./b/]\n"),
        ("a/buf.yaml", "version: v1\nbuild:\n  excludes: [x]\nlint:\n  ignore: [foo]\n  allow_comment_ignores: true\n"),
    ]);
    let ws = load_workspace(tmp.path()).unwrap();
    assert_eq!(ws.version, ConfigVersion::V1);
    assert_eq!(
        ws.config_file.as_deref(),
        Some(tmp.path().join("buf.work.yaml").as_path())
    );
    let a = &ws.modules[0];
    assert_eq!(a.path, "a");
    assert_eq!(a.excludes, ["a/x"]);
    assert_eq!(a.lint.ignore, ["foo"]);
    assert!(a.lint.allow_comment_ignores);
    let b = &ws.modules[1];
    assert_eq!(b.path, "b");
    assert_eq!(b.lint.version, ConfigVersion::V1);
    assert!(!b.lint.allow_comment_ignores);
}

/// (buf.work.yaml, a/buf.yaml or "", message, line) with buf 1.75.0's texts.
const WORK_ERRORS: &[(&str, &str, &str, Option<u32>)] = &[
    // Failure: decode buf.work.yaml: "version" is not set. Please add "version: v1"
    ("directories: [a, b]\n", "", "\"version\" is not set. Please add \"version: v1\"", Some(1)),
    ("version: v2\ndirectories: [a, b]\n", "", "v2 is not supported for buf.work.yaml files", Some(1)),
    ("version: v1beta1\ndirectories: [a, b]\n", "", "v1beta1 is not supported for buf.work.yaml files", Some(1)),
    ("version: v1\ndirectories: []\n", "", "directories is empty", Some(2)),
    ("version: v1\n", "", "directories is empty", Some(1)),
    ("version: v1\ndirectories: [a, a]\n", "", "directory \"a\" is listed more than once", Some(2)),
    ("version: v1\ndirectories: [a, a/foo]\n", "", "directory \"a\" contains directory \"a/foo\"", Some(2)),
    ("version: v1\ndirectories: [.]\n", "", "directory \".\" is listed, it is not valid to have \".\" as a workspace directory, as this is no different than not having a workspace at all, see https://buf.build/docs/reference/workspaces/#directories for more details", Some(2)),
    ("version: v1\ndirectories: [/a]\n", "", "directory \"/a\" is invalid: /a: expected to be relative", Some(2)),
    ("version: v1\ndirectories: [../a]\n", "", "directory \"../a\" is invalid: ../a: is outside the context directory", Some(2)),
    ("version: v1\ndirectories: [a, b]\nfoo: 1\n", "", "field foo not found", Some(3)),
    // Failure: buf.yaml at a did not have version v1beta1 or v1
    ("version: v1\ndirectories: [a, b]\n", "version: v2\n", "buf.yaml at a did not have version v1beta1 or v1", Some(1)),
    // Failure: decode a/buf.yaml: yaml: unmarshal errors: line 2: field foo not found
    ("version: v1\ndirectories: [a, b]\n", "version: v1\nfoo: 1\n", "field foo not found", Some(2)),
];

#[test]
fn buf_work_yaml_errors() {
    let buf = buf();
    for &(work, a_yaml, message, line) in WORK_ERRORS {
        let mut files = vec![
            ("buf.work.yaml", work),
            (
                "a/foo/v1/a.proto",
                "syntax = \"proto3\";\npackage foo.v1;\n",
            ),
            (
                "b/bar/v1/b.proto",
                "syntax = \"proto3\";\npackage bar.v1;\n",
            ),
        ];
        if !a_yaml.is_empty() {
            files.push(("a/buf.yaml", a_yaml));
        }
        let tmp = tree(&files);
        let e = load_workspace(tmp.path()).expect_err(work);
        assert_eq!((e.message.as_str(), e.line), (message, line), "{work}");
        let want_file = if message.contains("field foo") && !a_yaml.is_empty()
            || message.starts_with("buf.yaml at")
        {
            "a/buf.yaml"
        } else {
            "buf.work.yaml"
        };
        assert!(e.file.ends_with(want_file), "{e}");
        if let Some(buf) = &buf {
            let (code, stderr) = run_buf(buf, tmp.path());
            assert_eq!(code, 1, "{work}: {stderr}");
            assert!(
                stderr.contains(message),
                "buf said: {stderr}\nwe say: {message}"
            );
        }
    }
}

#[test]
fn buf_yaml_beside_buf_work_yaml_is_an_error() {
    // Failure: cannot have a buf.work.yaml and buf.yaml in the same directory "DIR"
    let tmp = tree(&[
        ("buf.work.yaml", "version: v1\ndirectories: [a]\n"),
        ("buf.yaml", "version: v1\n"),
    ]);
    let e = load_workspace(tmp.path()).unwrap_err();
    assert!(
        e.message
            .starts_with("cannot have a buf.work.yaml and buf.yaml in the same directory"),
        "{e}"
    );
}

#[test]
fn only_buf_yaml_is_read() {
    // buf ignores buf.yml and buf.mod: a broken one changes nothing.
    let tmp = tree(&[
        ("buf.yml", "version: v1\nfoo: 1\n"),
        ("buf.mod", "version: v1\nfoo: 1\n"),
    ]);
    assert_eq!(load_workspace(tmp.path()).unwrap().config_file, None);
    let tmp = tree(&[("buf.yaml", "version: v1\nlint:\n  foo: 1\n")]);
    let e = load_workspace(tmp.path()).unwrap_err();
    assert_eq!(
        (e.line, e.message.as_str()),
        (Some(3), "field foo not found")
    );
    assert!(e.file.ends_with("buf.yaml"));
}

#[test]
fn config_flag() {
    let tmp = tree(&[
        ("buf.yaml", "version: v1\nlint:\n  foo: 1\n"),
        ("conf/lint.yaml", "version: v2\nlint:\n  use: [MINIMAL]\n"),
    ]);
    // inline YAML or JSON replaces the directory's buf.yaml
    let ws = load_config_arg("version: v1\nlint:\n  use: [BASIC]\n", tmp.path()).unwrap();
    assert_eq!(ws.modules[0].lint.use_ids, ["BASIC"]);
    assert_eq!(ws.root, tmp.path());
    let ws = load_config_arg(r#"{"version":"v2","lint":{"use":["MINIMAL"]}}"#, tmp.path()).unwrap();
    assert_eq!(ws.version, ConfigVersion::V2);
    // Failure: "NOPE" is not a known rule or category ID
    let e = load_config_arg(r#"{"version":"v1","lint":{"use":["NOPE"]}}"#, tmp.path()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "--config:1:32: lint.use[0]: \"NOPE\" is not a known rule or category ID"
    );
    // a path
    let file = tmp.path().join("conf/lint.yaml");
    let ws = load_config_arg(file.to_str().unwrap(), tmp.path()).unwrap();
    assert_eq!(ws.modules[0].lint.use_ids, ["MINIMAL"]);
    assert_eq!(ws.config_file.as_deref(), Some(file.as_path()));
    // Failure: could not read file: open nonexist.yaml: no such file or directory
    let e = load_config_arg("nonexist.yaml", tmp.path()).unwrap_err();
    assert_eq!(
        e.message,
        "could not read file: open nonexist.yaml: no such file or directory"
    );
    // not a path and not a config: buf says `cannot unmarshal !!str `nonexist` into
    // bufconfig.externalFileVersion`
    let e = load_config_arg("nonexist", tmp.path()).unwrap_err();
    assert_eq!(
        e.message,
        "cannot unmarshal !!str `nonexist` into bufconfig.externalFileVersion"
    );
    // empty: as if there were no flag
    assert!(load_config_arg("", tmp.path()).is_err());
}

#[test]
fn fixtures_load() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/config");
    let ws = load_workspace(&root.join("v2_modules")).unwrap();
    let paths: Vec<_> = ws.modules.iter().map(|m| m.path.as_str()).collect();
    assert_eq!(paths, ["proto", "vendor"]);
    assert_eq!(ws.modules[0].lint.ignore, ["acme/legacy"]);
    let ws = load_workspace(&root.join("v1_workspace")).unwrap();
    let paths: Vec<_> = ws.modules.iter().map(|m| m.path.as_str()).collect();
    assert_eq!(paths, ["api", "third_party"]);
    assert_eq!(ws.modules[0].lint.version, ConfigVersion::V1);
    assert_eq!(ws.modules[1].lint.version, ConfigVersion::V1Beta1);
    assert_eq!(ws.modules[1].roots, ["proto"]);
}

#[test]
fn no_panic_on_mangled_configs() {
    let base = "version: v2\nmodules:\n  - path: proto\n    excludes: [proto/x]\n    lint:\n      use: [MINIMAL]\n      ignore_only:\n        FILE_LOWER_SNAKE_CASE: [proto/a.proto]\nlint:\n  ignore: [proto/y]\nbreaking:\n  use: [FILE]\nplugins:\n  - plugin: x\n";
    let chars: Vec<char> = base.chars().collect();
    for i in 0..chars.len() {
        let mut cut = chars.clone();
        cut.remove(i);
        let _ = parse(&cut.iter().collect::<String>());
        for ins in [
            "[", "]", ":", "- ", "\t", "\"", "{", "&a ", "*a", "\n", "~", "..", "/", "\u{e9}",
        ] {
            let text: String = chars[..i]
                .iter()
                .chain(ins.chars().collect::<Vec<_>>().iter())
                .chain(&chars[i..])
                .collect();
            let _ = parse(&text);
            let _ = parse(&text.replace("v2", "v1"));
        }
    }
}

#[test]
fn no_panic_on_odd_yaml() {
    for text in [
        "version: v1\nlint: &a\n  use: *a\n",
        "version: v1\n? [a]\n: b\n",
        "version: v1\nlint:\n  ignore_only: {[a]: [b]}\n",
        "version: [\n",
        "\t\tversion: v1",
        "version: v2\nmodules:\n  - path: *nope\n",
        "!!binary version: v1\n",
        "version: !!int v1\n",
    ] {
        let _ = parse(text);
    }
}

#[test]
fn find_workspace_like_buf_lint_dir() {
    use protokit_check::config::find_workspace;
    let proto = "syntax = \"proto3\";\npackage foo.v1;\nmessage M {}\n";
    let tmp = tree(&[
        (
            "v2/buf.yaml",
            "version: v2\nmodules:\n  - path: proto\n  - path: other\n",
        ),
        ("v2/proto/foo/v1/a.proto", proto),
        (
            "v2/other/bar/v1/b.proto",
            "syntax = \"proto3\";\npackage bar.v1;\n",
        ),
        (
            "v2/docs/x/v1/x.proto",
            "syntax = \"proto3\";\npackage x.v1;\n",
        ),
        ("v1/buf.yaml", "version: v1\nlint:\n  use: [MINIMAL]\n"),
        ("v1/foo/v1/a.proto", proto),
        ("work/buf.work.yaml", "version: v1\ndirectories: [a]\n"),
        ("work/a/foo/v1/a.proto", proto),
        ("work/c/foo/v1/a.proto", proto),
    ]);
    let root = tmp.path().canonicalize().unwrap();
    let find = |dir: &str, cwd: &str| find_workspace(&root.join(dir), &root.join(cwd));
    // the workspace itself: every module
    let (ws, sel) = find("v2", "v2").unwrap();
    assert_eq!(sel, [0, 1]);
    assert_eq!(ws.root, root.join("v2"));
    // a module directory: the enclosing workspace, that module
    let (ws, sel) = find("v2/other", "v2/other").unwrap();
    assert_eq!(
        (ws.root.as_path(), sel.as_slice()),
        (root.join("v2").as_path(), &[1][..])
    );
    let (ws, sel) = find("work/a", "work/a").unwrap();
    assert_eq!(
        (ws.root.as_path(), sel.as_slice()),
        (root.join("work").as_path(), &[0][..])
    );
    // outside every module of the enclosing workspace, or under a v1 buf.yaml above the
    // current directory: standalone
    for dir in ["v2/docs", "work/c", "v1/foo"] {
        let (ws, sel) = find(dir, dir).unwrap();
        assert_eq!((ws.config_file, sel.as_slice()), (None, &[0][..]), "{dir}");
        assert_eq!(ws.modules[0].lint.version, ConfigVersion::V1);
    }
    // inside a module: buf's error, with paths relative to the workspace (v2, work) or to the
    // current directory (v1)
    let contained = |input: &str, module: &str| {
        format!("failed to build input \"{input}\" because it is contained by module at path \"{module}\" specified in your configuration, you must provide the workspace or module as the input, and filter to this path using --path")
    };
    let cases = [
        (
            "v2/proto/foo",
            "v2/proto/foo",
            ".",
            contained("proto/foo", "proto"),
        ),
        ("v1/foo", "v1", "foo", contained("foo", ".")),
        ("v1/foo", ".", "v1/foo", contained("v1/foo", "v1")),
    ];
    for (dir, cwd, arg, want) in &cases {
        let e = find(dir, cwd).unwrap_err();
        assert_eq!(&e.message, want, "{dir} from {cwd}");
        if let Some(buf) = buf() {
            let out = Command::new(&buf)
                .args(["lint", arg])
                .current_dir(root.join(cwd))
                .env("BUF_CACHE_DIR", root.join(".cache"))
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{stderr}");
            assert!(stderr.contains(want.as_str()), "buf said: {stderr}");
        }
    }
    if let Some(buf) = buf() {
        // buf lints `v2/other` as module `other` of the workspace: no PACKAGE_DIRECTORY_MATCH
        // for bar.v1 (relative to the module root), and `v1/foo` run from itself on its own.
        let (code, stderr) = run_buf(&buf, &root.join("v2/other"));
        assert_eq!(code, 0, "{stderr}");
        let (code, _) = run_buf(&buf, &root.join("v1/foo"));
        assert_eq!(
            code, 100,
            "v1/foo alone: PACKAGE_DIRECTORY_MATCH and MESSAGE_PASCAL_CASE"
        );
    }
}

#[test]
fn every_decode_error_is_reported() {
    // buf: yaml: unmarshal errors:
    //   line 3: cannot unmarshal !!seq into bool
    //   line 4: cannot unmarshal !!map into string
    //   line 5: field foo not found
    let e = err(
        "version: v1\nlint:\n  allow_comment_ignores: [a]\n  service_suffix: {a: b}\n  foo: 1\n",
    );
    assert_eq!(
        e.to_string(),
        "buf.yaml:3:26: lint.allow_comment_ignores: cannot unmarshal !!seq into bool\n\
         buf.yaml:4:19: lint.service_suffix: cannot unmarshal !!map into string\n\
         buf.yaml:5:3: field foo not found"
    );
    assert_eq!((e.line, e.column), (Some(3), Some(26)));
}

#[test]
fn warnings_match_buf() {
    let cases = [
        ("version: v1\nlint:\n  use: [DEFAULT]\n", 1),
        ("version: v1beta1\nlint:\n  use: [STYLE_DEFAULT]\n", 1),
        (
            "version: v2\nlint:\n  except: [IMPORT_NO_WEAK]\n  ignore_only:\n    DEFAULT: [x]\n",
            2,
        ),
        ("version: v2\nlint:\n  use: [STANDARD]\n", 0),
    ];
    let buf = buf();
    for (text, n) in cases {
        let ws = ok(text);
        assert_eq!(ws.warnings.len(), n, "{text}: {:?}", ws.warnings);
        let Some(buf) = &buf else { continue };
        let tmp = tree(&[
            ("buf.yaml", text),
            ("foo/v1/a.proto", "syntax = \"proto3\";\npackage foo.v1;\n"),
        ]);
        let out = Command::new(buf)
            .args(["lint", "--log-format", "text"])
            .current_dir(tmp.path())
            .env("BUF_CACHE_DIR", tmp.path().join(".cache"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let theirs: Vec<&str> = stderr
            .split("WARN\t")
            .skip(1)
            .map(|w| w.trim_end_matches('\n'))
            .collect();
        assert_eq!(ws.warnings, theirs, "{text}");
    }
}
