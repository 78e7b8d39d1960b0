//! Terminal output: lines on stdout, warnings on stderr, JSON objects, spinners and
//! timings. Progress indicators draw on stderr only when it is a terminal, so pipes and
//! tests see clean output.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::Value;

/// Prints a line on stdout. A closed pipe (`zkcomply … | head -1`) is not an error.
#[macro_export]
macro_rules! say {
    () => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout());
    }};
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Prints a warning on stderr (also in `--json` mode: stdout holds the JSON only).
pub fn warn(message: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "warning: {message}");
}

/// Prints a note on stderr.
pub fn note(message: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "note: {message}");
}

/// The warning every command prints when it uses an artefact of a `--dev-seed` setup.
pub fn warn_insecure(what: &str) {
    warn(&format!(
        "{what} comes from an INSECURE development setup (--dev-seed): anyone who knows \
         the seed can forge proofs. Never use it in production."
    ));
}

/// Prints one JSON object on stdout, pretty-printed.
pub fn print_json(value: &Value) {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    say!("{text}");
}

/// A spinner on stderr showing `message`, hidden when stderr is not a terminal.
pub fn spinner(message: impl Into<String>) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{spinner:.cyan} {msg} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.set_message(message.into());
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

/// Runs `f` under a spinner showing `message` and returns its result and duration.
///
/// # Errors
/// Whatever `f` returns.
pub fn timed<T, E>(
    message: impl Into<String>,
    f: impl FnOnce() -> Result<T, E>,
) -> Result<(T, Duration), E> {
    let bar = spinner(message);
    let start = Instant::now();
    let result = f();
    let elapsed = start.elapsed();
    bar.finish_and_clear();
    result.map(|t| (t, elapsed))
}

/// A duration as milliseconds with one decimal, e.g. `12.3 ms`.
pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// A duration as a JSON number of milliseconds (three decimals).
pub fn ms_json(d: Duration) -> Value {
    let ms = (d.as_secs_f64() * 1e6).round() / 1e3;
    serde_json::Number::from_f64(ms)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

/// A byte count for humans, e.g. `1.5 MiB`.
pub fn bytes(n: usize) -> String {
    const KIB: f64 = 1024.0;
    let x = n as f64;
    if x >= KIB * KIB {
        format!("{:.1} MiB", x / (KIB * KIB))
    } else if x >= KIB {
        format!("{:.1} KiB", x / KIB)
    } else {
        format!("{n} bytes")
    }
}

/// Reports an error: `error: …` on stderr, and with `--json` also `{"error": …}` on
/// stdout so that a program reading stdout always gets one JSON object.
pub fn error(e: &anyhow::Error, json: bool) {
    use std::io::Write as _;
    let message = message(e);
    let _ = writeln!(std::io::stderr(), "error: {message}");
    if json {
        print_json(&serde_json::json!({ "ok": false, "error": message }));
    }
}

/// An error and its causes on one line, `a: b: c`, leaving out a cause whose text the
/// line already holds (the library's errors often print their source themselves).
pub fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}
