//! `protokit protoc` running code generator plugins, against protoc 35.1 on the same command
//! lines: the `CodeGeneratorRequest` bytes, the generated files (directories, zip and jar
//! archives, insertion points with their metadata), and the messages and exit codes of
//! failing plugins. The plugin is this package's `protoc-gen-dump` (see its docs) or, when
//! installed, the real third-party `protoc-gen-mypy`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use protokit_tests::{proto_files, protokit, skip, workspace_root, Protoc};

const DUMP: &str = env!("CARGO_BIN_EXE_protoc-gen-dump");

fn valid_fixtures() -> PathBuf {
    workspace_root().join("fixtures/compiler/valid")
}

/// Every file below `dir` (relative name → bytes).
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).expect("below the root");
                out.insert(
                    rel.to_string_lossy().into_owned(),
                    std::fs::read(&path).expect("readable"),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// One tool's run: how it ended and the files it wrote to its output directory.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stderr: String,
    files: BTreeMap<String, Vec<u8>>,
}

/// Runs `cmd` in `cwd` with `args`, where `{out}` stands for a fresh output directory.
fn run(mut cmd: Command, cwd: &Path, args: &[String]) -> Run {
    let out = tempfile::tempdir().expect("temporary directory");
    let out_dir = out.path().to_string_lossy().into_owned();
    let args: Vec<String> = args.iter().map(|a| a.replace("{out}", &out_dir)).collect();
    let output: Output = cmd
        .current_dir(cwd)
        .args(&args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    Run {
        code: output.status.code(),
        stderr: String::from_utf8_lossy(&output.stderr).replace(&out_dir, "{out}"),
        files: tree(out.path()),
    }
}

fn run_protokit(cwd: &Path, args: &[String]) -> Run {
    let mut cmd = protokit();
    cmd.arg("protoc");
    run(cmd, cwd, args)
}

/// Both tools on the same command line; `None` (after saying why) without protoc.
fn both(cwd: &Path, args: &[String]) -> Option<(Run, Run)> {
    let Some(protoc) = Protoc::find() else {
        skip("grpcio-tools is not installed: no protoc to compare with");
        return None;
    };
    Some((run(protoc.command(), cwd, args), run_protokit(cwd, args)))
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn dump_plugin(name: &str) -> String {
    format!("--plugin=protoc-gen-{name}={DUMP}")
}

fn wkt_arg() -> Option<String> {
    Protoc::find().map(|p| format!("-I{}", p.wkt_dir().display()))
}

#[track_caller]
fn assert_same(protoc: &Run, protokit: &Run) {
    assert_eq!(
        (protoc.code, &protoc.stderr),
        (protokit.code, &protokit.stderr),
        "exit codes or messages differ (protoc, then protokit)"
    );
    let names = |r: &Run| r.files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(protoc), names(protokit), "different files written");
    for (name, bytes) in &protoc.files {
        assert!(
            protokit.files[name] == *bytes,
            "{name} differs:\n{}",
            protokit_tests::text_diff(
                &String::from_utf8_lossy(bytes),
                &String::from_utf8_lossy(&protokit.files[name]),
                60
            )
        );
    }
}

#[test]
fn requests_are_byte_identical_to_protocs() {
    let Some(wkt) = wkt_arg() else {
        return skip("grpcio-tools is not installed: no protoc to compare with");
    };
    let root = valid_fixtures();
    let mut topics: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    topics.sort();
    assert!(topics.len() >= 10, "fixtures are missing");
    for dir in topics {
        let mut a = args(&[
            "-I.",
            &wkt,
            &dump_plugin("dump"),
            "--dump_out=first,second:{out}",
            "--dump_opt=third",
            "--dump_opt=fourth",
        ]);
        a.extend(proto_files(&dir));
        let Some((protoc, protokit)) = both(&dir, &a) else {
            return;
        };
        assert_eq!(protoc.code, Some(0), "{}: {}", dir.display(), protoc.stderr);
        let expected = &protoc.files["request.bin"];
        let actual = protokit.files.get("request.bin");
        assert!(
            actual == Some(expected),
            "{}: the requests differ ({} bytes from protoc, {:?} from protokit); stderr: {}",
            dir.display(),
            expected.len(),
            actual.map(Vec::len),
            protokit.stderr
        );
    }
}

#[test]
fn single_inputs_repeated_inputs_and_no_parameter() {
    let Some(wkt) = wkt_arg() else {
        return skip("grpcio-tools is not installed: no protoc to compare with");
    };
    let cases: &[(&str, &[&str])] = &[
        ("editions", &["e2024.proto"]),
        ("proto3_fields", &["profile.proto"]),
        ("imports", &["acme/billing/v1/invoice.proto"]),
        ("keywords_and_edges", &["empty.proto"]),
        // protoc names a file given twice twice in `file_to_generate`.
        (
            "proto2_defaults",
            &["inventory.proto", "inventory.proto", "./inventory.proto"],
        ),
    ];
    for (topic, files) in cases {
        let dir = valid_fixtures().join(topic);
        let mut a = args(&["-I.", &wkt, &dump_plugin("dump"), "--dump_out={out}"]);
        a.extend(args(files));
        let Some((protoc, protokit)) = both(&dir, &a) else {
            return;
        };
        assert_same(&protoc, &protokit);
    }
}

#[test]
fn insertion_points_and_metadata_match_protoc() {
    for base in ["base", "base,textmeta"] {
        insertion_points(base);
    }
}

fn insertion_points(base: &str) {
    let dir = valid_fixtures().join("proto2_defaults");
    let base = format!("--dump_out={base}:{{out}}");
    let a = args(&[
        "-I.",
        &dump_plugin("dump"),
        &base,
        &dump_plugin("ins"),
        "--ins_out={out}",
        "--ins_opt=insert",
        "inventory.proto",
    ]);
    let mine = run_protokit(&dir, &a);
    assert_eq!(mine.code, Some(0), "{}", mine.stderr);
    let generated = String::from_utf8_lossy(&mine.files["out/gen.txt"]).into_owned();
    assert!(
        generated.starts_with("begin\n    \tone\n    \t\n    \ttwo\n"),
        "{generated}"
    );
    assert!(generated.contains("f(a, b\n/* @@protoc_insertion_point(inline) */);"));
    if let Some((protoc, protokit)) = both(&dir, &a) {
        assert_same(&protoc, &protokit);
    }
}

#[test]
fn zip_and_jar_outputs_match_protoc() {
    let dir = valid_fixtures().join("proto2_defaults");
    for archive in ["gen.zip", "gen.jar", "gen.srcjar"] {
        let out = format!("--dump_out=base:{{out}}/{archive}");
        let a = args(&["-I.", &dump_plugin("dump"), &out, "inventory.proto"]);
        let mine = run_protokit(&dir, &a);
        assert_eq!(mine.code, Some(0), "{}", mine.stderr);
        let bytes = &mine.files[archive];
        assert!(bytes.starts_with(b"PK\x03\x04"));
        let has_manifest = bytes.windows(20).any(|w| w == b"META-INF/MANIFEST.MF");
        assert_eq!(has_manifest, archive == "gen.jar", "{archive}");
        if let Some((protoc, protokit)) = both(&dir, &a) {
            assert_same(&protoc, &protokit);
        }
    }
}

#[test]
fn failing_plugins_are_reported_like_protoc() {
    let dir = valid_fixtures().join("proto2_defaults");
    let cases: &[(&str, &str)] = &[
        ("error", "--dump_out: the dump plugin was told to fail\nreally\n"),
        ("exit=3", "--dump_out: protoc-gen-dump: Plugin failed with status code 3.\n"),
        #[cfg(unix)]
        (
            "abort",
            "--dump_out: protoc-gen-dump: Plugin killed by signal 6.\n",
        ),
        (
            "garbage",
            "--dump_out: protoc-gen-dump: Plugin output is unparseable: \\377\\000not a \\\"response\\\"\\n\n",
        ),
        (
            "noname",
            "--dump_out: protoc-gen-dump: First file chunk returned by plugin did not specify a file name.\n",
        ),
        ("twice", "request.bin: Tried to write the same file twice.\n"),
    ];
    for (parameter, message) in cases {
        let out = format!("--dump_out={parameter}:{{out}}");
        let a = args(&["-I.", &dump_plugin("dump"), &out, "inventory.proto"]);
        let mine = run_protokit(&dir, &a);
        assert_eq!(mine.code, Some(1), "{parameter}");
        assert_eq!(mine.stderr, *message, "{parameter}");
        assert!(
            mine.files.is_empty(),
            "{parameter}: wrote {:?}",
            mine.files.keys()
        );
        if let Some((protoc, protokit)) = both(&dir, &a) {
            assert_same(&protoc, &protokit);
        }
    }
}

#[test]
fn nothing_is_written_when_a_later_plugin_fails() {
    let dir = valid_fixtures().join("proto2_defaults");
    let a = args(&[
        "-I.",
        &dump_plugin("dump"),
        "--dump_out=base:{out}",
        &dump_plugin("bad"),
        "--bad_out=exit=1:{out}",
        "-o{out}/set.binpb",
        "inventory.proto",
    ]);
    let mine = run_protokit(&dir, &a);
    assert_eq!(mine.code, Some(1));
    assert!(mine.files.is_empty(), "wrote {:?}", mine.files.keys());
    if let Some((protoc, protokit)) = both(&dir, &a) {
        assert_same(&protoc, &protokit);
    }
}

#[test]
fn missing_plugins_are_reported_like_protoc() {
    let dir = valid_fixtures().join("proto2_defaults");
    for plugin in [None, Some("--plugin=protoc-gen-nope=no/such/program")] {
        let mut a = args(&["-I.", "--nope_out={out}", "inventory.proto"]);
        a.extend(plugin.map(str::to_string));
        let mine = run_protokit(&dir, &a);
        assert_eq!(mine.code, Some(1));
        let shown = if plugin.is_some() {
            "no/such/program"
        } else {
            "protoc-gen-nope"
        };
        assert!(
            mine.stderr.starts_with(&format!(
                "{shown}: program not found or is not executable\n"
            )),
            "{}",
            mine.stderr
        );
        assert!(mine
            .stderr
            .ends_with("--nope_out: protoc-gen-nope: Plugin failed with status code 1.\n"));
        if let Some((protoc, protokit)) = both(&dir, &a) {
            assert_same(&protoc, &protokit);
        }
    }
}

#[test]
fn unsupported_features_are_reported_like_protoc() {
    let root = valid_fixtures();
    let cases: &[(&str, &str)] = &[
        ("features=0", "proto3 file that contains optional fields"),
        (
            "features=1",
            "is an editions file, but code generator protoc-gen-dump",
        ),
        (
            "min=1001",
            "Please upgrade your file to at least edition 2024.",
        ),
        ("max=999", "switch back to a maximum of edition PROTO3."),
    ];
    for (parameter, message) in cases {
        let out = format!("--dump_out={parameter}:{{out}}");
        let a = args(&[
            "-Ieditions",
            "-Iproto3_fields",
            &dump_plugin("dump"),
            &out,
            "profile.proto",
            "e2023.proto",
        ]);
        let mine = run_protokit(&root, &a);
        assert_eq!(mine.code, Some(1), "{parameter}");
        assert!(
            mine.stderr.contains(message),
            "{parameter}: {}",
            mine.stderr
        );
        assert!(mine.stderr.ends_with("--dump_out: \n"), "{}", mine.stderr);
        if let Some((protoc, protokit)) = both(&root, &a) {
            assert_same(&protoc, &protokit);
        }
    }
}

#[test]
fn built_in_generators_are_not_available() {
    let dir = valid_fixtures().join("proto2_defaults");
    let mine = run_protokit(&dir, &args(&["-I.", "--java_out={out}", "inventory.proto"]));
    assert_eq!(mine.code, Some(1));
    assert!(
        mine.stderr
            .contains("protokit has no built-in code generators")
            && mine.stderr.contains("--plugin="),
        "{}",
        mine.stderr
    );
}

/// `protoc-gen-mypy` (pip's mypy-protobuf), if installed.
fn mypy_plugin() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("protoc-gen-mypy"))
        .find(|p| p.is_file())
}

