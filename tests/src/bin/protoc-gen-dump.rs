//! A protoc plugin for protokit's plugin tests: it answers a `CodeGeneratorRequest` as its
//! parameter says, so protoc and `protokit protoc` can be compared on the same plugin.
//!
//! The parameter is a `,`-separated list of words:
//!
//! - (always) `request.bin`: the raw request it read, to compare requests byte for byte;
//! - `base`: also `out/gen.txt`, with insertion points `here` (indented) and `inline`, and
//!   its `out/gen.txt.pb.meta` (wire format, or text format with `textmeta`) with two
//!   annotations;
//! - `insert`: instead of the above, insertions into `out/gen.txt` (written by an earlier
//!   `base` run), the first with annotations;
//! - `features=N`, `min=N`, `max=N`: `supported_features` and the edition range (default 3,
//!   PROTO2 to 2024);
//! - `error`: a response error; `exit=N`: exit with status N; `abort`: die of `SIGABRT`;
//!   `garbage`: an unparseable response; `noname`: a first file without a name; `twice`:
//!   the same file twice.

use std::io::{Read, Write};

use prost::Message;

#[derive(Clone, PartialEq, prost::Message)]
struct Request {
    #[prost(string, optional, tag = "2")]
    parameter: Option<String>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct Response {
    #[prost(string, optional, tag = "1")]
    error: Option<String>,
    #[prost(uint64, optional, tag = "2")]
    supported_features: Option<u64>,
    #[prost(int32, optional, tag = "3")]
    minimum_edition: Option<i32>,
    #[prost(int32, optional, tag = "4")]
    maximum_edition: Option<i32>,
    #[prost(message, repeated, tag = "15")]
    file: Vec<File>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct File {
    #[prost(string, optional, tag = "1")]
    name: Option<String>,
    #[prost(string, optional, tag = "2")]
    insertion_point: Option<String>,
    #[prost(bytes = "vec", optional, tag = "15")]
    content: Option<Vec<u8>>,
    #[prost(message, optional, tag = "16")]
    generated_code_info: Option<prost_types::GeneratedCodeInfo>,
}

fn file(name: &str, point: Option<&str>, content: &[u8]) -> File {
    File {
        name: Some(name.into()),
        insertion_point: point.map(str::to_string),
        content: Some(content.to_vec()),
        generated_code_info: None,
    }
}

fn annotation(path: &[i32], begin: i32, end: i32) -> prost_types::generated_code_info::Annotation {
    prost_types::generated_code_info::Annotation {
        path: path.to_vec(),
        source_file: Some("x.proto".into()),
        begin: Some(begin),
        end: Some(end),
    }
}

fn main() {
    let mut input = Vec::new();
    if std::io::stdin().read_to_end(&mut input).is_err() {
        std::process::exit(2);
    }
    let parameter = Request::decode(input.as_slice())
        .ok()
        .and_then(|r| r.parameter)
        .unwrap_or_default();
    let mut response = Response {
        supported_features: Some(3),
        minimum_edition: Some(998),
        maximum_edition: Some(1001),
        ..Default::default()
    };
    let mut files = vec![file("request.bin", None, &input)];
    let text_meta = parameter.split(',').any(|w| w == "textmeta");
    for word in parameter.split(',') {
        let (key, value) = word.split_once('=').unwrap_or((word, ""));
        let number = || value.parse::<i64>().unwrap_or(0);
        match key {
            "features" => response.supported_features = Some(number() as u64),
            "min" => response.minimum_edition = Some(number() as i32),
            "max" => response.maximum_edition = Some(number() as i32),
            "error" => response.error = Some("the dump plugin was told to fail\nreally".into()),
            "exit" => std::process::exit(number() as i32),
            "abort" => std::process::abort(),
            "garbage" => {
                let _ = std::io::stdout().write_all(b"\xff\x00not a \"response\"\n");
                return;
            }
            "noname" => files.insert(0, File::default()),
            "twice" => files.push(file("request.bin", None, b"again")),
            "base" => {
                files.push(file(
                    "out/gen.txt",
                    None,
                    b"begin\n    \t// @@protoc_insertion_point(here)\nf(/* @@protoc_insertion_point(inline) */);\nend\n",
                ));
                let meta = prost_types::GeneratedCodeInfo {
                    annotation: vec![annotation(&[4, 0], 0, 5), annotation(&[4, 1], 50, 53)],
                };
                let meta = if text_meta {
                    b"annotation {\n  path: 4\n  path: 0\n  source_file: \"x.proto\"\n  begin: 0\n  end: 5\n  semantic: SET\n}\nannotation {\n  path: 4\n  path: 1\n  begin: 50\n  end: 53\n}\n".to_vec()
                } else {
                    meta.encode_to_vec()
                };
                files.push(file("out/gen.txt.pb.meta", None, &meta));
            }
            "insert" => {
                files.clear();
                let mut first = file("out/gen.txt", Some("here"), b"one\n\ntwo\nthree");
                first.generated_code_info = Some(prost_types::GeneratedCodeInfo {
                    annotation: vec![annotation(&[9], 1, 6), annotation(&[10], 8, 12)],
                });
                files.push(first);
                // A nameless chunk continues the insertion above.
                files.push(File {
                    content: Some(b"\nfour\n".to_vec()),
                    ..Default::default()
                });
                files.push(file("out/gen.txt", Some("here"), b"five\n"));
                let mut inline = file("out/gen.txt", Some("inline"), b"a, b");
                inline.generated_code_info = Some(prost_types::GeneratedCodeInfo {
                    annotation: vec![annotation(&[11], 0, 1)],
                });
                files.push(inline);
            }
            _ => {}
        }
    }
    response.file = files;
    let _ = std::io::stdout().write_all(&response.encode_to_vec());
}
