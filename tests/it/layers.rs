//! The module graph flows one way (DESIGN.md): the model imports nothing from the crate, no
//! stage reaches back to a later one, reports see only results, and there is no circle. Read
//! from the `use crate::…` paths of `src/`, so a change that breaks it fails here, in CI.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What each module must never import.
const NEVER: &[(&str, &[&str])] = &[
    ("model", &["*"]),
    (
        "report",
        &[
            "git", "python", "rules", "scan", "runner", "diff", "hook", "dataflow",
        ],
    ),
    ("rules", &["git", "report", "runner", "scan", "hook"]),
    (
        "dataflow",
        &["git", "report", "runner", "scan", "hook", "rules"],
    ),
    (
        "python",
        &["rules", "report", "git", "runner", "scan", "dataflow"],
    ),
    (
        "git",
        &["python", "rules", "report", "runner", "scan", "dataflow"],
    ),
    (
        "diff",
        &["python", "rules", "report", "runner", "scan", "git"],
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module of a file of `src/`.
fn module_of(src: &Path, file: &Path) -> String {
    let first = file.strip_prefix(src).unwrap().components().next().unwrap();
    let name = first.as_os_str().to_string_lossy();
    name.strip_suffix(".rs").unwrap_or(&name).to_owned()
}

/// Module → the crate's top-level modules it names in `crate::x` paths (also inside
/// `use crate::{a, b::c}` groups).
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(src, f)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let from = module_of(src, file);
        if from == "main" || from == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        let mut named = BTreeSet::new();
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let body = &group[..group.find("};").unwrap_or(group.len())];
                for part in body.split(',') {
                    let head: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    named.insert(head);
                }
            } else {
                let head: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                named.insert(head);
            }
        }
        for to in named {
            if to != from && modules.contains(&to) && to != "main" && to != "lib" {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    edges
}

/// A module that can reach itself again, if any: the graph must be acyclic.
fn find_circle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|n| n == node) {
            return Some(path[i..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, edges, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|n| visit(n, edges, &mut Vec::new(), &mut done))
}

#[test]
fn modules_flow_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = graph(&src);
    assert!(
        edges.contains_key("runner") && edges.contains_key("scan"),
        "the graph was read: {edges:?}"
    );
    let mut breaks = Vec::new();
    for (module, never) in NEVER {
        for to in edges.get(*module).into_iter().flatten() {
            if never.contains(&"*") || never.contains(&to.as_str()) {
                breaks.push(format!("{module} imports {to}"));
            }
        }
    }
    if let Some(circle) = find_circle(&edges) {
        breaks.push(format!("circle: {}", circle.join(" -> ")));
    }
    assert!(breaks.is_empty(), "{}", breaks.join("\n"));
}

#[test]
fn a_stage_reaching_back_is_caught() {
    let mut edges = BTreeMap::new();
    edges.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
    edges.insert("b".to_owned(), BTreeSet::from(["a".to_owned()]));
    assert!(find_circle(&edges).is_some());
    edges.remove("b");
    assert!(find_circle(&edges).is_none());
}
