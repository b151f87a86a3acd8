//! Debug helper: parses files and prints their syntax errors the way protoc prints them
//! (`file:line:col: message`), and checks that the tree prints back the input.
use protokit_diagnostics::LineIndex;

fn main() {
    let sexpr = std::env::var_os("PK_SEXPR").is_some();
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        let tree = protokit_syntax::parse(&text);
        let printed = tree.print();
        if printed != text {
            let at = printed
                .bytes()
                .zip(text.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(printed.len().min(text.len()));
            println!("{path}: ROUND TRIP FAILS at byte {at}");
        }
        if sexpr {
            println!("{}", tree.to_sexpr());
        }
        let index = LineIndex::new(&text);
        for e in &tree.errors {
            let (l, c) = index.line_col(e.span.start);
            println!("{path}:{}:{}: {}", l + 1, c + 1, e.message);
        }
    }
}
