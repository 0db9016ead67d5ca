//! Types, properties and tags against the sandbox: list / page / walk, get, create, update,
//! delete, the built-ins of a fresh space, errors by status, and bad input refused before
//! anything is sent. Expected values are computed from what each test sent.

mod common;

use std::collections::HashSet;

use anytype_core::{
    Color, CreatePropertyRequest, CreateTagRequest, CreateTypeRequest, Error, Icon, Layout,
    PropertyFormat, PropertyLink, UpdatePropertyRequest, UpdateTagRequest, UpdateTypeRequest,
};
use futures::TryStreamExt;

use common::{api_requests, client, field_of, fresh_space, sandbox};

// ---- properties -------------------------------------------------------------------------------

#[tokio::test]
async fn a_fresh_space_has_the_built_in_properties_and_types_only() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = fresh_space(&client, "Built-ins").await;
    let properties = client.properties(&space).list_all(1000).await.unwrap();
    let format_of = |key: &str| {
        properties
            .iter()
            .find(|p| p.key == key)
            .map(|p| p.format.clone())
    };
    assert_eq!(format_of("tag"), Some(PropertyFormat::MultiSelect));
    assert_eq!(format_of("done"), Some(PropertyFormat::Checkbox));
    assert_eq!(format_of("description"), Some(PropertyFormat::Text));
    assert_eq!(format_of("source"), Some(PropertyFormat::Url));
    assert_eq!(format_of("due_date"), None, "no due_date in a fresh space");
    let types = client.types(&space).list_all(1000).await.unwrap();
    let keys: HashSet<&str> = types.iter().map(|t| t.key.as_str()).collect();
    for key in ["page", "bookmark", "collection", "set"] {
        assert!(keys.contains(key), "{key} in {keys:?}");
    }
    assert!(!keys.contains("task"), "no task type in a fresh space");
    let page = types.iter().find(|t| t.key == "page").unwrap();
    assert_eq!(page.layout, Layout::Basic);
    assert!(
        matches!(page.icon, Some(Icon::Named { .. })),
        "{:?}",
        page.icon
    );
    assert!(page.properties.iter().any(|p| p.key == "tag"));
}

#[tokio::test]
async fn properties_page_get_create_update_delete() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = fresh_space(&client, "Properties").await;
    let properties = client.properties(&space);

    let all = properties.list_all(1000).await.unwrap();
    let total = all.len();
    assert!(total > 10);
    let first = properties.list(0, 5).await.unwrap();
    assert_eq!(first.data.len(), 5);
    assert_eq!(first.pagination.total as usize, total);
    assert!(first.pagination.has_more);
    let walked: Vec<_> = properties
        .pager(4)
        .unwrap()
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(walked, all, "the pager gives every property once, in order");
    assert_eq!(properties.list_all(3).await.unwrap(), all);
    let done = all.iter().find(|p| p.key == "done").unwrap();
    assert_eq!(&properties.get(&done.id).await.unwrap(), done);

    let made = properties
        .create(&CreatePropertyRequest {
            key: Some("sdk_priority".into()),
            ..CreatePropertyRequest::new("  SDK priority ", PropertyFormat::Number)
        })
        .await
        .unwrap();
    assert!(!made.id.is_empty());
    assert_eq!(made.key, "sdk_priority");
    assert_eq!(made.name, "SDK priority", "the name is trimmed");
    assert_eq!(made.format, PropertyFormat::Number);
    assert_eq!(properties.get(&made.id).await.unwrap(), made);
    assert_eq!(properties.list_all(1000).await.unwrap().len(), total + 1);

    // Without a key the server makes one from the name.
    let keyless = properties
        .create(&CreatePropertyRequest::new(
            "Review date",
            PropertyFormat::Date,
        ))
        .await
        .unwrap();
    assert!(!keyless.key.is_empty());
    assert_eq!(keyless.format, PropertyFormat::Date);

    let renamed = properties
        .update(
            &made.id,
            &UpdatePropertyRequest {
                name: "SDK priority 2".into(),
                key: Some("sdk_priority_2".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.id, made.id);
    assert_eq!(renamed.name, "SDK priority 2");
    assert_eq!(renamed.key, "sdk_priority_2");
    assert_eq!(renamed.format, PropertyFormat::Number);
    assert_eq!(properties.get(&made.id).await.unwrap(), renamed);

    let deleted = properties.delete(&made.id).await.unwrap();
    assert_eq!(deleted.id, made.id);
    let after: Vec<_> = properties.list_all(1000).await.unwrap();
    assert!(
        after.iter().all(|p| p.id != made.id),
        "a deleted property isn't listed"
    );
    assert_eq!(after.len(), total + 1);
}

#[tokio::test]
async fn properties_and_tags_errors_by_status() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = fresh_space(&client, "Property errors").await;
    let properties = client.properties(&space);
    let all = properties.list_all(1000).await.unwrap();
    let done = all.iter().find(|p| p.key == "done").unwrap();
    // A key that exists is refused (400), nothing is retried.
    let err = properties
        .create(&CreatePropertyRequest {
            key: Some("done".into()),
            ..CreatePropertyRequest::new("Again", PropertyFormat::Checkbox)
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 400, .. }), "{err:?}");
    assert_eq!(
        sandbox.request_count("POST", &format!("/v1/spaces/{space}/properties")),
        1
    );
    // Tags of a property that has none: a checkbox has no tags.
    let err = client
        .tags(&space, &done.id)
        .create(&CreateTagRequest::new("Nope", Color::Red))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 400, .. }), "{err:?}");
    // A colour newer than the SDK, sent on purpose: the server decides (this one refuses).
    let tag_property = all.iter().find(|p| p.key == "tag").unwrap();
    let err = client
        .tags(&space, &tag_property.id)
        .create(&CreateTagRequest {
            allow_unknown_color: true,
            ..CreateTagRequest::new("Mauve", Color::from("mauve"))
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 400, .. }), "{err:?}");
    assert_eq!(
        sandbox.request_count(
            "POST",
            &format!("/v1/spaces/{space}/properties/{}/tags", tag_property.id)
        ),
        1,
        "the unknown colour was sent, once"
    );
}

