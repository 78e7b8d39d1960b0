//! Reading and writing files: one trait for every artefact, a size limit checked before a
//! byte is read, and atomic writes.

use std::{
    fs,
    io::{Read, Write},
    path::{Path, PathBuf},
};

use crate::{error::Result, Error};

/// The largest file [`Artefact::load`] reads unless the type says otherwise: 4 GiB (a
/// Halo2 proving key of `k = 24` is 1 GiB).
pub const DEFAULT_MAX_BYTES: u64 = 4 << 30;

/// A type with a file format: `to_bytes`/`from_bytes` are its codec, and `save`/`load`
/// come with them.
///
/// ```
/// use zkcomply_circuits::{artefact::Artefact, AllowanceNote, Fr};
///
/// # fn main() -> Result<(), zkcomply_circuits::Error> {
/// let dir = tempfile::tempdir().map_err(|e| zkcomply_circuits::Error::Artefact {
///     what: "tempdir".into(), reason: e.to_string() })?;
/// let note = AllowanceNote { period: 2, spent: 5, salt: Fr::from(7u64) };
/// note.save(&dir.path().join("note.json"))?; // written 0600: a note is a secret
/// assert_eq!(AllowanceNote::load(&dir.path().join("note.json"))?, note);
/// # Ok(())
/// # }
/// ```
pub trait Artefact: Sized {
    /// The error of this type's reader.
    type Error: From<Error>;

    /// Whether the file holds a secret: then it is written readable by its owner alone.
    const PRIVATE: bool = false;

    /// The largest file `load` accepts, checked before reading it.
    const MAX_BYTES: u64 = DEFAULT_MAX_BYTES;

    /// The file's bytes.
    fn to_bytes(&self) -> Vec<u8>;

    /// Reads a file's bytes; `what` names the file in errors. Exactly the bytes
    /// [`Artefact::to_bytes`] writes are accepted for each value.
    ///
    /// # Errors
    /// This type's error, naming `what` and what is wrong.
    fn from_bytes(what: &str, bytes: &[u8]) -> Result<Self, Self::Error>;

    /// The bytes [`Artefact::save`] writes at `path`: [`Artefact::to_bytes`] unless the
    /// type has several forms chosen by the file name (a snapshot ending in `.json`).
    fn to_bytes_for(&self, path: &Path) -> Vec<u8> {
        let _ = path;
        self.to_bytes()
    }

    /// Writes the file atomically (private if [`Artefact::PRIVATE`]).
    ///
    /// # Errors
    /// [`Error::Io`].
    fn save(&self, path: &Path) -> Result<(), Self::Error> {
        let bytes = self.to_bytes_for(path);
        let written = if Self::PRIVATE {
            write_private(path, &bytes)
        } else {
            write_atomic(path, &bytes)
        };
        Ok(written?)
    }

    /// Reads the file at `path`, refusing one larger than [`Artefact::MAX_BYTES`].
    ///
    /// # Errors
    /// [`Error::Io`], [`Error::Artefact`] for a file too large, or as
    /// [`Artefact::from_bytes`].
    fn load(path: &Path) -> Result<Self, Self::Error> {
        let bytes = read_limited(path, Self::MAX_BYTES)?;
        Self::from_bytes(&path.display().to_string(), &bytes)
    }
}

/// Reads a whole file of at most [`DEFAULT_MAX_BYTES`], naming it in the error.
///
/// # Errors
/// [`Error::Io`], or [`Error::Artefact`] if the file is larger.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    read_limited(path, DEFAULT_MAX_BYTES)
}

/// Reads a whole file, refusing it before reading if it is larger than `max` bytes.
///
/// # Errors
/// [`Error::Io`], or [`Error::Artefact`] if the file is larger than `max`.
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = fs::File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    let too_large = |len: u64| Error::Artefact {
        what: path.display().to_string(),
        reason: format!("{len} bytes, more than the {max} this file kind may have"),
    };
    if len > max {
        return Err(too_large(len));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    // A file that grows while it is read (or a device) is cut at `max + 1` bytes.
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Writes a file atomically: to a temporary file beside it, then renamed over it, so a
/// reader never sees a partial file.
///
/// # Errors
/// [`Error::Io`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with_mode(path, bytes, None)
}

/// Writes a file that holds a secret (an identity, an allowance note) atomically, readable
/// and writable by its owner alone (mode 0600 on Unix) from the moment it is created.
///
/// # Errors
/// [`Error::Io`].
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with_mode(path, bytes, Some(0o600))
}

fn write_with_mode(path: &Path, bytes: &[u8], mode: Option<u32>) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        // A temporary file left by a crashed run could carry a wider mode: start afresh.
        let _ = fs::remove_file(&tmp);
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        if let Some(mode) = mode {
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
        }
        #[cfg(not(unix))]
        let _ = mode;
        let mut f = options.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces() {
        let dir = std::env::temp_dir().join(format!("zkc-artefact-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.bin");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(
            fs::read_dir(&dir).unwrap().count(),
            1,
            "no temporary file left behind"
        );
        assert!(write_atomic(&dir.join("missing/x"), b"x").is_err());
        fs::remove_dir_all(&dir).unwrap();
    }
    #[test]
    fn large_files_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.bin");
        fs::write(&p, vec![0u8; 1000]).unwrap();
        assert_eq!(read_limited(&p, 1000).unwrap().len(), 1000);
        let err = read_limited(&p, 999).unwrap_err().to_string();
        assert!(err.contains("1000 bytes, more than the 999"), "{err}");
    }
}
