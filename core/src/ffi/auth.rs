//! Exports of [`crate::auth`]: the challenge flow.

use crate::ffi::{ffi_constructors, ffi_object, ffi_operations, ClientConfig};

ffi_object!(
    /// Authentication: create a challenge, then exchange its id and the 4-digit code for an API key.
    Auth, BlockingAuth wraps crate::Auth
);

ffi_constructors!(Auth, BlockingAuth:
    /// Authentication against the server in `config` (the desktop app when omitted).
    #[uniffi::constructor(default(config = None))]
    fn new(config: Option<ClientConfig>) = crate::Auth::new(config.unwrap_or_default().try_into()?);
);

ffi_operations!(Auth, BlockingAuth:
    /// Start a challenge for `app_name`; the desktop app shows a 4-digit code. Returns the challenge id.
    fn create_challenge(app_name: String) -> String = |auth| auth.create_challenge(&app_name);
    /// Exchange the challenge id and the 4-digit code for an API key. A wrong code raises `WrongCode`.
    fn create_api_key(challenge_id: String, code: String) -> String =
        |auth| async move { Ok(auth.create_api_key(&challenge_id, &code).await?.expose_secret().to_owned()) };
);