// ---- tags -------------------------------------------------------------------------------------

#[tokio::test]
async fn tags_page_get_create_update_delete() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = fresh_space(&client, "Tags").await;
    let status = client
        .properties(&space)
        .create(&CreatePropertyRequest {
            key: Some("sdk_status".into()),
            tags: vec![
                CreateTagRequest::new("Open", Color::Red),
                CreateTagRequest {
                    key: Some("in_review".into()),
                    ..CreateTagRequest::new("In review", Color::Yellow)
                },
            ],
            ..CreatePropertyRequest::new("SDK status", PropertyFormat::Select)
        })
        .await
        .unwrap();
    let tags = client.tags(&space, &status.id);
    let initial = tags.list_all(100).await.unwrap();
    let named: Vec<(&str, &Color)> = initial
        .iter()
        .map(|t| (t.name.as_str(), &t.color))
        .collect();
    assert_eq!(
        named,
        vec![("Open", &Color::Red), ("In review", &Color::Yellow)]
    );
    assert_eq!(initial[1].key, "in_review");
    assert!(!initial[0].key.is_empty(), "a key is made from the name");

    let made = tags
        .create(&CreateTagRequest {
            key: Some("sdk_done".into()),
            ..CreateTagRequest::new("Done", Color::Lime)
        })
        .await
        .unwrap();
    assert_eq!(
        (made.key.as_str(), made.name.as_str(), &made.color),
        ("sdk_done", "Done", &Color::Lime)
    );
    assert_eq!(tags.get(&made.id).await.unwrap(), made);

    let page = tags.list(0, 2).await.unwrap();
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.pagination.total, 3);
    assert!(page.pagination.has_more);
    let rest = tags.list(2, 2).await.unwrap();
    assert_eq!(rest.data, vec![made.clone()]);
    assert!(!rest.pagination.has_more);
    let walked: Vec<_> = tags
        .pager(1)
        .unwrap()
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(walked.len(), 3);

    let renamed = tags
        .update(
            &made.id,
            &UpdateTagRequest {
                name: Some("Finished".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (renamed.name.as_str(), &renamed.color, renamed.key.as_str()),
        ("Finished", &Color::Lime, "sdk_done"),
        "only the name changed"
    );
    let recoloured = tags
        .update(
            &made.id,
            &UpdateTagRequest {
                color: Some(Color::Teal),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (recoloured.name.as_str(), &recoloured.color),
        ("Finished", &Color::Teal)
    );
    assert_eq!(tags.get(&made.id).await.unwrap(), recoloured);

    let deleted = tags.delete(&made.id).await.unwrap();
    assert_eq!(deleted.id, made.id);
    let after = tags.list_all(100).await.unwrap();
    assert_eq!(after, initial, "a deleted tag isn't listed");
}

// ---- types ------------------------------------------------------------------------------------

#[tokio::test]
async fn types_page_get_create_update_delete() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = fresh_space(&client, "Types").await;
    let types = client.types(&space);
    let all = types.list_all(1000).await.unwrap();
    let first = types.list(0, 4).await.unwrap();
    assert_eq!(first.data.len(), 4);
    assert_eq!(first.pagination.total as usize, all.len());
    let walked: Vec<_> = types
        .pager(3)
        .unwrap()
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(walked, all);
    let page = all.iter().find(|t| t.key == "page").unwrap();
    assert_eq!(&types.get(&page.id).await.unwrap(), page);

    let icon = Icon::Emoji {
        emoji: "🎫".into()
    };
    let made = types
        .create(&CreateTypeRequest {
            key: Some("sdk_ticket".into()),
            icon: Some(icon.clone()),
            properties: vec![
                PropertyLink::new("sdk_priority", "SDK priority", PropertyFormat::Number),
                PropertyLink::new("done", "Done", PropertyFormat::Checkbox),
            ],
            ..CreateTypeRequest::new("SDK ticket", "SDK tickets", Layout::Action)
        })
        .await
        .unwrap();
    assert_eq!(made.key, "sdk_ticket");
    assert_eq!(made.name, "SDK ticket");
    assert_eq!(made.plural_name, "SDK tickets");
    assert_eq!(made.layout, Layout::Action);
    assert_eq!(made.icon, Some(icon.clone()));
    assert!(!made.archived);
    let keys: HashSet<&str> = made.properties.iter().map(|p| p.key.as_str()).collect();
    assert!(
        keys.contains("sdk_priority") && keys.contains("done"),
        "{keys:?}"
    );
    // The new property was made in the space.
    let priority = client
        .properties(&space)
        .list_all(1000)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.key == "sdk_priority")
        .expect("the linked property exists");
    assert_eq!(priority.format, PropertyFormat::Number);
    assert_eq!(types.get(&made.id).await.unwrap(), made);

    // Objects of the new type.
    let object = client
        .objects(&space)
        .create(&anytype_core::CreateObjectRequest {
            name: Some("Ticket 1".into()),
            properties: vec![anytype_core::PropertyInput::Number {
                key: "sdk_priority".into(),
                number: 2.0,
            }],
            ..anytype_core::CreateObjectRequest::new("sdk_ticket")
        })
        .await
        .unwrap();
    assert_eq!(object.object_type.as_ref().unwrap().id, made.id);
    assert_eq!(object.layout, Layout::Action);
    assert_eq!(object.number("sdk_priority"), Some(2.0));

    let updated = types
        .update(
            &made.id,
            &UpdateTypeRequest {
                name: Some("SDK ticket 2".into()),
                plural_name: Some("SDK tickets 2".into()),
                layout: Some(Layout::Basic),
                properties: Some(vec![PropertyLink::new(
                    "sdk_priority",
                    "SDK priority",
                    PropertyFormat::Number,
                )]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.id, made.id);
    assert_eq!(
        (
            updated.name.as_str(),
            updated.plural_name.as_str(),
            &updated.layout
        ),
        ("SDK ticket 2", "SDK tickets 2", &Layout::Basic)
    );
    assert_eq!(updated.icon, Some(icon));
    let keys: HashSet<&str> = updated.properties.iter().map(|p| p.key.as_str()).collect();
    assert!(
        keys.contains("sdk_priority") && !keys.contains("done"),
        "{keys:?}"
    );

    // Delete archives: the answer shows the type as it was, a later get says archived.
    let deleted = types.delete(&made.id).await.unwrap();
    assert_eq!(deleted.id, made.id);
    assert!(types.get(&made.id).await.unwrap().archived);
    assert!(types
        .list_all(1000)
        .await
        .unwrap()
        .iter()
        .all(|t| t.id != made.id));
    assert_eq!(types.list_all(1000).await.unwrap().len(), all.len());
}

#[tokio::test]
async fn types_errors_by_status() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = fresh_space(&client, "Type errors").await;
    let types = client.types(&space);
    // A key that exists.
    let err = types
        .create(&CreateTypeRequest {
            key: Some("page".into()),
            ..CreateTypeRequest::new("Page again", "Pages again", Layout::Basic)
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 400, .. }), "{err:?}");
    // A linked property whose key exists with another format.
    let err = types
        .create(&CreateTypeRequest {
            properties: vec![PropertyLink::new("done", "Done", PropertyFormat::Text)],
            ..CreateTypeRequest::new("Clash", "Clashes", Layout::Basic)
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 400, .. }), "{err:?}");
    assert_eq!(
        sandbox.request_count("POST", &format!("/v1/spaces/{space}/types")),
        2
    );
}

