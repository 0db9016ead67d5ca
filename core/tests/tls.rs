//! HTTPS base URLs: certificates are verified by default; a configured CA is trusted.

use std::sync::Arc;

use anytype_core::{AnytypeClient, ClientConfig, Error, RetryPolicy};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct TlsServer {
    url: String,
    ca_pem: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A tiny HTTPS server with a certificate for `localhost` signed by a fresh, unknown CA.
async fn tls_server() -> TlsServer {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "anytype-sdk test CA");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let server_key = KeyPair::generate().unwrap();
    let server_cert = CertificateParams::new(vec!["localhost".to_string()])
        .unwrap()
        .signed_by(&server_key, &ca)
        .unwrap();

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(server_cert.der().to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der())),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return; // the client rejected our certificate
                };
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let body = r#"{"data":[{"id":"tls-space","name":"Over TLS"}],"pagination":{"total":1,"offset":0,"limit":10,"has_more":false}}"#;
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    TlsServer {
        url: format!("https://localhost:{port}"),
        ca_pem: ca.pem(),
        task,
    }
}

#[tokio::test]
async fn unknown_ca_is_rejected_by_default() {
    let server = tls_server().await;
    let config = ClientConfig {
        retry: RetryPolicy::none(),
        ..ClientConfig::with_base_url(&server.url)
    };
    let client = AnytypeClient::new("key", config).unwrap();
    let err = client.spaces().list(0, 10).await.unwrap_err();
    match err {
        Error::Network { detail: reason, .. } => assert!(
            reason.to_lowercase().contains("certificate"),
            "the reason names the certificate: {reason}"
        ),
        other => panic!("expected a Network error, got {other:?}"),
    }
}

#[tokio::test]
async fn configured_ca_is_trusted() {
    let server = tls_server().await;
    let config = ClientConfig {
        extra_root_certificates_pem: vec![server.ca_pem.clone()],
        ..ClientConfig::with_base_url(&server.url)
    };
    let client = AnytypeClient::new("key", config).unwrap();
    let page = client.spaces().list(0, 10).await.unwrap();
    assert_eq!(page.data[0].name, "Over TLS");
}

#[test]
fn a_bad_pem_is_invalid_input() {
    let config = ClientConfig {
        extra_root_certificates_pem: vec!["not a certificate".into()],
        ..ClientConfig::default()
    };
    let err = AnytypeClient::new("key", config).unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
}
