//! A reader for git's index file, for the one question a pre-commit hook asks of it: which
//! entries differ from `HEAD`. libgit2 answers that by hashing the whole file, building a
//! path map of every entry and walking every tree of `HEAD`; git instead trusts the index's
//! cache-tree (the `TREE` extension) and skips each directory whose recorded tree is the one
//! `HEAD` has. This reader gives the entries and that cache-tree, and declines (`None`) every
//! index it does not fully understand, so that libgit2 can read those as before.

use git2::Oid;

/// Length of a SHA-1 object id, the only object format libgit2 reads here.
const OID_LEN: usize = 20;
/// Bytes of an entry before its path: times, device, inode, mode, ids, size, oid, flags.
const ENTRY_FIXED_LEN: usize = 62;
/// Stage bits of an entry's flags: non-zero for the sides of an unresolved conflict.
const FLAG_STAGE: u16 = 0x3000;
/// An extended-flags word follows (intent-to-add, skip-worktree).
const FLAG_EXTENDED: u16 = 0x4000;
/// Path lengths of this value or more are not recorded in the flags.
const FLAG_NAME_MASK: u16 = 0x0fff;

/// One stage-0 entry of the index: a path and the blob (or link, or submodule commit) staged
/// there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// Full path, `/`-separated, as raw bytes.
    pub path: Vec<u8>,
    /// Mode as recorded (`0o100644`, `0o100755`, `0o120000`, `0o160000`).
    pub mode: u32,
    pub oid: Oid,
}

/// One directory of the cache-tree: the tree its index entries would be written as, when
/// that is still known, and the same for its subdirectories.
#[derive(Debug, Default)]
pub struct CacheTree {
    /// Directory name (one path component; empty for the root).
    pub name: Vec<u8>,
    /// `None` when an entry below this directory changed since the tree was recorded.
    pub oid: Option<Oid>,
    pub children: Vec<CacheTree>,
}

impl CacheTree {
    /// The subdirectory called `name`, if the cache-tree records it.
    pub fn child(&self, name: &[u8]) -> Option<&CacheTree> {
        self.children.iter().find(|c| c.name == name)
    }
}

/// What the reader takes from an index file.
#[derive(Debug)]
pub struct IndexFile {
    /// Sorted by path, as git writes them.
    pub entries: Vec<IndexEntry>,
    /// The root of the cache-tree, when the index has one.
    pub cache_tree: Option<CacheTree>,
}

/// Parses an index file; `None` for anything this reader leaves to libgit2: another version,
/// a conflict, extended flags (intent-to-add, skip-worktree), a split or sparse index, an
/// extension git requires readers to understand, or a damaged file.
pub fn parse(bytes: &[u8]) -> Option<IndexFile> {
    let mut r = Reader { bytes, pos: 0 };
    if r.take(4)? != b"DIRC" {
        return None;
    }
    let version = r.u32()?;
    if !(2..=4).contains(&version) {
        return None;
    }
    let count = r.u32()? as usize;
    // Each entry needs at least its fixed part: a count beyond that is a damaged file, and
    // must not reserve memory it names.
    if count > bytes.len() / ENTRY_FIXED_LEN {
        return None;
    }
    let mut entries: Vec<IndexEntry> = Vec::with_capacity(count);
    for _ in 0..count {
        let start = r.pos;
        r.take(24)?; // ctime, mtime, dev, ino
        let mode = r.u32()?;
        r.take(12)?; // uid, gid, size
        let oid = Oid::from_bytes(r.take(OID_LEN)?).ok()?;
        let flags = r.u16()?;
        if flags & (FLAG_STAGE | FLAG_EXTENDED) != 0 || oid.is_zero() {
            return None;
        }
        let path = if version == 4 {
            let strip = r.varint()?;
            let suffix = r.until_nul()?;
            let previous = entries
                .last()
                .map(|e| e.path.as_slice())
                .unwrap_or_default();
            let keep = previous.len().checked_sub(usize::try_from(strip).ok()?)?;
            [&previous[..keep], suffix].concat()
        } else {
            let declared = flags & FLAG_NAME_MASK;
            let path = if declared < FLAG_NAME_MASK {
                r.take(declared as usize)?.to_vec()
            } else {
                r.until_nul_peek()?.to_vec()
            };
            // v2 and v3 pad each entry with 1 to 8 NULs to a multiple of 8 bytes.
            let len = (ENTRY_FIXED_LEN + path.len() + 8) & !7;
            r.pos = start.checked_add(len)?;
            if r.pos > bytes.len() {
                return None;
            }
            path
        };
        if let Some(previous) = entries.last() {
            if previous.path >= path {
                return None;
            }
        }
        entries.push(IndexEntry { path, mode, oid });
    }
    let mut cache_tree = None;
    while bytes.len().saturating_sub(r.pos) > OID_LEN {
        let signature = r.take(4)?;
        let size = r.u32()? as usize;
        let data = r.take(size)?;
        match signature {
            b"TREE" => cache_tree = Some(parse_cache_tree(data)?),
            // Lower-case signatures mark extensions a reader must understand (`link`: split
            // index, `sdir`: sparse index); upper-case ones may be skipped.
            [first, ..] if first.is_ascii_lowercase() => return None,
            _ => {}
        }
    }
    Some(IndexFile {
        entries,
        cache_tree,
    })
}

