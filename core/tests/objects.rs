//! Objects against the sandbox: create / get / update / delete (archive), list and paging, every
//! property format the server accepts written and read back as a typed value, `Clear`, templates,
//! bookmarks, the `Object` helpers, errors by status, faults on create, and bad input refused
//! before anything is sent. Expected values are computed from what each test sent.

mod common;

use std::collections::HashSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anytype_core::{
    AnytypeClient, Color, CreateObjectRequest, CreatePropertyRequest, CreateTagRequest, Error,
    Icon, Layout, Object, PropertyFormat, PropertyInput, Tag, UpdateObjectRequest, Value,
};
use anytype_sandbox::{Fault, FaultRule};
use futures::TryStreamExt;

use common::{api_requests, client, field_of, fresh_space, sandbox};

/// The first demo space (a `task` type with a template, pages, a bookmark, tasks).
async fn demo_space(client: &AnytypeClient) -> String {
    client.spaces().list(0, 1).await.unwrap().data[0].id.clone()
}

/// A body's blocks: the server drops blank lines and pads each line, so compare lines trimmed.
fn blocks(markdown: &str) -> Vec<String> {
    markdown
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn page(name: &str) -> CreateObjectRequest {
    CreateObjectRequest {
        name: Some(name.into()),
        ..CreateObjectRequest::new("page")
    }
}

fn secs(s: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(s)
}

// ---- create / get / update / delete -----------------------------------------------------------

#[tokio::test]
async fn create_get_update_delete_a_page() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = fresh_space(&client, "Objects").await;
    let objects = client.objects(&space);

    let body = "# Plan\n\nSome **bold** text.\n\n- one\n- two\n";
    let icon = Icon::Emoji {
        emoji: "📄".into()
    };
    let created = objects
        .create(&CreateObjectRequest {
            name: Some("Plan".into()),
            body: Some(body.into()),
            icon: Some(icon.clone()),
            ..CreateObjectRequest::new("page")
        })
        .await
        .unwrap();
    assert!(!created.id.is_empty());
    assert_eq!(created.name, "Plan");
    assert_eq!(created.space_id, space);
    assert_eq!(created.icon, Some(icon.clone()));
    assert!(!created.archived);
    assert_eq!(created.layout, Layout::Basic);
    assert_eq!(created.object_type.as_ref().unwrap().key, "page");
    assert_eq!(blocks(created.markdown.as_deref().unwrap()), blocks(body));
    assert!(created.snippet.contains("Plan") && created.snippet.contains("bold"));
    assert!(!created.snippet.contains("**"), "{:?}", created.snippet);
    // The envelope {"object": ...} is unwrapped; exactly one POST was sent.
    assert_eq!(
        sandbox.request_count("POST", &format!("/v1/spaces/{space}/objects")),
        1
    );

    let got = objects.get(&created.id).await.unwrap();
    assert_eq!(got, created);

    // Update: the markdown replaces the whole body; the name changes; the rest stays.
    let new_body = "## Replaced\n\nOnly this.\n";
    let updated = objects
        .update(
            &created.id,
            &UpdateObjectRequest {
                name: Some("Plan (edited)".into()),
                markdown: Some(new_body.into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.id, created.id);
    assert_eq!(updated.name, "Plan (edited)");
    assert_eq!(
        blocks(updated.markdown.as_deref().unwrap()),
        blocks(new_body)
    );
    assert_eq!(updated.icon, Some(icon));
    let got = objects.get(&created.id).await.unwrap();
    assert_eq!(blocks(got.markdown.as_deref().unwrap()), blocks(new_body));
    assert!(!got.markdown.unwrap().contains("one"));

    // Delete archives: the answer is the object as it was, a later get answers 200 archived.
    let deleted = objects.delete(&created.id).await.unwrap();
    assert_eq!(deleted.id, created.id);
    let archived = objects.get(&created.id).await.unwrap();
    assert!(archived.archived);
    assert_eq!(archived.name, "Plan (edited)");
    // Archived objects are not listed.
    let all = objects.list_all(100).await.unwrap();
    assert!(all.iter().all(|o| o.id != created.id));
}

#[tokio::test]
async fn a_bookmark_takes_its_url_in_source() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = fresh_space(&client, "Bookmarks").await;
    let url = "https://example.com/articles/42?ref=sdk";
    let bookmark = client
        .objects(&space)
        .create(&CreateObjectRequest {
            name: Some("An article".into()),
            properties: vec![PropertyInput::Url {
                key: "source".into(),
                url: format!("  {url} "),
            }],
            ..CreateObjectRequest::new("bookmark")
        })
        .await
        .unwrap();
    assert_eq!(bookmark.layout, Layout::Bookmark);
    assert_eq!(bookmark.object_type.as_ref().unwrap().key, "bookmark");
    assert_eq!(bookmark.text("source").as_deref(), Some(url));
    let source = bookmark.property("source").unwrap();
    assert_eq!(source.format, PropertyFormat::Url);
    assert_eq!(source.value, Value::Url { url: url.into() });
}

#[tokio::test]
async fn create_from_a_template() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = demo_space(&client).await;
    let types = client.types(&space).list_all(100).await.unwrap();
    let task = types.iter().find(|t| t.key == "task").expect("a task type");
    let templates = client.templates(&space, &task.id);
    let listed = templates.list_all(10).await.unwrap();
    assert!(!listed.is_empty(), "the demo task type has a template");
    // Listed templates come without their body; get gives it.
    assert!(listed[0].markdown.is_none());
    let template = templates.get(&listed[0].id).await.unwrap();
    assert_eq!(template.id, listed[0].id);
    let template_body = template.markdown.clone().expect("a template's body");
    assert!(!template_body.trim().is_empty());

    let object = client
        .objects(&space)
        .create(&CreateObjectRequest {
            name: Some("From the template".into()),
            template_id: Some(template.id.clone()),
            ..CreateObjectRequest::new("task")
        })
        .await
        .unwrap();
    assert_eq!(object.name, "From the template");
    assert_eq!(object.object_type.as_ref().unwrap().key, "task");
    assert_eq!(object.layout, Layout::Action);
    assert_eq!(
        blocks(object.markdown.as_deref().unwrap()),
        blocks(&template_body)
    );
    assert!(template.select("status").is_some());
    assert_eq!(object.select("status"), template.select("status"));

    // A template id that is not a template: the server refuses (500), so the SDK says the
    // object may exist, and sent the POST once.
    let before = sandbox.request_count("POST", &format!("/v1/spaces/{space}/objects"));
    let err = client
        .objects(&space)
        .create(&CreateObjectRequest {
            template_id: Some(object.id.clone()),
            ..CreateObjectRequest::new("task")
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 500, .. }), "{err:?}");
    assert_eq!(
        sandbox.request_count("POST", &format!("/v1/spaces/{space}/objects")),
        before + 1
    );
}