// ---- missing resources --------------------------------------------------------------------------
// The real server (anytype-heart v0.47.0, probed): a missing type answers 500 "failed to retrieve
// type", a missing property 500 "failed to retrieve property", a missing tag 500 "failed to
// retrieve tag", a missing template 500 "failed to retrieve template" (recordings 43, 44 and
// probes). They are all "not found" to a caller.

#[tokio::test]
async fn a_missing_type_or_property_is_not_found() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = fresh_space(&client, "Missing").await;
    let missing = "bafyreiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    for err in [
        client.types(&space).get(missing).await.unwrap_err(),
        client.properties(&space).get(missing).await.unwrap_err(),
        client
            .types(&space)
            .update(
                missing,
                &UpdateTypeRequest {
                    name: Some("x".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap_err(),
        client.properties(&space).delete(missing).await.unwrap_err(),
    ] {
        assert!(
            matches!(err, Error::NotFound { status: 500, .. }),
            "{err:?}"
        );
    }
}

#[tokio::test]
async fn a_missing_tag_or_template_is_not_found() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = fresh_space(&client, "Missing 2").await;
    let missing = "bafyreiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let tag = client
        .properties(&space)
        .list_all(1000)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.key == "tag")
        .unwrap();
    let page = client
        .types(&space)
        .list_all(1000)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.key == "page")
        .unwrap();
    for err in [
        client.tags(&space, &tag.id).get(missing).await.unwrap_err(),
        client
            .templates(&space, &page.id)
            .get(missing)
            .await
            .unwrap_err(),
    ] {
        assert!(
            matches!(err, Error::NotFound { status: 500, .. }),
            "{err:?}"
        );
    }
}

