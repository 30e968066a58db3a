//! Which paths count as Python: `*.py`, `*.pyi`, and extensionless scripts with a python shebang.

/// True for names ending in `.py` or `.pyi`.
pub fn is_python_path(path: &str) -> bool {
    path.ends_with(".py") || path.ends_with(".pyi")
}

/// True when `path` is Python by name, or has no extension and `read` yields a first line that
/// is a python shebang (`#!/usr/bin/env python3`, `#!/usr/bin/python`). The blob is only read
/// for extensionless names, so non-Python files of a large change are never loaded.
pub fn is_python(path: &str, read: impl FnOnce() -> Option<Vec<u8>>) -> bool {
    if is_python_path(path) {
        return true;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.contains('.') || name.is_empty() {
        return false;
    }
    let Some(bytes) = read() else { return false };
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    first.starts_with(b"#!") && first.windows(6).any(|w| w == b"python")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_shebangs() {
        assert!(is_python("a/b.py", || None));
        assert!(is_python("a/b.pyi", || None));
        assert!(!is_python("a/b.txt", || panic!("must not read")));
        assert!(is_python("bin/tool", || Some(
            b"#!/usr/bin/env python3\nprint()".to_vec()
        )));
        assert!(!is_python("bin/tool", || Some(b"#!/bin/sh\n".to_vec())));
        assert!(!is_python("bin/tool", || None));
    }
}
