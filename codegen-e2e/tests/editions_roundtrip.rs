//! Messages generated from an editions 2023 file (lowered to proto3 for prost-build) against
//! protoc's Python output for the same file: bytes one side encodes decode to the same values
//! on the other, and both encode the same values to the same bytes.
//!
//! Needs `python3` with `grpc_tools` (protoc) and `protobuf`; skips (passing) without them.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use codegen_e2e::generated::e2e::editions::v1::{Closed, Tree};
use prost::Message;

const SCRIPT: &str = r#"
import sys
sys.path.insert(0, sys.argv[1])
from e2e.editions.v1 import editions_pb2 as e

for line in sys.stdin.read().split():
    t = e.Tree.FromString(bytes.fromhex(line))
    facts = [
        t.SerializeToString().hex(),
        str(t.HasField("explicit_count")),
        str(t.HasField("closed")),
        str(t.HasField("child")),
        str(t.required_count),
        ",".join(str(v) for v in t.expanded),
    ]
    print(" ".join(facts))

t = e.Tree()
t.explicit_count = 0
t.required_count = 3
t.closed = e.CLOSED_TWO
t.packed.extend([7, 8])
t.expanded.extend([9])
t.child.name = "py"
t.child.required_count = 1
t.counts["k"] = 5
t.name = "from python"
print("PY " + t.SerializeToString().hex())
"#;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn python_ready() -> bool {
    Command::new("python3")
        .args(["-c", "import grpc_tools.protoc, google.protobuf"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn editions_messages_round_trip_with_protoc_python() {
    if !python_ready() {
        eprintln!("skipped: python3 with grpc_tools and protobuf is not available");
        return;
    }
    let tmp = std::env::temp_dir().join(format!("protokit-editions-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let proto = Path::new(env!("CARGO_MANIFEST_DIR")).join("proto");
    let status = Command::new("python3")
        .args(["-m", "grpc_tools.protoc"])
        .arg(format!("-I{}", proto.display()))
        .arg(format!("--python_out={}", tmp.display()))
        .arg("e2e/editions/v1/editions.proto")
        .status()
        .unwrap();
    assert!(status.success());

    let cases = [
        // Explicit presence: a zero that is set is sent; implicit zeros are not.
        Tree {
            explicit_count: Some(0),
            required_count: 0,
            ..Tree::default()
        },
        Tree {
            implicit_count: 5,
            required_count: 2,
            closed: Some(Closed::One as i32),
            packed: vec![1, 2, 300],
            expanded: vec![4, 5],
            child: Some(Box::new(Tree {
                name: "leaf".into(),
                required_count: 1,
                ..Tree::default()
            })),
            counts: HashMap::from([("a".to_string(), 1)]),
            name: "root".into(),
            ..Tree::default()
        },
    ];
    let input: Vec<String> = cases.iter().map(|c| hex(&c.encode_to_vec())).collect();
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(&tmp)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.join("\n").as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let _ = std::fs::remove_dir_all(&tmp);

    // Rust → Python: same values, and Python writes the very same bytes back.
    let facts: Vec<Vec<&str>> = lines[..2].iter().map(|l| l.split(' ').collect()).collect();
    for (case, (f, sent)) in cases.iter().zip(facts.iter().zip(&input)) {
        assert_eq!(f[0], sent, "python re-encodes {case:?} differently");
        assert_eq!(Tree::decode(unhex(f[0]).as_slice()).unwrap(), *case);
    }
    assert_eq!(facts[0][1..], ["True", "False", "False", "0", ""]);
    assert_eq!(facts[1][1..], ["False", "True", "True", "2", "4,5"]);

    // Python → Rust: the message Python built decodes to the same values.
    let py = lines[2].strip_prefix("PY ").unwrap();
    let decoded = Tree::decode(unhex(py).as_slice()).unwrap();
    let expected = Tree {
        explicit_count: Some(0),
        required_count: 3,
        closed: Some(Closed::Two as i32),
        packed: vec![7, 8],
        expanded: vec![9],
        child: Some(Box::new(Tree {
            name: "py".into(),
            required_count: 1,
            ..Tree::default()
        })),
        counts: HashMap::from([("k".to_string(), 5)]),
        name: "from python".into(),
        ..Tree::default()
    };
    assert_eq!(decoded, expected);
    // And Rust encodes those values to Python's bytes.
    assert_eq!(hex(&expected.encode_to_vec()), py);
}
