//! The sandbox's members, types, templates, properties, tags and objects routes, over HTTP:
//! statuses, wrappers and the real server's quirks (recordings 06..44, 59..61).

use serde_json::{json, Value};

mod common;

use common::{Answer, Api};

fn keys(items: &[Value]) -> Vec<&str> {
    items.iter().map(|i| i["key"].as_str().unwrap()).collect()
}

fn value<'a>(object: &'a Value, key: &str) -> &'a Value {
    object["properties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == key)
        .unwrap_or(&Value::Null)
}

fn assert_retrieve_error(answer: &Answer, what: &str) {
    assert_eq!(answer.status, 500, "{}", answer.body);
    assert_eq!(
        answer.body,
        json!({"object": "error", "status": 500, "code": "internal_server_error", "message": format!("failed to retrieve {what}")})
    );
}

#[tokio::test]
async fn a_fresh_space_has_the_built_in_types_properties_and_its_owner() {
    let api = Api::start(0, false).await;
    let space = api.fresh_space().await;

    let types = api.list(&format!("/v1/spaces/{space}/types")).await;
    assert_eq!(
        keys(&types),
        [
            "audio",
            "bookmark",
            "chat_derived",
            "collection",
            "file",
            "image",
            "page",
            "set",
            "participant",
            "template",
            "video"
        ]
    );
    let page = types.iter().find(|t| t["key"] == "page").unwrap();
    assert_eq!(page["object"], "type");
    assert_eq!(page["name"], "Page");
    assert_eq!(page["plural_name"], "Pages");
    assert_eq!(page["layout"], "basic");
    assert_eq!(page["archived"], false);
    assert_eq!(
        page["icon"],
        json!({"format": "icon", "name": "document", "color": "ice"})
    );
    assert_eq!(
        keys(page["properties"].as_array().unwrap()),
        ["backlinks", "tag", "created_date", "creator", "links"]
    );
    let bookmark = types.iter().find(|t| t["key"] == "bookmark").unwrap();
    assert_eq!(bookmark["layout"], "bookmark");
    assert!(keys(bookmark["properties"].as_array().unwrap()).contains(&"source"));

    let properties = api.list(&format!("/v1/spaces/{space}/properties")).await;
    assert_eq!(properties.len(), 28);
    let tag = properties.iter().find(|p| p["key"] == "tag").unwrap();
    assert_eq!(tag["format"], "multi_select");
    assert_eq!(tag["object"], "property");
    for (key, format) in [
        ("done", "checkbox"),
        ("description", "text"),
        ("source", "url"),
        ("created_date", "date"),
        ("creator", "objects"),
    ] {
        assert_eq!(
            properties.iter().find(|p| p["key"] == key).unwrap()["format"],
            format
        );
    }
    assert!(!keys(&properties).contains(&"due_date"));
    assert!(!keys(&properties).contains(&"status"));

    // No objects, no templates, and only the owner.
    assert!(api
        .list(&format!("/v1/spaces/{space}/objects"))
        .await
        .is_empty());
    let templates = api
        .get(&format!(
            "/v1/spaces/{space}/types/{}/templates",
            page["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(templates.status, 200);
    assert_eq!(
        templates.body,
        json!({"data": [], "pagination": {"total": 0, "offset": 0, "limit": 100, "has_more": false}})
    );
    let members = api.list(&format!("/v1/spaces/{space}/members")).await;
    assert_eq!(members.len(), 1);
    let owner = &members[0];
    assert_eq!(owner["object"], "member");
    assert_eq!(owner["role"], "owner");
    assert_eq!(owner["status"], "active");
    assert_eq!(owner["icon"], Value::Null);
    assert_eq!(owner["global_name"], "");
    let identity = owner["identity"].as_str().unwrap();
    let member_id = format!("_participant_{}_{identity}", space.replace('.', "_"));
    assert_eq!(owner["id"], member_id.as_str());
    let one = api
        .get(&format!("/v1/spaces/{space}/members/{member_id}"))
        .await;
    assert_eq!(one.status, 200);
    assert_eq!(one.content_type, "application/json; charset=utf-8");
    assert_eq!(one.body, json!({ "member": owner }));
    // Probed on the real server: a missing member is a 404, unlike the other resources.
    let missing = api.get(&format!("/v1/spaces/{space}/members/nobody")).await;
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.body,
        json!({"object": "error", "status": 404, "code": "object_not_found", "message": "member not found"})
    );
}

#[tokio::test]
async fn demo_spaces_look_like_a_desktop_users() {
    let api = Api::start(1, false).await;
    let space = api.first_space().await;

    let members = api.list(&format!("/v1/spaces/{space}/members")).await;
    let roles: Vec<&str> = members
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["owner", "editor", "viewer"]);

    let task = api
        .list(&format!("/v1/spaces/{space}/types"))
        .await
        .into_iter()
        .find(|t| t["key"] == "task")
        .expect("a task type");
    assert_eq!(task["layout"], "action");
    let task_properties = keys(task["properties"].as_array().unwrap())
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    for key in ["status", "due_date", "done", "tag"] {
        assert!(task_properties.iter().any(|k| k == key), "{key}");
    }
    let status = api.property_id(&space, "status").await;
    let tags = api
        .list(&format!("/v1/spaces/{space}/properties/{status}/tags"))
        .await;
    let names: Vec<&str> = tags.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Open", "In progress", "Done"]);
    assert_eq!(keys(&tags), ["open", "in_progress", "done"]);
    assert_eq!(tags[0]["object"], "tag");

    let task_id = task["id"].as_str().unwrap();
    let templates = api
        .list(&format!("/v1/spaces/{space}/types/{task_id}/templates"))
        .await;
    assert_eq!(templates.len(), 1);
    let template_id = templates[0]["id"].as_str().unwrap();
    let template = api
        .get(&format!(
            "/v1/spaces/{space}/types/{task_id}/templates/{template_id}"
        ))
        .await;
    assert_eq!(template.status, 200);
    assert_eq!(template.body["template"]["id"], template_id);
    assert!(template.body["template"]["markdown"]
        .as_str()
        .unwrap()
        .contains("Steps"));
    assert_retrieve_error(
        &api.get(&format!(
            "/v1/spaces/{space}/types/{task_id}/templates/nope"
        ))
        .await,
        "template",
    );

    let objects = api.list(&format!("/v1/spaces/{space}/objects")).await;
    let count = |key: &str| objects.iter().filter(|o| o["type"]["key"] == key).count();
    assert!(count("page") >= 3);
    assert_eq!(count("bookmark"), 1);
    assert!(count("task") >= 2);
    let bookmark = objects
        .iter()
        .find(|o| o["type"]["key"] == "bookmark")
        .unwrap();
    assert_eq!(value(bookmark, "source")["url"], "https://anytype.io");
    let a_task = objects.iter().find(|o| o["type"]["key"] == "task").unwrap();
    assert_eq!(a_task["layout"], "action");
    assert_eq!(value(a_task, "status")["format"], "select");
    assert_eq!(value(a_task, "status")["select"]["object"], "tag");
    let due = value(a_task, "due_date")["date"].as_str().unwrap();
    assert!(due.ends_with("T00:00:00Z"), "{due}");
    // A list item has no body; a fetched object has it.
    assert!(a_task.get("markdown").is_none());
    assert_eq!(a_task["object"], "object");
    assert_eq!(a_task["space_id"], space.as_str());
}

#[tokio::test]
async fn types_are_created_updated_and_archived() {
    let api = Api::start(0, false).await;
    let space = api.fresh_space().await;
    let base = format!("/v1/spaces/{space}/types");

    let made = api
        .post(
            &base,
            json!({"name": "SDK Ticket", "plural_name": "SDK Tickets", "key": "sdk_ticket", "layout": "basic",
                   "icon": {"format": "emoji", "emoji": "🎫"},
                   "properties": [{"key": "sdk_priority", "name": "SDK Priority", "format": "number"}]}),
        )
        .await;
    assert_eq!(made.status, 201, "{}", made.body);
    let t = &made.body["type"];
    assert_eq!(t["object"], "type");
    assert_eq!(t["key"], "sdk_ticket");
    assert_eq!(t["icon"], json!({"format": "emoji", "emoji": "🎫"}));
    assert_eq!(
        keys(t["properties"].as_array().unwrap()),
        ["tag", "backlinks", "sdk_priority"]
    );
    // The missing property was created.
    let properties = api.list(&format!("/v1/spaces/{space}/properties")).await;
    let priority = properties
        .iter()
        .find(|p| p["key"] == "sdk_priority")
        .unwrap();
    assert_eq!(priority["format"], "number");
    let id = t["id"].as_str().unwrap().to_owned();

    // A key is generated from the name when absent.
    let generated = api
        .post(
            &base,
            json!({"name": "Reading Note", "plural_name": "Reading Notes", "layout": "note"}),
        )
        .await;
    assert_eq!(generated.status, 201);
    assert_eq!(generated.body["type"]["key"], "reading_note");

    // Required fields, like Gin's validator (text/plain).
    let missing = api.post(&base, json!({"name": "x"})).await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.content_type, "text/plain; charset=utf-8");
    assert!(missing.body["message"]
        .as_str()
        .unwrap()
        .contains("'CreateTypeRequest.PluralName' Error:Field validation for 'PluralName' failed on the 'required' tag"));
    let bad_layout = api
        .post(
            &base,
            json!({"name": "x", "plural_name": "xs", "layout": "bookmark"}),
        )
        .await;
    assert_eq!(bad_layout.status, 400);
    assert_eq!(bad_layout.body["code"], "bad_request");

    let got = api.get(&format!("{base}/{id}")).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body["type"]["id"], id.as_str());
    let updated = api
        .patch(&format!("{base}/{id}"), json!({"name": "SDK Ticket 2"}))
        .await;
    assert_eq!(updated.status, 200);
    assert_eq!(updated.body["type"]["name"], "SDK Ticket 2");
    assert_eq!(updated.body["type"]["plural_name"], "SDK Tickets");

    // Delete archives; the answer shows the type as it was (recording 38).
    let deleted = api.delete(&format!("{base}/{id}")).await;
    assert_eq!(deleted.status, 200);
    assert_eq!(deleted.body["type"]["name"], "SDK Ticket 2");
    assert_eq!(deleted.body["type"]["archived"], false);
    let after = api.get(&format!("{base}/{id}")).await;
    assert_eq!(after.status, 200);
    assert_eq!(after.body["type"]["archived"], true);
    assert!(!keys(&api.list(&base).await).contains(&"sdk_ticket"));
    // An archived type can't be used for new objects.
    let object = api
        .post(
            &format!("/v1/spaces/{space}/objects"),
            json!({"name": "x", "type_key": "sdk_ticket"}),
        )
        .await;
    assert_eq!(object.status, 500);

    assert_retrieve_error(&api.get(&format!("{base}/does-not-exist")).await, "type");
    assert_retrieve_error(
        &api.patch(&format!("{base}/does-not-exist"), json!({"name": "y"}))
            .await,
        "type",
    );
    assert_retrieve_error(&api.delete(&format!("{base}/does-not-exist")).await, "type");
    // Probed: a missing type has no templates (200, an empty list).
    let templates = api.get(&format!("{base}/does-not-exist/templates")).await;
    assert_eq!(templates.status, 200);
    assert_eq!(templates.body["data"], json!([]));
}