#[test]
fn mypy_protobuf_generates_the_same_files() {
    let Some(mypy) = mypy_plugin() else {
        return skip("protoc-gen-mypy is not installed (pip install mypy-protobuf)");
    };
    let Some(wkt) = wkt_arg() else {
        return skip("grpcio-tools is not installed: no protoc to compare with");
    };
    let plugin = format!("--plugin=protoc-gen-mypy={}", mypy.display());
    for topic in [
        "proto3_fields",
        "imports",
        "proto2_defaults",
        "services",
        "enums",
    ] {
        let dir = valid_fixtures().join(topic);
        let mut a = args(&["-I.", &wkt, &plugin, "--mypy_out=quiet:{out}"]);
        a.extend(proto_files(&dir));
        let Some((protoc, protokit)) = both(&dir, &a) else {
            return;
        };
        assert_eq!(protoc.code, Some(0), "{topic}: {}", protoc.stderr);
        assert!(!protoc.files.is_empty(), "{topic}: mypy wrote nothing");
        assert_same(&protoc, &protokit);
    }
}

/// The `.proto` files of the googleapis corpus that protoc compiles together (as in
/// `cli_googleapis.rs`: `preview/` and `compute/v1beta` clash with the rest).
fn googleapis_files(root: &Path) -> Vec<String> {
    proto_files(root)
        .into_iter()
        .filter(|f| !f.starts_with("preview/") && !f.starts_with("google/cloud/compute/v1beta/"))
        .collect()
}

