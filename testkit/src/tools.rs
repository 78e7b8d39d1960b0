//! The independent tools of `tools/` (npm packages installed by `npm ci --prefix tools`).

use std::{
    ffi::OsStr,
    path::{Path, PathBuf},
    process::{Command, Output},
};

/// The repository's root.
pub fn repository() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The `tools/` folder if the npm package `package` is installed there. Without it the
/// calling test is skipped, unless `ZKCOMPLY_REQUIRE_TOOLS` is set, which makes that a failure.
pub fn tools(package: &str) -> Option<PathBuf> {
    let dir = repository().join("tools");
    if dir.join("node_modules").join(package).exists() {
        return Some(dir);
    }
    assert!(
        std::env::var("ZKCOMPLY_REQUIRE_TOOLS").is_err(),
        "tools/node_modules/{package} is required (ZKCOMPLY_REQUIRE_TOOLS is set) but missing"
    );
    eprintln!("skipped: tools/node_modules/{package} not installed (npm ci --prefix tools)");
    None
}

/// Runs `node script args…` (in `dir` when given) and returns its output.
///
/// # Panics
/// If node cannot start or the script fails; the message holds the script, its arguments,
/// its standard output and its standard error.
pub fn node<I, S>(dir: Option<&Path>, script: &Path, args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<S> = args.into_iter().collect();
    let mut command = Command::new("node");
    command.arg(script).args(&args);
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("node {}: {e}", script.display()));
    assert!(
        out.status.success(),
        "node {} {:?}: {}{}",
        script.display(),
        args.iter()
            .map(|a| a.as_ref().to_string_lossy())
            .collect::<Vec<_>>(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}
