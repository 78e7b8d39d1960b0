//! The harness the CLI tests share: run the built `zkcomply` binary and check how it ended.

#![allow(dead_code)]

use std::{
    fs,
    path::{Path, PathBuf},
    process::Command,
};

use serde_json::Value;

/// The result of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub what: String,
}

impl Run {
    /// Asserts the exit status, showing the whole run if it differs.
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code, expected,
            "`zkcomply {}` exited {}, expected {expected}\n--- stdout\n{}\n--- stderr\n{}",
            self.what, self.code, self.stdout, self.stderr
        );
        self.no_panic()
    }

    /// Asserts that the run failed (status 2) with an error mentioning each of `parts`.
    pub fn fails_with(&self, parts: &[&str]) -> &Self {
        self.code(2);
        assert!(
            self.stderr.contains("error: "),
            "`{}`: no error line in {:?}",
            self.what,
            self.stderr
        );
        for p in parts {
            assert!(
                self.stderr.contains(p),
                "`zkcomply {}`: stderr does not mention {p:?}:\n{}",
                self.what,
                self.stderr
            );
        }
        self
    }

    pub fn no_panic(&self) -> &Self {
        assert!(
            !self.stderr.contains("panicked") && !self.stdout.contains("panicked"),
            "`zkcomply {}` panicked:\n{}",
            self.what,
            self.stderr
        );
        self
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "`zkcomply {}`: stdout is not one JSON object ({e}):\n{}",
                self.what, self.stdout
            )
        })
    }
}

pub fn zkcomply<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    let what = args
        .iter()
        .map(|a| a.as_ref().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let out = Command::new(env!("CARGO_BIN_EXE_zkcomply"))
        .args(args)
        .output()
        .expect("the zkcomply binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        what,
    }
}

/// `path` as a string argument.
pub fn p(path: &Path) -> String {
    path.display().to_string()
}

/// The shipped OFAC lists, sorted.
pub fn ofac_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sanctions/ofac-2024-09");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("the OFAC lists are shipped")
        .map(|e| e.expect("readable entry").path())
        .filter(|f| f.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 17, "17 OFAC lists in {}", dir.display());
    files
}
