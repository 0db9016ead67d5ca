//! Authentication: turn the 4-digit code the desktop app shows into an API key.
//!
//! 1. [`Auth::create_challenge`] with your app's name: the Anytype desktop app shows a 4-digit code.
//! 2. The user reads the code; [`Auth::create_api_key`] exchanges challenge id + code for a key.
//! 3. Build an [`AnytypeClient`](crate::AnytypeClient) with the key.
//!
//! ```no_run
//! # async fn demo() -> anytype_core::Result<()> {
//! use anytype_core::{Auth, AnytypeClient, ClientConfig};
//!
//! let config = ClientConfig::default(); // the desktop app on 127.0.0.1:31009
//! let auth = Auth::new(config.clone())?;
//! let challenge_id = auth.create_challenge("MyApp").await?;
//! let code = "1234"; // what the desktop app shows
//! let key = auth.create_api_key(&challenge_id, code).await?;
//! let client = AnytypeClient::new(key.expose_secret(), config)?;
//! # Ok(()) }
//! ```

use std::sync::Arc;

use reqwest::Method;
use serde::{Deserialize, Serialize};

use crate::config::ClientConfig;
use crate::error::{Error, Result};
use crate::http::Transport;
use crate::secret::ApiKey;

/// The unauthenticated authentication endpoints.
#[derive(Clone)]
pub struct Auth {
    transport: Arc<Transport>,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth").finish_non_exhaustive()
    }
}

#[derive(Serialize)]
struct ChallengeRequest<'a> {
    app_name: &'a str,
}

#[derive(Deserialize)]
struct ChallengeResponse {
    challenge_id: String,
}

#[derive(Serialize)]
struct ApiKeyRequest<'a> {
    challenge_id: &'a str,
    code: &'a str,
}

#[derive(Deserialize)]
struct ApiKeyResponse {
    api_key: String,
}

impl Auth {
    /// Authentication endpoints of the server in `config`.
    pub fn new(config: ClientConfig) -> Result<Self> {
        Ok(Auth {
            transport: Transport::new(&config, None)?,
        })
    }

    /// Start a challenge for `app_name`; the desktop app then shows a 4-digit code.
    /// Returns the challenge id.
    pub async fn create_challenge(&self, app_name: &str) -> Result<String> {
        let app_name = app_name.trim();
        if app_name.is_empty() {
            return Err(Error::invalid("app_name", "must not be empty"));
        }
        let url = self.transport.url(&["v1", "auth", "challenges"], &[])?;
        let response: ChallengeResponse = self
            .transport
            .send(Method::POST, url, &ChallengeRequest { app_name })
            .await?;
        Ok(response.challenge_id)
    }

    /// Exchange a challenge id and the 4-digit code for an API key.
    ///
    /// A code that doesn't match comes back as [`Error::WrongCode`].
    pub async fn create_api_key(&self, challenge_id: &str, code: &str) -> Result<ApiKey> {
        if challenge_id.trim().is_empty() {
            return Err(Error::invalid("challenge_id", "must not be empty"));
        }
        let code = code.trim();
        if code.len() != 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::invalid(
                "code",
                "must be the 4 digits the Anytype app shows",
            ));
        }
        let url = self.transport.url(&["v1", "auth", "api_keys"], &[])?;
        let response: Result<ApiKeyResponse> = self
            .transport
            .send(Method::POST, url, &ApiKeyRequest { challenge_id, code })
            .await;
        match response {
            Ok(response) => ApiKey::new(response.api_key),
            // The server answers a wrong code (or an unknown challenge) with a plain 500.
            Err(Error::Api {
                status: 500,
                detail,
                ..
            }) => Err(Error::WrongCode { detail }),
            Err(other) => Err(other),
        }
    }
}
