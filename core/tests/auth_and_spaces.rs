//! The whole flow against the sandbox: challenge → key → client → list → get → create → update.

mod common;

use anytype_core::{
    AnytypeClient, Auth, ClientConfig, CreateSpaceRequest, Error, SpaceKind, UpdateSpaceRequest,
};
use futures::TryStreamExt;

use common::{client, config, sandbox, CODE};

#[tokio::test]
async fn challenge_key_client_and_spaces() {
    let sandbox = sandbox().await;
    let auth = Auth::new(config(&sandbox)).unwrap();
    let challenge = auth.create_challenge("RustTest").await.unwrap();
    assert!(!challenge.is_empty());
    let key = auth.create_api_key(&challenge, CODE).await.unwrap();
    assert!(key.expose_secret().starts_with("anytype_"));
    let client = AnytypeClient::new(key.expose_secret(), config(&sandbox)).unwrap();

    let spaces = client.spaces();
    let page = spaces.list(0, 2).await.unwrap();
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.pagination.total, 3);
    assert!(page.pagination.has_more);
    assert_eq!(page.data[0].name, "Personal");
    assert_eq!(page.data[0].kind, SpaceKind::Space);
    assert!(page.data[0].icon.is_some());

    let created = spaces
        .create(&CreateSpaceRequest {
            name: "Research".into(),
            description: Some("papers".into()),
        })
        .await
        .unwrap();
    assert_eq!(created.name, "Research");
    assert_eq!(created.description, "papers");

    let fetched = spaces.get(&created.id).await.unwrap();
    assert_eq!(fetched, created);

    let updated = spaces
        .update(
            &created.id,
            &UpdateSpaceRequest {
                name: Some("Research 2".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.name, "Research 2");
    assert_eq!(updated.description, "papers");
    assert_eq!(spaces.get(&created.id).await.unwrap().name, "Research 2");

    let all = spaces.list_all(1).await.unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all.last().unwrap().id, created.id);
}

#[tokio::test]
async fn walks_every_page() {
    let sandbox = sandbox().await;
    sandbox.add_spaces(2_497);
    let client = client(&sandbox);
    let all = client.spaces().list_all(1000).await.unwrap();
    assert_eq!(all.len(), 2_500);
    assert_eq!(sandbox.request_count("GET", "/v1/spaces"), 3);
    let mut ids: Vec<_> = all.iter().map(|s| s.id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 2_500, "no space is listed twice");

    let streamed: Vec<_> = client
        .spaces()
        .pager(700)
        .unwrap()
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(streamed.len(), 2_500);
    assert_eq!(streamed[2_499].id, all[2_499].id);
}

#[tokio::test]
async fn wrong_code_is_its_own_error() {
    let sandbox = sandbox().await;
    let auth = Auth::new(config(&sandbox)).unwrap();
    let challenge = auth.create_challenge("RustTest").await.unwrap();
    let err = auth.create_api_key(&challenge, "9999").await.unwrap_err();
    assert!(matches!(err, Error::WrongCode { .. }), "{err:?}");
    assert!(err.to_string().contains("wrong code"));
}

#[tokio::test]
async fn bad_input_is_rejected_before_sending() {
    let sandbox = sandbox().await;
    let auth = Auth::new(config(&sandbox)).unwrap();
    let client = client(&sandbox);
    let field = |err: Error| match err {
        Error::InvalidInput { field, .. } => field,
        other => panic!("expected InvalidInput, got {other:?}"),
    };
    assert_eq!(
        field(auth.create_challenge(" ").await.unwrap_err()),
        "app_name"
    );
    assert_eq!(
        field(auth.create_api_key("", "1234").await.unwrap_err()),
        "challenge_id"
    );
    for code in ["123", "12345", "abcd", ""] {
        assert_eq!(
            field(auth.create_api_key("c", code).await.unwrap_err()),
            "code"
        );
    }
    assert_eq!(
        field(client.spaces().list(0, 0).await.unwrap_err()),
        "limit"
    );
    assert_eq!(
        field(client.spaces().list(0, 1001).await.unwrap_err()),
        "limit"
    );
    assert_eq!(
        field(client.spaces().get("").await.unwrap_err()),
        "space_id"
    );
    assert_eq!(
        field(
            client
                .spaces()
                .create(&CreateSpaceRequest::new(""))
                .await
                .unwrap_err()
        ),
        "name"
    );
    assert_eq!(
        field(
            client
                .spaces()
                .update("x", &UpdateSpaceRequest::default())
                .await
                .unwrap_err()
        ),
        "request"
    );
    assert_eq!(
        field(AnytypeClient::new("", config(&sandbox)).unwrap_err()),
        "api_key"
    );
    assert_eq!(
        field(AnytypeClient::new("k", ClientConfig::with_base_url("nope")).unwrap_err()),
        "base_url"
    );
    // Nothing of the above reached the server.
    for (method, path) in [
        ("POST", "/v1/auth/challenges"),
        ("POST", "/v1/auth/api_keys"),
        ("GET", "/v1/spaces"),
        ("POST", "/v1/spaces"),
        ("PATCH", "/v1/spaces/x"),
    ] {
        assert_eq!(sandbox.request_count(method, path), 0, "{method} {path}");
    }
}

#[tokio::test]
async fn http_errors_map_to_variants() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let err = client.spaces().get("no-such-space").await.unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");

    let stranger = AnytypeClient::new("not-a-key", config(&sandbox)).unwrap();
    let err = stranger.spaces().list(0, 10).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    assert_eq!(err.status(), Some(401));
}

#[tokio::test]
async fn the_key_never_shows() {
    let sandbox = sandbox().await;
    let key = sandbox.issue_key();
    let client = AnytypeClient::new(&key, config(&sandbox)).unwrap();
    let err = client.spaces().get("missing").await.unwrap_err();
    let texts = [
        format!("{client:?}"),
        format!("{err:?}"),
        err.to_string(),
        format!("{:?}", anytype_core::ApiKey::new(key.clone()).unwrap()),
    ];
    for text in texts {
        assert!(!text.contains(&key), "key leaked in {text}");
    }
}

#[tokio::test]
async fn server_down_is_a_network_error_naming_the_url() {
    // Bind a port, then free it: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = ClientConfig {
        retry: anytype_core::RetryPolicy::none(),
        ..ClientConfig::with_base_url(format!("http://127.0.0.1:{port}"))
    };
    let client = AnytypeClient::new("k", config).unwrap();
    let err = client.spaces().list(0, 1).await.unwrap_err();
    let text = err.to_string();
    match err {
        Error::Network { url, detail } => {
            assert!(url.contains(&port.to_string()), "{url}");
            // Says once what failed and where: the URL is not repeated, the HTTP stack's layers
            // ("error sending request", "client error (Connect)") are left out.
            assert!(
                detail.starts_with("could not connect: ") && detail.contains("refused"),
                "{detail}"
            );
            assert_eq!(text.matches(&port.to_string()).count(), 1, "{text}");
            assert!(!text.contains("client error"), "{text}");
            assert!(!text.contains("error sending request"), "{text}");
        }
        other => panic!("expected Network, got {other:?}"),
    }
}

#[tokio::test]
async fn a_base_url_ending_in_the_api_path_works() {
    let sandbox = sandbox().await;
    let key = sandbox.issue_key();
    let mut config = config(&sandbox);
    config.base_url = format!("{}/v1", config.base_url.trim_end_matches('/'));
    let client = AnytypeClient::new(&key, config).unwrap();
    assert!(!client.spaces().list(0, 1).await.unwrap().data.is_empty());
}