/// Parses the `TREE` extension: each directory, depth first, as `name NUL entries SP
/// subtrees LF`, then its tree id when `entries` is not `-1`.
fn parse_cache_tree(data: &[u8]) -> Option<CacheTree> {
    let mut r = Reader {
        bytes: data,
        pos: 0,
    };
    let root = read_cache_node(&mut r, 0)?;
    Some(root)
}

/// Deeper than any real directory tree; a bound so a crafted index cannot exhaust the stack.
const MAX_CACHE_TREE_DEPTH: usize = 4096;

fn read_cache_node(r: &mut Reader<'_>, depth: usize) -> Option<CacheTree> {
    if depth > MAX_CACHE_TREE_DEPTH {
        return None;
    }
    let name = r.until_nul()?.to_vec();
    let entries: i64 = std::str::from_utf8(r.until(b' ')?).ok()?.parse().ok()?;
    let subtrees: usize = std::str::from_utf8(r.until(b'\n')?).ok()?.parse().ok()?;
    let oid = if entries >= 0 {
        Some(Oid::from_bytes(r.take(OID_LEN)?).ok()?)
    } else {
        None
    };
    // Every subtree takes at least four bytes ("\0" "0 0\n" minus the oid), which bounds
    // the reservation by what is left of the extension.
    let mut children = Vec::with_capacity(subtrees.min(r.bytes.len() - r.pos));
    for _ in 0..subtrees {
        children.push(read_cache_node(r, depth + 1)?);
    }
    Some(CacheTree {
        name,
        oid,
        children,
    })
}

