//! The API key, kept out of every `Debug`, `Display`, error and log line.

use std::fmt;

use reqwest::header::HeaderValue;

use crate::error::{Error, Result};

/// An Anytype API key. Opaque: never parsed, never printed.
///
/// ```
/// use anytype_core::ApiKey;
/// let key = ApiKey::new("anytype_secret_value").unwrap();
/// assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
/// assert!(!key.redacted().contains("secret"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wrap a key; rejects empty keys and keys that can't be sent in an HTTP header.
    pub fn new(key: impl Into<String>) -> Result<Self> {
        let key = key.into();
        if key.trim().is_empty() {
            return Err(Error::invalid("api_key", "must not be empty"));
        }
        if key
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || !c.is_ascii())
        {
            // Say what is wrong without echoing any part of the key.
            return Err(Error::invalid(
                "api_key",
                "contains whitespace or characters that can't be sent in a header",
            ));
        }
        Ok(ApiKey(key))
    }

    /// The key itself, for storing it somewhere safe. Never log what this returns.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// A printable stand-in that shows only the key's length.
    pub fn redacted(&self) -> String {
        redact(&self.0)
    }

    /// The `Authorization` header value, marked sensitive so HTTP logging skips it.
    pub(crate) fn header_value(&self) -> Result<HeaderValue> {
        let mut value = HeaderValue::from_str(&format!("Bearer {}", self.0))
            .map_err(|_| Error::invalid("api_key", "can't be sent in a header"))?;
        value.set_sensitive(true);
        Ok(value)
    }
}

/// A printable stand-in for a secret that shows only its length.
pub fn redact(secret: &str) -> String {
    format!("<redacted, {} chars>", secret.chars().count())
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}
