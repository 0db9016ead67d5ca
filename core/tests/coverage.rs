//! `docs/api-coverage.md` can't drift: its rows are the spec's operations (the vendored
//! `docs/openapi-2025-11-08.yaml`), and its exports are the ones `core/src/ffi/` declares.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the core lives in the workspace")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// operation id → "METHOD /path", from the spec's `paths` (a line reader is enough for its
/// regular layout: two-space paths, four-space methods, `operationId:` below each method).
fn spec_operations() -> BTreeMap<String, String> {
    let spec = read("docs/openapi-2025-11-08.yaml");
    let mut ops = BTreeMap::new();
    let (mut in_paths, mut path, mut method) = (false, String::new(), String::new());
    for line in spec.lines() {
        if line == "paths:" {
            in_paths = true;
            continue;
        }
        if in_paths && !line.starts_with(' ') && !line.is_empty() {
            in_paths = false;
        }
        if !in_paths {
            continue;
        }
        if let Some(p) = line.strip_prefix("  ").filter(|l| l.starts_with('/')) {
            path = p.trim_end_matches(':').to_string();
        } else if let Some(m) = line.strip_prefix("    ").filter(|l| !l.starts_with(' ')) {
            let m = m.trim_end_matches(':');
            if ["get", "post", "patch", "delete", "put"].contains(&m) {
                method = m.to_uppercase();
            }
        } else if let Some(id) = line.trim().strip_prefix("operationId: ") {
            ops.insert(id.trim().to_string(), format!("{method} {path}"));
        }
    }
    ops
}

/// (object, method) of every operation export in `core/src/ffi/*.rs` (`ffi_operations!` blocks).
fn exports() -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(repo().join("core/src/ffi")).expect("core/src/ffi") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("mod.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        for block in text.split("ffi_operations!(").skip(1) {
            let object = block
                .split(',')
                .next()
                .unwrap_or_default()
                .trim()
                .to_string();
            let body = block.split("\n);").next().unwrap_or_default();
            for line in body.lines() {
                if let Some(rest) = line.trim().strip_prefix("fn ") {
                    let name = rest.split('(').next().unwrap_or_default();
                    found.insert((object.clone(), name.to_string()));
                }
            }
        }
    }
    found
}

struct Row {
    operation: String,
    http: String,
    /// The exports of the operation: usually one, `Object.method`; a few operations have
    /// more than one call (`Files.upload`, `Files.upload_bytes`), listed `A.a`, `A.b`.
    exports: Vec<(String, String)>,
}

fn table() -> (String, Vec<Row>) {
    let doc = read("docs/api-coverage.md");
    let cell = |c: &str| c.trim().trim_matches('`').to_string();
    let rows = doc
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split('|').collect();
            Row {
                operation: cell(cells[0]),
                http: cell(cells[1]),
                exports: cells[2]
                    .split(", ")
                    .filter_map(|export| {
                        cell(export)
                            .split_once('.')
                            .map(|(o, m)| (o.to_string(), m.to_string()))
                    })
                    .collect(),
            }
        })
        .collect();
    (doc, rows)
}

#[test]
fn every_operation_of_the_spec_has_one_row_with_its_method_and_path() {
    let spec = spec_operations();
    assert_eq!(spec.len(), 52, "the vendored spec has 52 operations");
    let (_, rows) = table();
    let ids: Vec<&str> = rows.iter().map(|r| r.operation.as_str()).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "an operation has two rows");
    assert_eq!(
        unique,
        spec.keys().map(String::as_str).collect(),
        "the table's operations are the spec's"
    );
    for row in &rows {
        assert_eq!(row.http, spec[&row.operation], "{}", row.operation);
    }
}

#[test]
fn the_table_names_exactly_the_exported_operations() {
    let exported = exports();
    let (doc, rows) = table();
    let mut in_table = BTreeSet::new();
    for row in &rows {
        for export in &row.exports {
            assert!(
                exported.contains(export),
                "{}: the table names {}.{}, which core/src/ffi does not export",
                row.operation,
                export.0,
                export.1
            );
            in_table.insert(export.clone());
        }
    }
    // Every exported operation (not the paging helpers) is some spec operation's row.
    for (object, method) in &exported {
        if method == "list_all"
            || method == "next_page"
            || method.starts_with("all_")
            || method.ends_with("_all")
        {
            continue;
        }
        assert!(
            in_table.contains(&(object.clone(), method.clone())),
            "{object}.{method} is exported but not in docs/api-coverage.md"
        );
    }
    let built = rows.iter().filter(|r| !r.exports.is_empty()).count();
    assert!(
        doc.contains(&format!("**{built} of 52 operations built.**")),
        "the count line says how many rows are built ({built})"
    );
}