#[test]
fn googleapis_request_is_byte_identical_to_protocs() {
    let root = std::env::var_os("PROTOKIT_GOOGLEAPIS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared/corpus/googleapis"));
    if !root.is_dir() {
        return skip(&format!("no googleapis corpus at {}", root.display()));
    }
    let Some(wkt) = wkt_arg() else {
        return skip("grpcio-tools is not installed: no protoc to compare with");
    };
    let mut a = args(&["-I.", &wkt, &dump_plugin("dump"), "--dump_out=all:{out}"]);
    a.extend(googleapis_files(&root));
    let Some((protoc, protokit)) = both(&root, &a) else {
        return;
    };
    assert_eq!(protoc.code, Some(0), "{}", protoc.stderr);
    let expected = &protoc.files["request.bin"];
    let actual = protokit
        .files
        .get("request.bin")
        .map(Vec::as_slice)
        .unwrap_or_default();
    if actual != expected.as_slice() {
        let at = expected
            .iter()
            .zip(actual)
            .position(|(e, a)| e != a)
            .unwrap_or(expected.len().min(actual.len()));
        panic!(
            "googleapis requests differ: {} bytes from protoc, {} from protokit, first at \
             byte {at}; protokit stderr: {}",
            expected.len(),
            actual.len(),
            protokit.stderr
        );
    }
}