// ---- typed values ---------------------------------------------------------------------------

/// Properties of every format the server writes, made in `space`; returns the select
/// property's tags `(open, later)` as the server made them.
async fn make_properties(client: &AnytypeClient, space: &str) -> (Tag, Tag, Tag) {
    let properties = client.properties(space);
    for (key, name, format) in [
        ("sdk_text", "SDK text", PropertyFormat::Text),
        ("sdk_number", "SDK number", PropertyFormat::Number),
        ("sdk_date", "SDK date", PropertyFormat::Date),
        ("sdk_check", "SDK check", PropertyFormat::Checkbox),
        ("sdk_url", "SDK url", PropertyFormat::Url),
        ("sdk_email", "SDK email", PropertyFormat::Email),
        ("sdk_phone", "SDK phone", PropertyFormat::Phone),
        ("sdk_links", "SDK links", PropertyFormat::Objects),
    ] {
        let made = properties
            .create(&CreatePropertyRequest {
                key: Some(key.into()),
                ..CreatePropertyRequest::new(name, format.clone())
            })
            .await
            .unwrap();
        assert_eq!((made.key.as_str(), made.format), (key, format));
    }
    let select = properties
        .create(&CreatePropertyRequest {
            key: Some("sdk_select".into()),
            tags: vec![
                CreateTagRequest::new("Open", Color::Red),
                CreateTagRequest {
                    key: Some("later".into()),
                    ..CreateTagRequest::new("Later", Color::Blue)
                },
            ],
            ..CreatePropertyRequest::new("SDK select", PropertyFormat::Select)
        })
        .await
        .unwrap();
    let multi = properties
        .create(&CreatePropertyRequest {
            key: Some("sdk_multi".into()),
            tags: vec![
                CreateTagRequest {
                    key: Some("red_one".into()),
                    ..CreateTagRequest::new("Red one", Color::Red)
                },
                CreateTagRequest {
                    key: Some("lime_one".into()),
                    ..CreateTagRequest::new("Lime one", Color::Lime)
                },
            ],
            ..CreatePropertyRequest::new("SDK multi", PropertyFormat::MultiSelect)
        })
        .await
        .unwrap();
    let select_tags = client.tags(space, &select.id).list_all(10).await.unwrap();
    let open = select_tags
        .iter()
        .find(|t| t.name == "Open")
        .unwrap()
        .clone();
    let later = select_tags
        .iter()
        .find(|t| t.key == "later")
        .unwrap()
        .clone();
    assert_eq!(
        (open.color.clone(), later.color.clone()),
        (Color::Red, Color::Blue)
    );
    let multi_tags = client.tags(space, &multi.id).list_all(10).await.unwrap();
    let lime = multi_tags
        .iter()
        .find(|t| t.key == "lime_one")
        .unwrap()
        .clone();
    assert_eq!(
        (lime.name.as_str(), &lime.color),
        ("Lime one", &Color::Lime)
    );
    (open, later, lime)
}

