//! The TLS setup of the HTTP client: which roots are trusted, which verifier checks them, which
//! crypto provider runs the handshake. Internal to the crate (used by `http`).
//!
//! The crypto provider is `ring`, unless the application installed a process default
//! (`rustls::crypto::CryptoProvider::install_default`), which is then used instead; the crate
//! never installs one itself.
//!
//! Which roots an `https` base URL trusts depends on a cargo feature:
//! * `platform-verifier` (default): the platform's verifier and roots (`rustls-platform-verifier`:
//!   the keychain on macOS, the certificate store on Windows, the CA bundle on Linux) plus the
//!   configured extra roots.
//! * `webpki-roots`: Mozilla's root certificates as compiled into this library (the
//!   `webpki-root-certs` crate) plus the configured extra roots; the system's store and keychain
//!   are not consulted. Takes precedence over `platform-verifier` when both are on. A build with
//!   it alone links none of Apple's frameworks, which lets it be cross-compiled for macOS without
//!   Apple's SDK.
//!
//! A plain `http` base URL trusts the configured extra roots only (no system roots are loaded,
//! so a machine without CA certificates can still talk to the local app).

use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls::pki_types::CertificateDer;
use rustls::RootCertStore;

#[cfg(not(any(feature = "platform-verifier", feature = "webpki-roots")))]
compile_error!(
    "anytype-core needs a certificate verifier: enable the feature `platform-verifier` (default) \
     or `webpki-roots`"
);

/// The rustls configuration for a client: `https` selects the verifier for an https base URL,
/// `extra_roots` are the configured extra root certificates (DER).
pub(crate) fn client_config(
    https: bool,
    extra_roots: Vec<CertificateDer<'static>>,
) -> Result<rustls::ClientConfig, rustls::Error> {
    let provider = CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()?;
    let mut config = if https {
        https_verifier(builder, extra_roots, provider)?
    } else {
        builder.with_root_certificates(root_store(extra_roots)?)
    }
    .with_no_client_auth();
    // reqwest is built without HTTP/2 here: offer HTTP/1.1 only, as reqwest itself would.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

type VerifierStep = rustls::ConfigBuilder<rustls::ClientConfig, rustls::WantsVerifier>;
type ClientAuthStep = rustls::ConfigBuilder<rustls::ClientConfig, rustls::client::WantsClientCert>;

/// Mozilla's roots as compiled in, plus the extra ones.
#[cfg(feature = "webpki-roots")]
fn https_verifier(
    builder: VerifierStep,
    extra_roots: Vec<CertificateDer<'static>>,
    provider: Arc<CryptoProvider>,
) -> Result<ClientAuthStep, rustls::Error> {
    let mut roots = webpki_root_certs::TLS_SERVER_ROOT_CERTS.to_vec();
    roots.extend(extra_roots);
    let verifier = rustls::client::WebPkiServerVerifier::builder_with_provider(
        Arc::new(root_store(roots)?),
        provider,
    )
    .build()
    .map_err(|e| rustls::Error::General(format!("certificate verifier: {e}")))?;
    Ok(builder.with_webpki_verifier(verifier))
}

/// The platform's verifier (system roots), plus the extra ones.
#[cfg(not(feature = "webpki-roots"))]
fn https_verifier(
    builder: VerifierStep,
    extra_roots: Vec<CertificateDer<'static>>,
    provider: Arc<CryptoProvider>,
) -> Result<ClientAuthStep, rustls::Error> {
    let verifier = if extra_roots.is_empty() {
        rustls_platform_verifier::Verifier::new(provider)?
    } else {
        rustls_platform_verifier::Verifier::new_with_extra_roots(extra_roots, provider)?
    };
    Ok(builder
        .dangerous() // not dangerous: the platform's own verification, with every check on
        .with_custom_certificate_verifier(Arc::new(verifier)))
}

fn root_store(certs: Vec<CertificateDer<'static>>) -> Result<RootCertStore, rustls::Error> {
    let mut store = RootCertStore::empty();
    for cert in certs {
        store.add(cert)?;
    }
    Ok(store)
}