// ---- bad input, refused before sending --------------------------------------------------------

#[tokio::test]
async fn bad_type_property_and_tag_input_is_refused_before_anything_is_sent() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = "bafyreispace.123";
    let before = api_requests(&sandbox).await;

    // Ids.
    assert_eq!(
        field_of(client.types("").list(0, 1).await.unwrap_err()),
        "space_id"
    );
    assert_eq!(
        field_of(client.types(space).get(" ").await.unwrap_err()),
        "type_id"
    );
    assert_eq!(
        field_of(client.types(space).delete("").await.unwrap_err()),
        "type_id"
    );
    assert_eq!(
        field_of(client.properties("").pager(5).unwrap_err()),
        "space_id"
    );
    assert_eq!(
        field_of(client.properties(space).get("").await.unwrap_err()),
        "property_id"
    );
    assert_eq!(
        field_of(client.properties(space).delete(" ").await.unwrap_err()),
        "property_id"
    );
    assert_eq!(
        field_of(client.tags(space, "").list(0, 1).await.unwrap_err()),
        "property_id"
    );
    assert_eq!(
        field_of(client.tags("", "p").list_all(5).await.unwrap_err()),
        "space_id"
    );
    assert_eq!(
        field_of(client.tags(space, "p").get("").await.unwrap_err()),
        "tag_id"
    );
    assert_eq!(
        field_of(client.tags(space, "p").delete(" ").await.unwrap_err()),
        "tag_id"
    );
    assert_eq!(
        field_of(
            client
                .tags(space, "")
                .create(&CreateTagRequest::new("x", Color::Red))
                .await
                .unwrap_err()
        ),
        "property_id"
    );

    // Types.
    let types = client.types(space);
    let ok_type = || CreateTypeRequest::new("Ticket", "Tickets", Layout::Basic);
    for (request, field) in [
        (
            CreateTypeRequest::new(" ", "Tickets", Layout::Basic),
            "name",
        ),
        (
            CreateTypeRequest::new("Ticket", "", Layout::Basic),
            "plural_name",
        ),
        (
            CreateTypeRequest::new("Ticket", "Tickets", Layout::Bookmark),
            "layout",
        ),
        (
            CreateTypeRequest::new("Ticket", "Tickets", Layout::from("grid")),
            "layout",
        ),
        (
            CreateTypeRequest {
                key: Some(" ".into()),
                ..ok_type()
            },
            "key",
        ),
        (
            CreateTypeRequest {
                properties: vec![PropertyLink::new("", "Name", PropertyFormat::Text)],
                ..ok_type()
            },
            "properties[0].key",
        ),
        (
            CreateTypeRequest {
                properties: vec![
                    PropertyLink::new("a", "A", PropertyFormat::Text),
                    PropertyLink::new("b", " ", PropertyFormat::Text),
                ],
                ..ok_type()
            },
            "properties[1].name",
        ),
        (
            CreateTypeRequest {
                properties: vec![PropertyLink::new(
                    "a",
                    "A",
                    PropertyFormat::from("hologram"),
                )],
                ..ok_type()
            },
            "properties[0].format",
        ),
    ] {
        assert_eq!(field_of(types.create(&request).await.unwrap_err()), field);
    }
    for (request, field) in [
        (UpdateTypeRequest::default(), "request"),
        (
            UpdateTypeRequest {
                name: Some("".into()),
                ..Default::default()
            },
            "name",
        ),
        (
            UpdateTypeRequest {
                plural_name: Some(" ".into()),
                ..Default::default()
            },
            "plural_name",
        ),
        (
            UpdateTypeRequest {
                layout: Some(Layout::Set),
                ..Default::default()
            },
            "layout",
        ),
        (
            UpdateTypeRequest {
                key: Some("".into()),
                ..Default::default()
            },
            "key",
        ),
    ] {
        assert_eq!(
            field_of(types.update("t", &request).await.unwrap_err()),
            field
        );
    }

    // Properties.
    let properties = client.properties(space);
    for (request, field) in [
        (
            CreatePropertyRequest::new("  ", PropertyFormat::Text),
            "name",
        ),
        (
            CreatePropertyRequest::new("P", PropertyFormat::from("hologram")),
            "format",
        ),
        (
            CreatePropertyRequest {
                key: Some("".into()),
                ..CreatePropertyRequest::new("P", PropertyFormat::Text)
            },
            "key",
        ),
        (
            CreatePropertyRequest {
                tags: vec![CreateTagRequest::new("A", Color::Red)],
                ..CreatePropertyRequest::new("P", PropertyFormat::Text)
            },
            "tags",
        ),
        (
            CreatePropertyRequest {
                tags: vec![CreateTagRequest::new(" ", Color::Red)],
                ..CreatePropertyRequest::new("P", PropertyFormat::Select)
            },
            "name",
        ),
        (
            CreatePropertyRequest {
                tags: vec![CreateTagRequest::new("A", Color::from("mauve"))],
                ..CreatePropertyRequest::new("P", PropertyFormat::MultiSelect)
            },
            "color",
        ),
    ] {
        assert_eq!(
            field_of(properties.create(&request).await.unwrap_err()),
            field
        );
    }
    for (request, field) in [
        (
            UpdatePropertyRequest {
                name: " ".into(),
                key: None,
            },
            "name",
        ),
        (
            UpdatePropertyRequest {
                name: "P".into(),
                key: Some("".into()),
            },
            "key",
        ),
    ] {
        assert_eq!(
            field_of(properties.update("p", &request).await.unwrap_err()),
            field
        );
    }

    // Tags: blank names, unknown colours (unless allowed), nothing to update.
    let tags = client.tags(space, "p");
    for (request, field) in [
        (CreateTagRequest::new("", Color::Red), "name"),
        (CreateTagRequest::new("A", Color::from("mauve")), "color"),
        (
            CreateTagRequest {
                allow_unknown_color: true,
                ..CreateTagRequest::new("A", Color::from(" "))
            },
            "color",
        ),
        (
            CreateTagRequest {
                key: Some(" ".into()),
                ..CreateTagRequest::new("A", Color::Red)
            },
            "key",
        ),
    ] {
        assert_eq!(field_of(tags.create(&request).await.unwrap_err()), field);
    }
    for (request, field) in [
        (UpdateTagRequest::default(), "request"),
        (
            UpdateTagRequest {
                name: Some(" ".into()),
                ..Default::default()
            },
            "name",
        ),
        (
            UpdateTagRequest {
                color: Some(Color::from("mauve")),
                ..Default::default()
            },
            "color",
        ),
        (
            UpdateTagRequest {
                key: Some("".into()),
                ..Default::default()
            },
            "key",
        ),
    ] {
        assert_eq!(
            field_of(tags.update("t", &request).await.unwrap_err()),
            field
        );
    }
    // Paging arguments.
    assert_eq!(
        field_of(client.types(space).list(0, 0).await.unwrap_err()),
        "limit"
    );
    assert_eq!(
        field_of(client.properties(space).list(-5, 10).await.unwrap_err()),
        "offset"
    );
    assert_eq!(
        field_of(client.tags(space, "p").pager(1001).unwrap_err()),
        "page_size"
    );

    assert_eq!(api_requests(&sandbox).await, before, "nothing was sent");
}
