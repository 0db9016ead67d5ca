// Hand-written: how errors print.

/// The generated `AnytypeError` already has a `description` (the Rust `Display` text, e.g.
/// `not found (404): Space x not found`) but does not declare `CustomStringConvertible`, so
/// `String(describing:)`, string interpolation and `localizedDescription` would otherwise show a
/// reflection dump like `NotFound(detail: "...")`. Declaring the conformance makes all of them use
/// the Rust text. The messages never contain the API key.
extension AnytypeError: CustomStringConvertible {}
