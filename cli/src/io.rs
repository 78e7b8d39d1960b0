//! Files: reading address lists (text, JSON, CSV), loading and saving artefacts with
//! errors that name the file, and atomic writes.

use std::{collections::HashMap, fmt, path::Path};

use anyhow::{anyhow, bail, Context, Result};
use zkcomply::{
    circuits::{address, artefact},
    field, AddressKey, Artefact, Fr, Identity,
};

/// Where an address was read: a file and a line (or, failing that, a JSON array element).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The file, as given on the command line (or the name of an embedded list).
    pub file: String,
    /// The line, 1-based.
    pub line: Option<usize>,
    /// The element of a JSON array, 0-based, where the line could not be found.
    pub element: Option<usize>,
}

impl Origin {
    fn line(file: &str, line: usize) -> Self {
        Self {
            file: file.to_string(),
            line: Some(line),
            element: None,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.element) {
            (Some(line), _) => write!(f, "{}, line {line}", self.file),
            (None, Some(i)) => write!(f, "{}, element {i}", self.file),
            (None, None) => f.write_str(&self.file),
        }
    }
}

/// An address read from a list, with its key and where it came from.
#[derive(Clone, Debug)]
pub struct SourcedAddress {
    /// The address as written.
    pub address: String,
    /// Its key.
    pub key: AddressKey,
    /// Where it was read.
    pub origin: Origin,
}

/// A repeated key in a set of address lists.
#[derive(Clone, Debug)]
pub struct Duplicate {
    /// The repeated entry.
    pub entry: SourcedAddress,
    /// Where the key was first seen.
    pub first: Origin,
}

/// The addresses of several lists, with the repeated keys among them.
#[derive(Clone, Debug, Default)]
pub struct AddressSet {
    /// Every address read, in order.
    pub entries: Vec<SourcedAddress>,
    /// The entries whose key was already seen (each counts once in the tree).
    pub duplicates: Vec<Duplicate>,
}

impl AddressSet {
    /// Collects entries and finds the repeated keys.
    pub fn new(entries: Vec<SourcedAddress>) -> Self {
        let mut first: HashMap<AddressKey, usize> = HashMap::with_capacity(entries.len());
        let mut duplicates = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            match first.get(&e.key) {
                Some(&j) => duplicates.push(Duplicate {
                    entry: e.clone(),
                    first: entries[j].origin.clone(),
                }),
                None => {
                    first.insert(e.key, i);
                }
            }
        }
        Self {
            entries,
            duplicates,
        }
    }

    /// The keys, repeats included.
    pub fn keys(&self) -> impl Iterator<Item = AddressKey> + '_ {
        self.entries.iter().map(|e| e.key)
    }

    /// The number of distinct keys.
    pub fn distinct(&self) -> usize {
        self.entries.len() - self.duplicates.len()
    }
}

/// The kinds of address list the CLI reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    /// One address per line; blank lines and lines starting with `#` are skipped.
    Text,
    /// A JSON array of address strings.
    Json,
    /// CSV with a header row holding an `address` column (any case).
    Csv,
}

impl ListFormat {
    /// The format of a file, from its extension (`.json`, `.csv`, anything else is text).
    pub fn of(path: &Path) -> Self {
        match path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .as_deref()
        {
            Some("json") => ListFormat::Json,
            Some("csv") => ListFormat::Csv,
            _ => ListFormat::Text,
        }
    }
}

/// Reads an address list file (format from its extension).
///
/// # Errors
/// An unreadable file, a file with no addresses, malformed content, or an invalid
/// address, each naming the file and, where there is one, the line.
pub fn read_address_file(path: &Path) -> Result<Vec<SourcedAddress>> {
    let bytes = artefact::read(path)?;
    let name = path.display().to_string();
    let entries = parse_address_list(&name, &bytes, ListFormat::of(path))?;
    if entries.is_empty() {
        bail!("{name}: the file holds no addresses (an empty or truncated list is refused)");
    }
    Ok(entries)
}

/// Parses an address list held in memory; `name` names it in errors.
///
/// # Errors
/// As [`read_address_file`], except that an empty list is not an error here.
pub fn parse_address_list(
    name: &str,
    bytes: &[u8],
    format: ListFormat,
) -> Result<Vec<SourcedAddress>> {
    match format {
        ListFormat::Text => parse_text(name, bytes),
        ListFormat::Json => parse_json(name, bytes),
        ListFormat::Csv => parse_csv(name, bytes),
    }
}

