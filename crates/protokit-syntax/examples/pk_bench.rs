//! Debug helper: times parsing every `.proto` under a directory (read first, then parsed).
use std::path::{Path, PathBuf};
use std::time::Instant;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "proto") {
            out.push(path);
        }
    }
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/work/shared/corpus/googleapis".into());
    let mut files = Vec::new();
    collect(Path::new(&dir), &mut files);
    let texts: Vec<String> = files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let start = Instant::now();
    let mut tokens = 0;
    for t in &texts {
        tokens += protokit_syntax::parse(t).tokens.len();
    }
    let took = start.elapsed();
    println!(
        "{} files, {} MB, {} tokens: {:?} ({:.0} MB/s)",
        texts.len(),
        bytes / 1_000_000,
        tokens,
        took,
        bytes as f64 / took.as_secs_f64() / 1e6
    );
}