#[tokio::test]
async fn properties_and_tags_round_trip() {
    let api = Api::start(0, false).await;
    let space = api.fresh_space().await;
    let base = format!("/v1/spaces/{space}/properties");

    let made = api
        .post(
            &base,
            json!({"name": "SDK Status", "format": "select", "key": "sdk_status", "tags": [{"name": "Open", "color": "red"}]}),
        )
        .await;
    assert_eq!(made.status, 201, "{}", made.body);
    let property = made.body["property"].clone();
    assert_eq!(
        property,
        json!({"object": "property", "id": property["id"], "key": "sdk_status", "name": "SDK Status", "format": "select"})
    );
    let id = property["id"].as_str().unwrap().to_owned();
    let got = api.get(&format!("{base}/{id}")).await;
    assert_eq!(got.body, json!({ "property": property }));
    let generated = api
        .post(&base, json!({"name": "Effort Points", "format": "number"}))
        .await;
    assert_eq!(generated.body["property"]["key"], "effort_points");
    let missing = api.post(&base, json!({"name": "x"})).await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.content_type, "text/plain; charset=utf-8");
    let bad_format = api
        .post(&base, json!({"name": "x", "format": "colour"}))
        .await;
    assert_eq!(bad_format.status, 400);

    // Update: name required.
    let renamed = api
        .patch(&format!("{base}/{id}"), json!({"name": "SDK Status 2"}))
        .await;
    assert_eq!(renamed.status, 200);
    assert_eq!(renamed.body["property"]["name"], "SDK Status 2");
    let nameless = api.patch(&format!("{base}/{id}"), json!({})).await;
    assert_eq!(nameless.status, 400);

    // Tags.
    let tags = format!("{base}/{id}/tags");
    let listed = api.get(&tags).await;
    assert_eq!(listed.status, 200);
    assert_eq!(listed.body["pagination"]["total"], 1);
    assert_eq!(listed.body["data"][0]["key"], "open");
    assert_eq!(listed.body["data"][0]["color"], "red");
    let done = api
        .post(&tags, json!({"name": "Done", "color": "lime"}))
        .await;
    assert_eq!(done.status, 201);
    let tag = done.body["tag"].clone();
    assert_eq!(
        tag,
        json!({"object": "tag", "id": tag["id"], "key": "done", "name": "Done", "color": "lime"})
    );
    let tag_id = tag["id"].as_str().unwrap().to_owned();
    for color in [
        "grey", "yellow", "orange", "pink", "purple", "blue", "ice", "teal",
    ] {
        let answer = api
            .post(&tags, json!({"name": format!("C {color}"), "color": color}))
            .await;
        assert_eq!(answer.status, 201, "{color}");
    }
    let bad_color = api
        .post(&tags, json!({"name": "x", "color": "green"}))
        .await;
    assert_eq!(bad_color.status, 400);
    assert_eq!(bad_color.body["code"], "bad_request");
    let no_color = api.post(&tags, json!({"name": "x"})).await;
    assert_eq!(no_color.status, 400);
    let got = api.get(&format!("{tags}/{tag_id}")).await;
    assert_eq!(got.body, json!({ "tag": tag }));
    let renamed = api
        .patch(&format!("{tags}/{tag_id}"), json!({"name": "Finished"}))
        .await;
    assert_eq!(renamed.status, 200);
    assert_eq!(renamed.body["tag"]["name"], "Finished");
    assert_eq!(renamed.body["tag"]["key"], "done");
    assert_eq!(renamed.body["tag"]["color"], "lime");
    let deleted = api.delete(&format!("{tags}/{tag_id}")).await;
    assert_eq!(deleted.status, 200);
    assert_eq!(deleted.body["tag"]["name"], "Finished");
    assert!(!keys(&api.list(&tags).await).contains(&"done"));
    assert_retrieve_error(&api.get(&format!("{tags}/nope")).await, "tag");
    // Probed: the tags of a missing property are a 404 `invalid property id`.
    let no_tags = api.get(&format!("{base}/nope/tags")).await;
    assert_eq!(no_tags.status, 404);
    assert_eq!(no_tags.body["message"], "invalid property id");

    // Delete the property: archived, answered as it was, gone from the list.
    let deleted = api.delete(&format!("{base}/{id}")).await;
    assert_eq!(deleted.status, 200);
    assert_eq!(deleted.body["property"]["name"], "SDK Status 2");
    assert!(!keys(&api.list(&base).await).contains(&"sdk_status"));
    assert_retrieve_error(
        &api.get(&format!("{base}/does-not-exist")).await,
        "property",
    );
}