/// `--dependency_out`: the make rule protoc writes (the plugin's files and the descriptor set,
/// then every file compiled, by disk path), byte for byte; and protoc's error for more than
/// one input. Each tool runs in its own copy of a fixture, with relative paths, so the rules
/// are comparable.
#[test]
fn dependency_manifests_match_protoc() {
    let (Some(protoc), Some(wkt)) = (Protoc::find(), wkt_arg()) else {
        return skip("grpcio-tools is not installed: no protoc to compare with");
    };
    let fixture = valid_fixtures().join("imports");
    let files = proto_files(&fixture);
    // Imports of every kind, well-known types among them (read from protoc's directory by
    // both, so both have disk paths for them).
    let input = "acme/billing/v1/summary.proto".to_string();
    assert!(files.contains(&input), "{files:?}");
    let a = args(&[
        "-I.",
        &wkt,
        &dump_plugin("dump"),
        "--dump_out=base:gen",
        "-oset.pb",
        "--dependency_out=deps.d",
        &input,
    ]);
    let manifest = |mut cmd: Command| {
        let dir = tempfile::tempdir().unwrap();
        for f in &files {
            let to = dir.path().join(f);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(fixture.join(f), &to).unwrap();
        }
        std::fs::create_dir_all(dir.path().join("gen")).unwrap();
        let out = cmd.current_dir(dir.path()).args(&a).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read_to_string(dir.path().join("deps.d")).unwrap()
    };
    let expected = manifest(protoc.command());
    let mut ours = protokit();
    ours.arg("protoc");
    let actual = manifest(ours);
    assert_eq!(actual, expected);
    assert!(expected.starts_with("gen/"), "{expected}");
    assert!(expected.contains("set.pb: "), "{expected}");
    assert!(
        expected.contains("google/protobuf/any.proto\\\n"),
        "{expected}"
    );

    let two = args(&[
        "-I.",
        "-oset.pb",
        "--dependency_out=deps.d",
        &files[0],
        &files[1],
    ]);
    if let Some((protoc, protokit)) = both(&fixture, &two) {
        assert_same(&protoc, &protokit);
        assert_eq!(protokit.code, Some(1));
    }
}
