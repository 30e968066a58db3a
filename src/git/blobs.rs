//! Reading blobs from the object database.

use anyhow::{anyhow, Result};
use git2::{ObjectType, Oid, Repository};

/// Reads a blob's bytes: `Ok(None)` when the object is not in the repository (a partial
/// clone fetches blobs on demand, and only `git` itself can fetch them); an error when it is
/// there but cannot be read (a corrupt object) or is not a blob.
pub fn read_blob(repo: &Repository, oid: Oid) -> Result<Option<Vec<u8>>> {
    let odb = repo
        .odb()
        .map_err(|e| anyhow!("cannot open the object database: {}", e.message()))?;
    let read = match odb.read(oid) {
        Ok(obj) if obj.kind() == ObjectType::Blob => Ok(Some(obj.data().to_vec())),
        Ok(obj) => Err(anyhow!(
            "object {oid} should be a blob but is a {}",
            obj.kind()
        )),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(e) => Err(anyhow!("cannot read object {oid}: {}", e.message())),
    };
    read
}