#[tokio::test]
async fn every_format_round_trips_and_clears() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = fresh_space(&client, "Values").await;
    let (open, later, lime) = make_properties(&client, &space).await;
    let objects = client.objects(&space);
    let linked = objects.create(&page("Linked")).await.unwrap();

    let when = UNIX_EPOCH + Duration::from_millis(1_800_000_000_789);
    let inputs = vec![
        PropertyInput::Text {
            key: "sdk_text".into(),
            text: "  padded text \n".into(),
        },
        PropertyInput::Number {
            key: "sdk_number".into(),
            number: -42.25,
        },
        // A select by tag key, a multi-select by id and by key.
        PropertyInput::Select {
            key: "sdk_select".into(),
            tag: later.key.clone(),
        },
        PropertyInput::MultiSelect {
            key: "sdk_multi".into(),
            tags: vec![lime.id.clone(), "red_one".into()],
        },
        PropertyInput::Date {
            key: "sdk_date".into(),
            date: when,
        },
        PropertyInput::Checkbox {
            key: "sdk_check".into(),
            checked: true,
        },
        PropertyInput::Url {
            key: "sdk_url".into(),
            url: "https://example.com/a?b=c".into(),
        },
        PropertyInput::Email {
            key: "sdk_email".into(),
            email: " someone@example.com ".into(),
        },
        PropertyInput::Phone {
            key: "sdk_phone".into(),
            phone: "+1 555 0100".into(),
        },
        PropertyInput::Objects {
            key: "sdk_links".into(),
            objects: vec![linked.id.clone()],
        },
    ];
    let created = objects
        .create(&CreateObjectRequest {
            properties: inputs,
            ..page("Every format")
        })
        .await
        .unwrap();
    let got = objects.get(&created.id).await.unwrap();
    for object in [&created, &got] {
        assert_eq!(object.text("sdk_text").as_deref(), Some("padded text"));
        assert_eq!(object.number("sdk_number"), Some(-42.25));
        assert_eq!(object.select("sdk_select"), Some(later.clone()));
        assert_eq!(object.tags("sdk_select"), vec![later.clone()]);
        let multi: HashSet<String> = object
            .tags("sdk_multi")
            .into_iter()
            .map(|t| t.key)
            .collect();
        assert_eq!(multi, HashSet::from(["lime_one".into(), "red_one".into()]));
        let lime_read = object
            .tags("sdk_multi")
            .into_iter()
            .find(|t| t.id == lime.id)
            .unwrap();
        assert_eq!(lime_read, lime, "a multi-select value is the full tag");
        // Dates come back in whole seconds.
        assert_eq!(object.date("sdk_date"), Some(secs(1_800_000_000)));
        assert_eq!(object.checkbox("sdk_check"), Some(true));
        assert_eq!(
            object.text("sdk_url").as_deref(),
            Some("https://example.com/a?b=c")
        );
        assert_eq!(
            object.text("sdk_email").as_deref(),
            Some("someone@example.com")
        );
        assert_eq!(object.text("sdk_phone").as_deref(), Some("+1 555 0100"));
        assert_eq!(object.ids("sdk_links"), vec![linked.id.clone()]);
        // The typed union, by format.
        let email = object.property("sdk_email").unwrap();
        assert_eq!(
            (email.key.as_str(), email.name.as_str(), &email.format),
            ("sdk_email", "SDK email", &PropertyFormat::Email)
        );
        assert_eq!(
            object.value("sdk_phone"),
            Some(Value::Phone {
                phone: "+1 555 0100".into()
            })
        );
        assert_eq!(
            object.value("sdk_links"),
            Some(Value::Objects {
                objects: vec![linked.id.clone()]
            })
        );
        // Helpers of the wrong format answer None / empty.
        assert_eq!(object.number("sdk_text"), None);
        assert_eq!(object.checkbox("sdk_text"), None);
        assert_eq!(object.text("sdk_number"), None);
        assert!(object.ids("sdk_text").is_empty());
        assert!(object.tags("sdk_text").is_empty());
        assert_eq!(object.value("no_such_key"), None);
    }

    // Select by id reads back the same full tag.
    let by_id = objects
        .update(
            &created.id,
            &UpdateObjectRequest {
                properties: Some(vec![PropertyInput::Select {
                    key: "sdk_select".into(),
                    tag: open.id.clone(),
                }]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(by_id.select("sdk_select"), Some(open.clone()));
    // The other values stay as they were.
    assert_eq!(by_id.number("sdk_number"), Some(-42.25));

    // Clear every one (and an empty multi-select list clears too).
    let mut clears: Vec<PropertyInput> = [
        ("sdk_text", PropertyFormat::Text),
        ("sdk_number", PropertyFormat::Number),
        ("sdk_select", PropertyFormat::Select),
        ("sdk_date", PropertyFormat::Date),
        ("sdk_check", PropertyFormat::Checkbox),
        ("sdk_url", PropertyFormat::Url),
        ("sdk_email", PropertyFormat::Email),
        ("sdk_phone", PropertyFormat::Phone),
        ("sdk_links", PropertyFormat::Objects),
    ]
    .into_iter()
    .map(|(key, format)| PropertyInput::Clear {
        key: key.into(),
        format,
    })
    .collect();
    clears.push(PropertyInput::MultiSelect {
        key: "sdk_multi".into(),
        tags: vec![],
    });
    let cleared = objects
        .update(
            &created.id,
            &UpdateObjectRequest {
                properties: Some(clears),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let got = objects.get(&created.id).await.unwrap();
    for object in [&cleared, &got] {
        assert_eq!(object.text("sdk_text").unwrap_or_default(), "");
        assert_eq!(object.number("sdk_number"), None);
        assert_eq!(object.select("sdk_select"), None);
        assert!(object.tags("sdk_multi").is_empty());
        assert_eq!(object.date("sdk_date"), None);
        assert_ne!(object.checkbox("sdk_check"), Some(true));
        assert_eq!(object.text("sdk_url").unwrap_or_default(), "");
        assert_eq!(object.text("sdk_email").unwrap_or_default(), "");
        assert_eq!(object.text("sdk_phone").unwrap_or_default(), "");
        assert!(object.ids("sdk_links").is_empty());
    }
}

#[tokio::test]
async fn dates_sent_raw_as_date_only_or_with_an_offset_read_back_in_utc() {
    // The SDK always sends RFC 3339 in UTC; other clients may send `YYYY-MM-DD` or an offset.
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = fresh_space(&client, "Dates").await;
    client
        .properties(&space)
        .create(&CreatePropertyRequest {
            key: Some("sdk_date".into()),
            ..CreatePropertyRequest::new("SDK date", PropertyFormat::Date)
        })
        .await
        .unwrap();
    let key = sandbox.issue_key();
    let http = reqwest::Client::new();
    // 2026-12-01 is day 20_788 since the epoch: 20_788 * 86_400 = 1_796_083_200.
    for (sent, expected) in [
        ("2026-12-01", 1_796_083_200),
        (
            "2026-12-01T09:31:02.789+02:00",
            1_796_083_200 + 7 * 3600 + 31 * 60 + 2,
        ),
    ] {
        let answer = http
            .post(format!("{}/v1/spaces/{space}/objects", sandbox.url()))
            .bearer_auth(&key)
            .json(&serde_json::json!({
                "type_key": "page",
                "name": sent,
                "properties": [{"key": "sdk_date", "date": sent}],
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 201, "{sent}");
        let body: serde_json::Value = serde_json::from_str(&answer.text().await.unwrap()).unwrap();
        let id = body["object"]["id"].as_str().unwrap().to_owned();
        let object = client.objects(&space).get(&id).await.unwrap();
        assert_eq!(object.date("sdk_date"), Some(secs(expected)), "{sent}");
    }
}

#[tokio::test]
async fn wrong_values_are_refused_by_the_server_with_400() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = fresh_space(&client, "Bad values").await;
    let objects = client.objects(&space);
    for (what, input) in [
        (
            "text into a checkbox",
            PropertyInput::Text {
                key: "done".into(),
                text: "should be checkbox".into(),
            },
        ),
        (
            "an unknown property",
            PropertyInput::Text {
                key: "no_such_property".into(),
                text: "x".into(),
            },
        ),
        (
            "a tag the property doesn't have",
            PropertyInput::MultiSelect {
                key: "tag".into(),
                tags: vec!["no_such_tag".into()],
            },
        ),
    ] {
        let err = objects
            .create(&CreateObjectRequest {
                properties: vec![input],
                ..page(what)
            })
            .await
            .unwrap_err();
        match &err {
            Error::Api {
                status: 400,
                code,
                detail,
            } => {
                assert_eq!(code, "bad_request", "{what}");
                assert!(
                    !detail.contains("may have been created"),
                    "{what}: {detail}"
                );
            }
            other => panic!("{what}: {other:?}"),
        }
    }
    assert!(objects.list_all(100).await.unwrap().is_empty());
}

// ---- lists and paging -----------------------------------------------------------------------

#[tokio::test]
async fn objects_page_and_walk_every_page() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = fresh_space(&client, "Paging").await;
    let objects = client.objects(&space);
    let mut made = Vec::new();
    for i in 0..7 {
        made.push(
            objects
                .create(&page(&format!("Object {i}")))
                .await
                .unwrap()
                .id,
        );
    }
    let made_set: HashSet<String> = made.iter().cloned().collect();

    let first = objects.list(0, 3).await.unwrap();
    assert_eq!(first.data.len(), 3);
    assert_eq!(first.pagination.total, 7);
    assert_eq!((first.pagination.offset, first.pagination.limit), (0, 3));
    assert!(first.pagination.has_more);
    // Lists carry no body.
    assert!(first.data.iter().all(|o| o.markdown.is_none()));
    let last = objects.list(6, 3).await.unwrap();
    assert_eq!(last.data.len(), 1);
    assert!(!last.pagination.has_more);
    let past = objects.list(7, 3).await.unwrap();
    assert!(past.data.is_empty() && !past.pagination.has_more);

    let path = format!("/v1/spaces/{space}/objects");
    let before = sandbox.request_count("GET", &path);
    let streamed: Vec<Object> = objects
        .pager(3)
        .unwrap()
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(sandbox.request_count("GET", &path) - before, 3, "3 pages");
    let ids: Vec<String> = streamed.iter().map(|o| o.id.clone()).collect();
    assert_eq!(ids.iter().cloned().collect::<HashSet<_>>(), made_set);
    assert_eq!(ids.len(), 7, "each object once");

    let mut pager = objects.pager(5).unwrap().without_read_ahead();
    let one = pager.next_page().await.unwrap().unwrap();
    assert_eq!(one.data.len(), 5);
    let two = pager.next_page().await.unwrap().unwrap();
    assert_eq!(two.data.len(), 2);
    assert!(pager.next_page().await.unwrap().is_none());

    for page_size in [1, 2, 7, 1000] {
        let all = objects.list_all(page_size).await.unwrap();
        let all_ids: Vec<String> = all.into_iter().map(|o| o.id).collect();
        assert_eq!(all_ids, ids, "page size {page_size}: same order");
    }
}

// ---- errors ---------------------------------------------------------------------------------

#[tokio::test]
async fn a_missing_object_is_not_found_500_like_the_real_server() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = demo_space(&client).await;
    let objects = client.objects(&space);
    let missing = "bafyreiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let err = objects.get(missing).await.unwrap_err();
    assert_eq!(
        err,
        Error::NotFound {
            status: 500,
            detail: "failed to retrieve object".into()
        }
    );
    let update = UpdateObjectRequest {
        name: Some("never".into()),
        ..Default::default()
    };
    for err in [
        objects.update(missing, &update).await.unwrap_err(),
        objects.delete(missing).await.unwrap_err(),
    ] {
        assert!(
            matches!(err, Error::NotFound { status: 500, .. }),
            "{err:?}"
        );
    }
    // Writes are never replayed, even on a 500.
    let path = format!("/v1/spaces/{space}/objects/{missing}");
    assert_eq!(sandbox.request_count("PATCH", &path), 1);
    assert_eq!(sandbox.request_count("DELETE", &path), 1);

    // A missing space is a 404.
    let err = client
        .objects("bafyreinotaspace.123")
        .list(0, 10)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::NotFound { status: 404, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_unknown_type_key_is_a_500_that_may_have_created_the_object() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = fresh_space(&client, "Unknown type").await;
    // A fresh space has no `task` type (the real server answers 500 "failed to create object").
    let err = client
        .objects(&space)
        .create(&CreateObjectRequest::new("task"))
        .await
        .unwrap_err();
    match &err {
        Error::Api {
            status: 500,
            detail,
            ..
        } => assert!(detail.contains("may have been created"), "{detail}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        sandbox.request_count("POST", &format!("/v1/spaces/{space}/objects")),
        1,
        "a create is never retried"
    );
}

fn after_handler(method: &str, path: String, fault: Fault) -> FaultRule {
    FaultRule {
        method: Some(method.into()),
        path,
        times: Some(1),
        fault,
    }
}

#[tokio::test]
async fn a_create_answered_500_after_the_work_says_it_may_exist_and_is_sent_once() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = fresh_space(&client, "Faults").await;
    let path = format!("/v1/spaces/{space}/objects");
    sandbox.add_fault(after_handler(
        "POST",
        path.clone(),
        Fault::Status {
            status: 500,
            body: None,
            after_handler: true,
        },
    ));
    let objects = client.objects(&space);
    let err = objects.create(&page("Made anyway")).await.unwrap_err();
    match &err {
        Error::Api {
            status: 500,
            detail,
            ..
        } => assert!(detail.contains("may have been created anyway"), "{detail}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(sandbox.request_count("POST", &path), 1, "no retry");
    let all = objects.list_all(100).await.unwrap();
    assert_eq!(
        all.iter().filter(|o| o.name == "Made anyway").count(),
        1,
        "it exists, once"
    );
}

#[tokio::test]
async fn a_create_whose_connection_drops_mid_answer_says_it_may_exist() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = fresh_space(&client, "Reset").await;
    let path = format!("/v1/spaces/{space}/objects");
    sandbox.add_fault(after_handler("POST", path.clone(), Fault::ResetMidBody));
    let err = client
        .objects(&space)
        .create(&page("Cut off"))
        .await
        .unwrap_err();
    match &err {
        Error::Network { detail, .. } => {
            assert!(detail.contains("may have been created anyway"), "{detail}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(sandbox.request_count("POST", &path), 1, "no retry");
    let all = client.objects(&space).list_all(100).await.unwrap();
    assert_eq!(all.iter().filter(|o| o.name == "Cut off").count(), 1);
}

#[tokio::test]
async fn an_update_or_delete_answered_503_is_not_replayed() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = fresh_space(&client, "No replay").await;
    let objects = client.objects(&space);
    let object = objects.create(&page("Target")).await.unwrap();
    let path = format!("/v1/spaces/{space}/objects/{}", object.id);
    for method in ["PATCH", "DELETE"] {
        sandbox.add_fault(after_handler(
            method,
            path.clone(),
            Fault::Status {
                status: 503,
                body: None,
                after_handler: false,
            },
        ));
    }
    let err = objects
        .update(
            &object.id,
            &UpdateObjectRequest {
                name: Some("x".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    let err = objects.delete(&object.id).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(sandbox.request_count("PATCH", &path), 1);
    assert_eq!(sandbox.request_count("DELETE", &path), 1);
    // A GET answered 503 once is retried and succeeds.
    sandbox.add_fault(after_handler(
        "GET",
        path.clone(),
        Fault::Status {
            status: 503,
            body: None,
            after_handler: false,
        },
    ));
    assert_eq!(objects.get(&object.id).await.unwrap().name, "Target");
    assert_eq!(sandbox.request_count("GET", &path), 2);
}

// ---- bad input, refused before sending --------------------------------------------------------

#[tokio::test]
async fn bad_object_input_is_refused_before_anything_is_sent() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = "bafyreispace.123";
    let objects = client.objects(space);
    let nameless = UpdateObjectRequest {
        name: Some("n".into()),
        ..Default::default()
    };
    let before = api_requests(&sandbox).await;

    let blank_space = client.objects(" ");
    assert_eq!(
        field_of(blank_space.list(0, 10).await.unwrap_err()),
        "space_id"
    );
    assert_eq!(field_of(blank_space.pager(10).unwrap_err()), "space_id");
    assert_eq!(
        field_of(blank_space.list_all(10).await.unwrap_err()),
        "space_id"
    );
    assert_eq!(
        field_of(blank_space.get("x").await.unwrap_err()),
        "space_id"
    );
    assert_eq!(
        field_of(blank_space.create(&page("x")).await.unwrap_err()),
        "space_id"
    );
    assert_eq!(field_of(objects.get("").await.unwrap_err()), "object_id");
    assert_eq!(
        field_of(objects.update(" ", &nameless).await.unwrap_err()),
        "object_id"
    );
    assert_eq!(field_of(objects.delete("").await.unwrap_err()), "object_id");
    assert_eq!(field_of(objects.list(-1, 10).await.unwrap_err()), "offset");
    assert_eq!(field_of(objects.list(0, 0).await.unwrap_err()), "limit");
    assert_eq!(field_of(objects.list(0, 1001).await.unwrap_err()), "limit");
    assert_eq!(field_of(objects.pager(0).unwrap_err()), "page_size");
    assert_eq!(
        field_of(objects.list_all(1001).await.unwrap_err()),
        "page_size"
    );

    // Create: an empty type key, an empty template id, and each bad value.
    assert_eq!(
        field_of(
            objects
                .create(&CreateObjectRequest::new(" "))
                .await
                .unwrap_err()
        ),
        "type_key"
    );
    assert_eq!(
        field_of(
            objects
                .create(&CreateObjectRequest {
                    template_id: Some("".into()),
                    ..page("x")
                })
                .await
                .unwrap_err()
        ),
        "template_id"
    );
    let bad_values = [
        PropertyInput::Text {
            key: " ".into(),
            text: "x".into(),
        },
        PropertyInput::Number {
            key: "n".into(),
            number: f64::NAN,
        },
        PropertyInput::Number {
            key: "n".into(),
            number: f64::INFINITY,
        },
        PropertyInput::Url {
            key: "u".into(),
            url: "not a url".into(),
        },
        PropertyInput::Url {
            key: "u".into(),
            url: "/relative/path".into(),
        },
        PropertyInput::Email {
            key: "e".into(),
            email: "nobody".into(),
        },
        PropertyInput::Email {
            key: "e".into(),
            email: "a@b@c.d".into(),
        },
        PropertyInput::Select {
            key: "s".into(),
            tag: " ".into(),
        },
        PropertyInput::MultiSelect {
            key: "m".into(),
            tags: vec!["a".into(), "".into()],
        },
        PropertyInput::Objects {
            key: "o".into(),
            objects: vec!["".into()],
        },
        PropertyInput::Files {
            key: "f".into(),
            files: vec![" ".into()],
        },
        PropertyInput::Clear {
            key: "c".into(),
            format: PropertyFormat::from("dtae"),
        },
    ];
    for input in bad_values {
        let create = objects
            .create(&CreateObjectRequest {
                properties: vec![
                    PropertyInput::Checkbox {
                        key: "done".into(),
                        checked: true,
                    },
                    input.clone(),
                ],
                ..page("x")
            })
            .await
            .unwrap_err();
        assert!(
            field_of(create).starts_with("properties[1]"),
            "{input:?}: names the value"
        );
        let update = objects
            .update(
                "bafyreiobject",
                &UpdateObjectRequest {
                    properties: Some(vec![input.clone()]),
                    ..Default::default()
                },
            )
            .await
            .unwrap_err();
        assert!(field_of(update).starts_with("properties[0]"), "{input:?}");
    }
    // Update: nothing to update, an empty type key.
    assert_eq!(
        field_of(
            objects
                .update("bafyreiobject", &UpdateObjectRequest::default())
                .await
                .unwrap_err()
        ),
        "request"
    );
    assert_eq!(
        field_of(
            objects
                .update(
                    "bafyreiobject",
                    &UpdateObjectRequest {
                        type_key: Some("".into()),
                        ..Default::default()
                    }
                )
                .await
                .unwrap_err()
        ),
        "type_key"
    );

    assert_eq!(api_requests(&sandbox).await, before, "nothing was sent");
}

#[tokio::test]
async fn paging_parameters_are_checked_for_templates_and_members_too() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let before = api_requests(&sandbox).await;
    let templates = client.templates("bafyreispace.1", "");
    assert_eq!(
        field_of(templates.list(0, 10).await.unwrap_err()),
        "type_id"
    );
    assert_eq!(field_of(templates.get("t").await.unwrap_err()), "type_id");
    let templates = client.templates("", "type");
    assert_eq!(
        field_of(templates.list_all(10).await.unwrap_err()),
        "space_id"
    );
    let templates = client.templates("bafyreispace.1", "type");
    assert_eq!(
        field_of(templates.get(" ").await.unwrap_err()),
        "template_id"
    );
    assert_eq!(field_of(templates.pager(1001).unwrap_err()), "page_size");
    let members = client.members("");
    assert_eq!(field_of(members.list(0, 10).await.unwrap_err()), "space_id");
    let members = client.members("bafyreispace.1");
    assert_eq!(field_of(members.get("").await.unwrap_err()), "member_id");
    assert_eq!(field_of(members.list(0, 0).await.unwrap_err()), "limit");
    assert_eq!(api_requests(&sandbox).await, before, "nothing was sent");
}

// ---- members and templates --------------------------------------------------------------------

#[tokio::test]
async fn members_list_and_get() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = demo_space(&client).await;
    let members = client.members(&space);
    let all = members.list_all(1).await.unwrap();
    assert!(all.len() >= 2, "the demo space has an owner and others");
    let page = members.list(0, 1).await.unwrap();
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.pagination.total as usize, all.len());
    assert!(page.pagination.has_more);
    let owners: Vec<_> = all
        .iter()
        .filter(|m| m.role == anytype_core::MemberRole::Owner)
        .collect();
    assert_eq!(owners.len(), 1);
    for member in &all {
        assert!(member.id.starts_with("_participant_"), "{}", member.id);
        assert!(member.id.ends_with(&member.identity));
        assert_eq!(member.status, anytype_core::MemberStatus::Active);
        let got = members.get(&member.id).await.unwrap();
        assert_eq!(&got, member);
    }
    // A fresh space has its owner only.
    let fresh = fresh_space(&client, "Members").await;
    let only = client.members(&fresh).list_all(100).await.unwrap();
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].role, anytype_core::MemberRole::Owner);
}

#[tokio::test]
async fn templates_of_a_type_without_any_are_an_empty_list() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = fresh_space(&client, "No templates").await;
    let page_type = client
        .types(&space)
        .list_all(100)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.key == "page")
        .unwrap();
    let templates = client.templates(&space, &page_type.id);
    let first = templates.list(0, 10).await.unwrap();
    assert!(first.data.is_empty());
    assert_eq!(first.pagination.total, 0);
    assert!(templates.list_all(10).await.unwrap().is_empty());
}
