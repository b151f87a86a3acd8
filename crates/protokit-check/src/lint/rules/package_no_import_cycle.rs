//! PACKAGE_NO_IMPORT_CYCLE: Checks that packages do not have import cycles.
//!
//! Packages form a graph: package `a` imports package `b` when a file of `a` imports a file
//! of `b` (imports inside one package do not count). Edges are ordered by the image's file
//! order (dependencies first) and, within a file, by its imports. For every import statement
//! of a checked file from its package `p` to another package `q`, buf searches depth-first
//! from `q`, following edges in that order and visiting each package once, for a path back to
//! `p`; when there is one, the import is reported (`[3, i]`) with the cycle it found, starting
//! at the file's package: `Package import cycle: a -> b -> c -> a`.
//!
//! Which imports are reported is fixed, but when several paths lead back, buf 1.75.0 prints
//! one that changes from run to run (it walks Go maps); protokit always prints the first in
//! the order above, usually the one buf prints most often. With a single path back (every
//! cycle in googleapis) both print the same.

use std::collections::HashMap;

use crate::lint::elements::tag;
use crate::lint::imports::files_by_name;
use crate::lint::{Cx, LintRule, Module, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_module(&self, cx: &mut Cx<'_>, module: &Module<'_>) {
        let image = module.image;
        let by_name = files_by_name(image);
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut names: Vec<&str> = Vec::new();
        let file_pkg: Vec<usize> = image
            .files
            .iter()
            .map(|f| {
                *ids.entry(f.package()).or_insert_with(|| {
                    names.push(f.package());
                    names.len() - 1
                })
            })
            .collect();
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
        for (i, f) in image.files.iter().enumerate() {
            let p = file_pkg[i];
            for dep in &f.proto.dependency {
                if let Some(&d) = by_name.get(dep.as_str()) {
                    let q = file_pkg[d];
                    if q != p && !edges[p].contains(&q) {
                        edges[p].push(q);
                    }
                }
            }
        }
        let scc = strongly_connected(&edges);
        let mut cycles: HashMap<(usize, usize), Option<String>> = HashMap::new();
        for (i, f) in image.files.iter().enumerate() {
            if f.is_import {
                continue;
            }
            let p = file_pkg[i];
            for (j, dep) in f.proto.dependency.iter().enumerate() {
                let Some(&d) = by_name.get(dep.as_str()) else {
                    continue;
                };
                let q = file_pkg[d];
                if q == p || scc[q] != scc[p] {
                    continue;
                }
                let cycle = cycles.entry((p, q)).or_insert_with(|| {
                    find_path(&edges, &scc, q, p).map(|path| {
                        std::iter::once(p)
                            .chain(path)
                            .map(|n| names[n])
                            .collect::<Vec<_>>()
                            .join(" -> ")
                    })
                });
                if let Some(cycle) = cycle {
                    cx.report(
                        f,
                        &[tag::FILE_DEPENDENCY, j as i32],
                        format!("Package import cycle: {cycle}"),
                    );
                }
            }
        }
    }
}

/// The first path from `from` to `to` of a depth-first search that follows edges in order
/// and visits each node once, `from` and `to` included. Only nodes of their strongly
/// connected component can lie on such a path, so the search stays inside it.
fn find_path(edges: &[Vec<usize>], scc: &[usize], from: usize, to: usize) -> Option<Vec<usize>> {
    let component = scc[from];
    let mut visited = vec![false; edges.len()];
    visited[from] = true;
    // (node, index of the next edge to follow)
    let mut stack: Vec<(usize, usize)> = vec![(from, 0)];
    while let Some(top) = stack.last_mut() {
        let (node, next) = *top;
        let Some(&n) = edges[node].get(next) else {
            stack.pop();
            continue;
        };
        top.1 += 1;
        if n == to {
            let mut path: Vec<usize> = stack.iter().map(|&(n, _)| n).collect();
            path.push(to);
            return Some(path);
        }
        if !visited[n] && scc[n] == component {
            visited[n] = true;
            stack.push((n, 0));
        }
    }
    None
}

/// Tarjan's strongly connected components (iterative): the component id of each node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSET: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSET; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![UNSET; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_comp = 0;
    for root in 0..n {
        if index[root] != UNSET {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut e)) = work.last_mut() {
            if let Some(&w) = edges[v].get(*e) {
                *e += 1;
                if index[w] == UNSET {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = next_comp;
                    if w == v {
                        break;
                    }
                }
                next_comp += 1;
            }
        }
    }
    comp
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that packages do not import each other in a cycle: if a file of package `a` imports a file of package `b`, no file of `b` (or of a package `b` imports, and so on) may import a file of `a`. Each import that closes a cycle is reported with the cycle.",
    why: "Most languages (Go first) do not allow import cycles between packages, so code generated for such protobuf packages does not build; cycles also mean the packages cannot be versioned or released separately.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nimport \"bar/v1/bar.proto\";\n\nmessage Foo {\n  bar.v1.Bar bar = 1;\n}\n\n// file: bar/v1/bar.proto\nsyntax = \"proto3\";\n\npackage bar.v1;\n\nimport \"foo/v1/kind.proto\";\n\nmessage Bar {\n  foo.v1.Kind kind = 1;\n}\n\n// file: foo/v1/kind.proto\nsyntax = \"proto3\";\n\npackage foo.v1;\n\nenum Kind {\n  KIND_UNSPECIFIED = 0;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nimport \"bar/v1/bar.proto\";\n\nmessage Foo {\n  bar.v1.Bar bar = 1;\n}\n\n// file: bar/v1/bar.proto\nsyntax = \"proto3\";\n\npackage bar.v1;\n\nimport \"bar/v1/kind.proto\";\n\nmessage Bar {\n  bar.v1.Kind kind = 1;\n}\n\n// file: bar/v1/kind.proto\nsyntax = \"proto3\";\n\npackage bar.v1;\n\nenum Kind {\n  KIND_UNSPECIFIED = 0;\n}\n",
    example_path: "foo/v1/foo.proto",
};

#[cfg(test)]
mod tests {
    use super::{find_path, strongly_connected};

    #[test]
    fn first_depth_first_path() {
        // 0 -> 1 -> 2 -> {3, 0}; 3 -> 0; 4 -> 0 (not in the cycle).
        let edges = vec![vec![1], vec![2], vec![3, 0], vec![0], vec![0]];
        let scc = strongly_connected(&edges);
        assert_eq!(scc[0], scc[3]);
        assert_ne!(scc[0], scc[4]);
        assert_eq!(find_path(&edges, &scc, 1, 0), Some(vec![1, 2, 3, 0]));
        assert_eq!(find_path(&edges, &scc, 0, 4), None);
    }
}