fn address_at(address: &str, origin: Origin) -> Result<SourcedAddress> {
    let key = AddressKey::parse(address).map_err(|e| anyhow!("{origin}: {e}"))?;
    Ok(SourcedAddress {
        address: address.to_string(),
        key,
        origin,
    })
}

/// `bytes` as UTF-8, or an error naming the line of the first bad byte.
fn utf8<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        anyhow!(
            "{}: not UTF-8 text (byte 0x{:02x} at offset {at})",
            Origin::line(name, line),
            bytes[at]
        )
    })
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn parse_text(name: &str, bytes: &[u8]) -> Result<Vec<SourcedAddress>> {
    let text = strip_bom(utf8(name, bytes)?);
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let address = line.trim();
        if address.is_empty() || address.starts_with('#') {
            continue;
        }
        out.push(address_at(address, Origin::line(name, i + 1))?);
    }
    Ok(out)
}

fn parse_json(name: &str, bytes: &[u8]) -> Result<Vec<SourcedAddress>> {
    let text = strip_bom(utf8(name, bytes)?);
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| anyhow!("{name}: invalid JSON: {e}"))?;
    let serde_json::Value::Array(items) = value else {
        bail!("{name}: expected a JSON array of address strings");
    };
    let mut out = Vec::with_capacity(items.len());
    // Find each string in the text, in order, to name its line in errors.
    let mut from = 0;
    for (i, item) in items.iter().enumerate() {
        let origin = |found: Option<usize>| Origin {
            file: name.to_string(),
            line: found.map(|pos| text[..pos].matches('\n').count() + 1),
            element: Some(i),
        };
        let serde_json::Value::String(address) = item else {
            bail!("{name}, element {i}: expected an address string, found {item}");
        };
        let needle = serde_json::to_string(address).unwrap_or_default();
        let found = text[from..].find(&needle).map(|p| from + p);
        if let Some(pos) = found {
            from = pos + needle.len();
        }
        out.push(address_at(address.trim(), origin(found))?);
    }
    Ok(out)
}

fn parse_csv(name: &str, bytes: &[u8]) -> Result<Vec<SourcedAddress>> {
    let text = strip_bom(utf8(name, bytes)?);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| anyhow!("{name}: cannot read the CSV header row: {e}"))?
        .clone();
    let column = headers
        .iter()
        .position(|h| h.eq_ignore_ascii_case("address"))
        .ok_or_else(|| {
            anyhow!(
                "{name}: the CSV header row has no `address` column (columns: {})",
                headers.iter().collect::<Vec<_>>().join(", ")
            )
        })?;
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| anyhow!("{name}: {e}"))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let origin = Origin::line(name, line);
        let address = record
            .get(column)
            .ok_or_else(|| anyhow!("{origin}: the row has no `address` field"))?;
        if address.is_empty() {
            bail!("{origin}: the `address` field is empty");
        }
        out.push(address_at(address, origin)?);
    }
    Ok(out)
}

/// Reads a whole file, refusing an empty one.
///
/// # Errors
/// The I/O error or "the file is empty", naming the file.
pub fn read_nonempty(path: &Path) -> Result<Vec<u8>> {
    let bytes = artefact::read(path)?;
    if bytes.is_empty() {
        bail!("{}: the file is empty", path.display());
    }
    Ok(bytes)
}

/// Reads a whole text file, refusing an empty or non-UTF-8 one.
///
/// # Errors
/// As [`read_nonempty`], and a non-UTF-8 error naming the line.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = read_nonempty(path)?;
    Ok(utf8(&path.display().to_string(), &bytes)?.to_string())
}

/// Writes a file atomically (never a partial file).
///
/// # Errors
/// The I/O error, naming the file.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    artefact::write_atomic(path, bytes)?;
    Ok(())
}

/// Writes a file holding a secret atomically, readable by its owner alone (0600).
///
/// # Errors
/// The I/O error, naming the file.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    artefact::write_private(path, bytes)?;
    Ok(())
}

/// Creates a directory and its parents.
///
/// # Errors
/// The I/O error, naming the directory.
pub fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the directory", dir.display()))
}

