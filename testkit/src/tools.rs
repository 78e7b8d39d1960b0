//! The independent tools of `tools/` (npm packages installed by `npm ci --prefix tools`).

use std::path::{Path, PathBuf};

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