/// A cursor over the file: every read checks bounds and yields `None` past the end.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let out = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(out)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_be_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_be_bytes(self.take(2)?.try_into().ok()?))
    }

    /// Bytes up to `stop`, which is consumed and not returned.
    fn until(&mut self, stop: u8) -> Option<&'a [u8]> {
        let rest = self.bytes.get(self.pos..)?;
        let len = rest.iter().position(|&b| b == stop)?;
        self.pos += len + 1;
        Some(&rest[..len])
    }

    fn until_nul(&mut self) -> Option<&'a [u8]> {
        self.until(0)
    }

    /// Bytes up to the next NUL, leaving the cursor before it (the padding that follows a
    /// v2/v3 path is skipped by the caller).
    fn until_nul_peek(&mut self) -> Option<&'a [u8]> {
        let rest = self.bytes.get(self.pos..)?;
        let len = rest.iter().position(|&b| b == 0)?;
        self.pos += len;
        Some(&rest[..len])
    }

    /// git's offset varint (`varint.c`): seven bits per byte, high bit set on all but the
    /// last, and one added per continuation so that every value has a single encoding.
    fn varint(&mut self) -> Option<u64> {
        let mut byte = self.take(1)?[0];
        let mut value = u64::from(byte & 0x7f);
        while byte & 0x80 != 0 {
            byte = self.take(1)?[0];
            value = value.checked_add(1)?.checked_mul(128)? | u64::from(byte & 0x7f);
        }
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_matches_git() {
        // From git's varint.c: 127 is one byte, 128 is 0x80 0x00.
        let mut r = Reader {
            bytes: &[0x7f, 0x80, 0x00, 0x80, 0x7f],
            pos: 0,
        };
        assert_eq!(r.varint(), Some(127));
        assert_eq!(r.varint(), Some(128));
        assert_eq!(r.varint(), Some(255));
    }

    /// A real index of version `version` with nested paths, a cache-tree, and (in v4)
    /// prefix-compressed paths, written by git.
    fn real_index(version: u32) -> Vec<u8> {
        use crate::git::staged::tests::{committed, git};
        let paths = ["a.py", "d/e.py", "d/f/g.py", "d/f/h.txt", "z.py"];
        let files: Vec<(&str, &str)> = paths.iter().map(|p| (*p, *p)).collect();
        let tmp = committed(&files);
        git(
            tmp.path(),
            &["update-index", "--index-version", &version.to_string()],
        );
        std::fs::read(tmp.path().join(".git/index")).unwrap()
    }

    #[test]
    fn reads_what_git_writes() {
        for version in 2..=4 {
            let index = parse(&real_index(version)).unwrap();
            let paths: Vec<&[u8]> = index.entries.iter().map(|e| e.path.as_slice()).collect();
            let want: [&[u8]; 5] = [b"a.py", b"d/e.py", b"d/f/g.py", b"d/f/h.txt", b"z.py"];
            assert_eq!(paths, want, "version {version}");
            let root = index.cache_tree.unwrap();
            assert!(root.oid.is_some());
            assert!(root.child(b"d").unwrap().child(b"f").unwrap().oid.is_some());
        }
    }

    proptest::proptest! {
        /// Damaged indexes (bytes changed, cut short) are declined or read, never a panic
        /// or an allocation the file does not justify.
        #[test]
        fn damaged_indexes_never_panic(
            version in 2u32..=4,
            edits in proptest::collection::vec((0usize..4096, proptest::num::u8::ANY), 1..8),
            cut in 0usize..4096,
        ) {
            static INDEXES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
            let indexes = INDEXES.get_or_init(|| (2..=4).map(real_index).collect());
            let mut bytes = indexes[version as usize - 2].clone();
            for (at, byte) in edits {
                let at = at % bytes.len();
                bytes[at] = byte;
            }
            bytes.truncate(bytes.len() - cut % bytes.len());
            let _ = parse(&bytes);
        }
    }

    #[test]
    fn rejects_what_it_does_not_understand() {
        assert!(parse(b"").is_none());
        assert!(parse(b"DIRC\0\0\0\x05\0\0\0\0").is_none());
        assert!(parse(b"DIRC\0\0\0\x02\xff\xff\xff\xff").is_none());
        let empty = b"DIRC\0\0\0\x02\0\0\0\0";
        let mut with_link = empty.to_vec();
        with_link.extend_from_slice(b"link\0\0\0\0");
        with_link.extend_from_slice(&[0; OID_LEN]);
        assert!(parse(&with_link).is_none());
        let mut with_untr = empty.to_vec();
        with_untr.extend_from_slice(b"UNTR\0\0\0\0");
        with_untr.extend_from_slice(&[0; OID_LEN]);
        assert!(parse(&with_untr).is_some());
    }
}