/// An error about the file at `path`, prefixed with its name unless it already names it.
pub fn naming(path: &Path, e: impl Into<anyhow::Error>) -> anyhow::Error {
    let e = e.into();
    let name = path.display().to_string();
    if format!("{e:#}").contains(&name) {
        e
    } else {
        e.context(name)
    }
}

/// An EVM account's secp256k1 private key from a file: 0x + 64 hex digits (surrounding
/// whitespace ignored). The error never prints the file's content.
///
/// # Errors
/// An unreadable file, or one that is not a valid key.
pub fn load_signing_key(path: &Path) -> Result<k256::ecdsa::SigningKey> {
    let text = read_text(path)?;
    let digits = text.trim();
    let digits = digits.strip_prefix("0x").unwrap_or(digits);
    let mut bytes = [0u8; 32];
    if digits.len() != 64 || hex::decode_to_slice(digits, &mut bytes).is_err() {
        bail!(
            "{}: a signing key file holds 0x + 64 hex digits (a secp256k1 private key)",
            path.display()
        );
    }
    k256::ecdsa::SigningKey::from_slice(&bytes).map_err(|_| {
        anyhow!(
            "{}: not a valid secp256k1 private key (0 or ≥ n)",
            path.display()
        )
    })
}

/// An identity file and the address it records, if any.
///
/// # Errors
/// An unreadable or malformed identity file.
pub fn load_identity(path: &Path) -> Result<(Identity, Option<String>)> {
    let text = read_text(path)?;
    let what = path.display().to_string();
    let identity = Identity::from_json(&what, &text).map_err(|e| naming(path, e))?;
    let address = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("address")?.as_str().map(str::to_string));
    Ok((identity, address))
}

/// Any file with a format ([`Artefact::load`]: keys, proofs, snapshots, trees, notes),
/// refusing an empty one with a clear message and naming the file in every error.
///
/// # Errors
/// An empty, unreadable or malformed file.
pub fn load<T: Artefact>(path: &Path) -> Result<T>
where
    T::Error: std::error::Error + Send + Sync + 'static,
{
    if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
        bail!("{}: the file is empty", path.display());
    }
    T::load(path).map_err(|e| naming(path, e))
}

/// A field element given on the command line as decimal or 0x-hex, `< r`.
///
/// # Errors
/// A message naming the option and why the value was refused.
pub fn field_arg(option: &str, value: &str) -> Result<Fr> {
    Ok(field::parse(option, value)?)
}

/// An EVM address given on the command line: `0x` + 40 hex digits. An address in mixed
/// case must carry a valid EIP-55 checksum (all-lower and all-upper case carry none).
///
/// # Errors
/// A message naming the option, the value and what is wrong with it.
pub fn evm_address_arg(option: &str, value: &str) -> Result<[u8; 20]> {
    address::parse_evm(value).map_err(|e| anyhow!("{option}: {e}"))
}

/// The EIP-55 checksummed form of an address, with `0x`.
pub fn eip55(address: &[u8; 20]) -> String {
    address::eip55(address)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test vectors of EIP-55.
    const EIP55: [&str; 4] = [
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ];

    #[test]
    fn evm_addresses_and_their_checksums() {
        for a in EIP55 {
            let bytes = evm_address_arg("--recipient", a).expect("a checksummed address");
            assert_eq!(eip55(&bytes), a);
            assert_eq!(
                evm_address_arg("--recipient", &a.to_lowercase()).ok(),
                Some(bytes)
            );
            let upper = format!("0x{}", a[2..].to_uppercase());
            assert_eq!(evm_address_arg("--recipient", &upper).ok(), Some(bytes));
        }
        // One letter's case flipped: the checksum catches it.
        let typo = EIP55[0].replacen('a', "A", 1);
        let e = evm_address_arg("--recipient", &typo).expect_err("a bad checksum");
        assert!(e.to_string().contains(EIP55[0]), "{e}");
        for (bad, why) in [
            (
                "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                "0x followed by 40",
            ),
            ("0x1234", "found 4"),
            ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedff", "found 42"),
            (
                "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg",
                "'g' is not a hex digit",
            ),
            ("0x", "found 0"),
        ] {
            let e = evm_address_arg("--recipient", bad).expect_err(bad);
            let text = e.to_string();
            assert!(
                text.starts_with(&format!("--recipient: invalid address {bad:?}: EVM: ")),
                "{text}"
            );
            assert!(text.contains(why), "{bad}: {text} lacks {why:?}");
        }
    }
}