#[tokio::test]
async fn objects_are_created_read_updated_and_archived() {
    let api = Api::start(1, false).await;
    let space = api.first_space().await;
    let base = format!("/v1/spaces/{space}/objects");

    let made = api
        .post(
            &base,
            json!({"name": "Hello from the SDK", "type_key": "page", "icon": {"format": "emoji", "emoji": "📄"},
                   "body": "# Heading\n\nSome **bold** text and a [link](https://example.com).\n\n- item 1\n- item 2\n",
                   "properties": [{"key": "description", "text": "  padded  "}, {"key": "tag", "multi_select": []}]}),
        )
        .await;
    assert_eq!(made.status, 201, "{}", made.body);
    let object = &made.body["object"];
    assert_eq!(object["object"], "object");
    assert_eq!(object["name"], "Hello from the SDK");
    assert_eq!(object["archived"], false);
    assert_eq!(object["layout"], "basic");
    assert_eq!(object["type"]["key"], "page");
    assert_eq!(object["type"]["object"], "type");
    assert_eq!(
        object["markdown"],
        "# Heading   \nSome **bold** text and a [link](https://example.com).   \n- item 1   \n- item 2   \n"
    );
    assert_eq!(
        object["snippet"],
        "Heading\nSome bold text and a link.\nitem 1\nitem 2"
    );
    assert_eq!(value(object, "description")["text"], "padded");
    assert_eq!(value(object, "tag")["multi_select"], Value::Null);
    assert_eq!(value(object, "links")["objects"], Value::Null);
    assert_eq!(value(object, "backlinks")["objects"], Value::Null);
    let created = value(object, "created_date")["date"].as_str().unwrap();
    assert!(created.len() == 20 && created.ends_with('Z'), "{created}");
    assert_eq!(value(object, "last_modified_date")["format"], "date");
    let creator = value(object, "creator")["objects"][0].as_str().unwrap();
    assert!(creator.starts_with("_participant_"));
    assert_eq!(value(object, "last_modified_by")["objects"][0], creator);
    let id = object["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("bafyrei") && id.len() == 59, "{id}");

    let got = api.get(&format!("{base}/{id}")).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body, made.body);
    let md = api.get(&format!("{base}/{id}?format=md")).await;
    assert_eq!(md.body, made.body);

    // Values of every kind; a value key picks the variant, null clears, text is trimmed.
    let status = api.property_id(&space, "status").await;
    let open = api
        .list(&format!("/v1/spaces/{space}/properties/{status}/tags"))
        .await
        .into_iter()
        .find(|t| t["key"] == "open")
        .unwrap();
    let task = api
        .post(
            &base,
            json!({"name": "Ship it", "type_key": "task", "properties": [
                {"key": "status", "select": "open"},
                {"key": "due_date", "date": "2026-03-01"},
                {"key": "done", "checkbox": true},
                {"key": "tag", "multi_select": ["important", "idea"]},
                {"key": "description", "text": " trimmed\n"},
            ]}),
        )
        .await;
    assert_eq!(task.status, 201, "{}", task.body);
    let t = &task.body["object"];
    assert_eq!(t["layout"], "action");
    assert_eq!(value(t, "status")["select"], open);
    assert_eq!(value(t, "due_date")["date"], "2026-03-01T00:00:00Z");
    assert_eq!(value(t, "done")["checkbox"], true);
    assert_eq!(
        value(t, "tag")["multi_select"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["key"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["important", "idea"]
    );
    assert_eq!(value(t, "description")["text"], "trimmed");
    let task_id = t["id"].as_str().unwrap().to_owned();
    let open_id = open["id"].as_str().unwrap();
    let updated = api
        .patch(
            &format!("{base}/{task_id}"),
            json!({"name": "Ship it now", "markdown": "New body", "properties": [
                {"key": "status", "select": open_id},
                {"key": "due_date", "date": "2026-03-01T10:30:45.123+02:00"},
                {"key": "done", "checkbox": null},
            ]}),
        )
        .await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    let u = &updated.body["object"];
    assert_eq!(u["name"], "Ship it now");
    assert_eq!(u["markdown"], "New body   \n");
    assert_eq!(u["snippet"], "New body");
    assert_eq!(value(u, "due_date")["date"], "2026-03-01T08:30:45Z");
    assert_eq!(value(u, "done"), &Value::Null);
    assert_eq!(value(u, "status")["select"]["key"], "open");
    assert_eq!(value(u, "tag")["multi_select"][0]["key"], "important");

    // Bookmarks take their URL via `source`.
    let bookmark = api
        .post(
            &base,
            json!({"name": "Example", "type_key": "bookmark", "properties": [{"key": "source", "url": "https://example.com"}]}),
        )
        .await;
    assert_eq!(bookmark.status, 201);
    assert_eq!(
        value(&bookmark.body["object"], "source")["url"],
        "https://example.com"
    );
    assert_eq!(bookmark.body["object"]["layout"], "bookmark");

    // A template's body and values.
    let task_type = api.type_id(&space, "task").await;
    let template = &api
        .list(&format!("/v1/spaces/{space}/types/{task_type}/templates"))
        .await[0];
    let from_template = api
        .post(
            &base,
            json!({"name": "From template", "type_key": "task", "template_id": template["id"]}),
        )
        .await;
    assert_eq!(from_template.status, 201);
    assert!(from_template.body["object"]["markdown"]
        .as_str()
        .unwrap()
        .contains("Steps"));

    // Errors like the real server's (recordings 59, 60, 61).
    let no_type = api.post(&base, json!({"name": "no type"})).await;
    assert_eq!(no_type.status, 400);
    assert_eq!(no_type.content_type, "text/plain; charset=utf-8");
    assert_eq!(
        no_type.body,
        json!({"object": "error", "status": 400, "code": "bad_request", "message": "Key: 'CreateObjectRequest.TypeKey' Error:Field validation for 'TypeKey' failed on the 'required' tag"})
    );
    let unknown_type = api
        .post(&base, json!({"name": "x", "type_key": "no_such_type"}))
        .await;
    assert_eq!(
        unknown_type.body,
        json!({"object": "error", "status": 500, "code": "internal_server_error", "message": "failed to create object"})
    );
    let bad_value = api
        .post(
            &base,
            json!({"name": "x", "type_key": "page", "properties": [{"key": "done", "text": "should be checkbox"}]}),
        )
        .await;
    assert_eq!(bad_value.status, 400);
    assert_eq!(bad_value.content_type, "application/json; charset=utf-8");
    assert_eq!(
        bad_value.body["message"],
        "bad input: property \"done\" must be a boolean"
    );
    for (properties, why) in [
        (
            json!([{"key": "no_such_property", "text": "x"}]),
            "unknown key",
        ),
        (
            json!([{"key": "created_date", "date": "2024-01-01"}]),
            "reserved",
        ),
        (
            json!([{"key": "due_date", "date": "next tuesday"}]),
            "bad date",
        ),
        (
            json!([{"key": "status", "select": "no_such_tag"}]),
            "bad tag",
        ),
        (
            json!([{"key": "tag", "multi_select": "important"}]),
            "not a list",
        ),
        (
            json!([{"key": "description", "number": 3}]),
            "number for text",
        ),
    ] {
        let answer = api
            .post(
                &base,
                json!({"name": "x", "type_key": "task", "properties": properties}),
            )
            .await;
        assert_eq!(answer.status, 400, "{why}: {}", answer.body);
        assert_eq!(answer.body["code"], "bad_request", "{why}");
    }

    // Delete archives; the answer shows it as it was, a later GET says archived (36, 37).
    let deleted = api.delete(&format!("{base}/{id}")).await;
    assert_eq!(deleted.status, 200);
    assert_eq!(deleted.body["object"]["archived"], false);
    assert_eq!(deleted.body["object"]["name"], "Hello from the SDK");
    let after = api.get(&format!("{base}/{id}")).await;
    assert_eq!(after.status, 200);
    assert_eq!(after.body["object"]["archived"], true);
    assert!(!api.list(&base).await.iter().any(|o| o["id"] == id.as_str()));

    // Missing things (recordings 40..44).
    assert_retrieve_error(&api.get(&format!("{base}/does-not-exist")).await, "object");
    assert_retrieve_error(
        &api.get(&format!(
            "{base}/bafyreiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        ))
        .await,
        "object",
    );
    assert_retrieve_error(
        &api.patch(&format!("{base}/does-not-exist"), json!({"name": "x"}))
            .await,
        "object",
    );
    assert_retrieve_error(
        &api.delete(&format!("{base}/does-not-exist")).await,
        "object",
    );
    for path in [
        "/objects",
        "/objects/x",
        "/types",
        "/types/x",
        "/types/x/templates",
        "/properties",
        "/properties/x/tags",
        "/members",
        "/members/x",
    ] {
        let answer = api
            .get(&format!("/v1/spaces/bafyreinotaspace.123{path}"))
            .await;
        assert_eq!(answer.status, 404, "{path}");
        assert_eq!(answer.body["code"], "object_not_found", "{path}");
    }
}

#[tokio::test]
async fn list_query_parameters_are_filters() {
    let api = Api::start(1, false).await;
    let space = api.first_space().await;
    let base = format!("/v1/spaces/{space}/objects");
    let names = |items: Vec<Value>| -> Vec<String> {
        items
            .iter()
            .map(|o| o["name"].as_str().unwrap().to_owned())
            .collect()
    };

    let all = api.list(&base).await;
    assert!(all.len() >= 5);
    // Like the real server: a plain `key=value` on text is a case-insensitive substring, `[eq]`
    // is exact; the due date compares instants.
    let first = all[0]["name"].as_str().unwrap().to_owned();
    assert_eq!(
        names(
            api.list(&format!(
                "{base}?name%5Beq%5D={}",
                first.replace(' ', "%20")
            ))
            .await
        ),
        [first]
    );
    let meeting = names(api.list(&format!("{base}?name=MEETING")).await);
    assert_eq!(meeting, ["Meeting notes"]);
    assert!(api
        .list(&format!("{base}?name[eq]=meeting%20notes"))
        .await
        .is_empty());
    let due_later = api.list(&format!("{base}?due_date[gte]=2000-01-01")).await;
    assert_eq!(due_later.len(), 3, "the three demo tasks have a due date");
    let no_due = api.list(&format!("{base}?due_date[empty]=")).await;
    assert_eq!(no_due.len() + due_later.len(), all.len());

    // What the real server refuses on list endpoints: select, multi_select, objects (`type`),
    // number and checkbox values, unknown keys and conditions.
    for (query, message) in [
        ("type=task", "invalid filter at index 0: bad input: condition \"eq\" is not valid for property type \"objects\""),
        ("status=open", "invalid filter at index 0: bad input: condition \"eq\" is not valid for property type \"select\""),
        ("tag[in]=important", "invalid filter at index 0: invalid value for property \"tag\": bad input: property \"tag\" must be an array of tag ids or keys"),
        ("done=true", "invalid filter at index 0: invalid value for property \"done\": bad input: property \"done\" must be a boolean"),
        ("height_in_pixels[gt]=3", "invalid filter at index 0: invalid value for property \"heightInPixels\": bad input: property \"heightInPixels\" must be a number"),
        ("foo=bar", "invalid filter at index 0: failed to resolve property \"foo\": bad input: property \"foo\" not found"),
        ("name[bogus]=x", "bad input: invalid filter key \"name[bogus]\": bad input: unsupported condition: \"bogus\""),
    ] {
        let answer = api.get(&format!("{base}?{query}")).await;
        assert_eq!(answer.status, 400, "{query}: {}", answer.body);
        assert_eq!(answer.body["message"], message, "{query}");
    }

    // Filters on the other lists read the items' names; other fields are not properties.
    let types = api
        .list(&format!("/v1/spaces/{space}/types?name=task"))
        .await;
    assert_eq!(keys(&types), ["task"]);
    let properties = api
        .list(&format!("/v1/spaces/{space}/properties?name[eq]=Status"))
        .await;
    assert_eq!(keys(&properties), ["status"]);
    let editors = api
        .list(&format!("/v1/spaces/{space}/members?name[contains]=editor"))
        .await;
    assert_eq!(editors.len(), 1);
    let bad = api
        .get(&format!("/v1/spaces/{space}/types?layout=action"))
        .await;
    assert_eq!(bad.status, 400);

    // Pagination like the spaces list.
    let page = api.get(&format!("{base}?offset=1&limit=2")).await;
    assert_eq!(page.body["data"].as_array().unwrap().len(), 2);
    assert_eq!(
        page.body["pagination"],
        json!({"total": all.len(), "offset": 1, "limit": 2, "has_more": all.len() > 3})
    );
    for path in [
        base.clone(),
        format!("/v1/spaces/{space}/types"),
        format!("/v1/spaces/{space}/members"),
    ] {
        let bad = api.get(&format!("{path}?limit=0")).await;
        assert_eq!(bad.status, 400);
        assert_eq!(
            bad.body,
            json!({"error": "limit must be between 1 and 1000"})
        );
    }
}

#[tokio::test]
async fn every_write_route_counts_against_the_limit_and_needs_a_key() {
    let api = Api::start(1, true).await;
    let space = api.first_space().await;

    // Without a key: 401 on every new route.
    let anonymous = reqwest::Client::new()
        .get(format!("{}/v1/spaces/{space}/objects", api.sandbox.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);

    let status = api.property_id(&space, "status").await;
    let object = api
        .post(
            &format!("/v1/spaces/{space}/objects"),
            json!({"name": "n", "type_key": "page"}),
        )
        .await;
    assert_eq!(object.status, 201);
    assert!(object.headers.contains_key("ratelimit-remaining"));
    let object_id = object.body["object"]["id"].as_str().unwrap().to_owned();
    let mut limited = false;
    for i in 0..80 {
        let answer = match i % 4 {
            0 => {
                api.patch(
                    &format!("/v1/spaces/{space}/objects/{object_id}"),
                    json!({"name": format!("n{i}")}),
                )
                .await
            }
            1 => {
                api.post(
                    &format!("/v1/spaces/{space}/properties/{status}/tags"),
                    json!({"name": format!("t{i}"), "color": "red"}),
                )
                .await
            }
            2 => {
                api.post(
                    &format!("/v1/spaces/{space}/types"),
                    json!({"name": format!("T{i}"), "plural_name": "Ts", "layout": "basic"}),
                )
                .await
            }
            _ => {
                api.delete(&format!("/v1/spaces/{space}/objects/{object_id}"))
                    .await
            }
        };
        if answer.status == 429 {
            assert!(answer.headers.contains_key("ratelimit-reset"));
            limited = true;
            break;
        }
        assert!(answer.status < 300, "{}", answer.body);
    }
    assert!(limited, "the write limit applies to the new routes");
    // Reads are never limited.
    assert_eq!(
        api.get(&format!("/v1/spaces/{space}/objects")).await.status,
        200
    );
    assert_eq!(
        api.get(&format!("/v1/spaces/{space}/types")).await.status,
        200
    );
}

#[tokio::test]
async fn the_admin_route_adds_benchmark_objects_and_stats_count_the_routes() {
    let api = Api::start(0, false).await;
    let space = api.fresh_space().await;
    let url = format!(
        "{}/_sandbox/spaces/{space}/objects?count=1500&properties=10",
        api.sandbox.url()
    );
    let added = reqwest::Client::new().post(&url).send().await.unwrap();
    assert_eq!(added.status().as_u16(), 201);
    let missing = reqwest::Client::new()
        .post(format!(
            "{}/_sandbox/spaces/nope/objects?count=1",
            api.sandbox.url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status().as_u16(), 404);

    let path = format!("/v1/spaces/{space}/objects");
    let page = api.get(&format!("{path}?limit=1000")).await;
    assert_eq!(page.body["pagination"]["total"], 1500);
    assert_eq!(page.body["pagination"]["has_more"], true);
    let items = page.body["data"].as_array().unwrap();
    assert_eq!(items.len(), 1000);
    let formats: std::collections::HashSet<&str> = items[0]["properties"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["key"].as_str().unwrap().starts_with("bench_"))
        .map(|p| p["format"].as_str().unwrap())
        .collect();
    assert_eq!(
        items[0]["properties"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["key"].as_str().unwrap().starts_with("bench_"))
            .count(),
        10
    );
    for format in [
        "text",
        "number",
        "select",
        "date",
        "checkbox",
        "multi_select",
    ] {
        assert!(formats.contains(format), "{format}");
    }
    assert!(api.sandbox.add_objects(&space, 10, 3));
    assert!(!api.sandbox.add_objects("nope", 10, 3));
    assert_eq!(api.sandbox.request_count("GET", &path), 1);
}
