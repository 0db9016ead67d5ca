//! The README's search example, run against the sandbox: its result must equal the set this test
//! computes from the tasks it made, and the README must show exactly the code run here.

mod common;

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use anytype_core::{
    AnytypeClient, Color, CreateObjectRequest, CreateTagRequest, Object, PropertyInput, Result,
};

use common::{client, sandbox};

/// The README's example, verbatim between the markers (indentation aside).
async fn readme_search(
    client: &AnytypeClient,
    space_id: &str,
    friday: SystemTime,
    (urgent, errands): (&str, &str),
) -> Result<Vec<Object>> {
    // README: begin
    use anytype_core::{Filter, SearchRequest, Sort, SortProperty};

    // Every task that is not done, due before Friday, tagged urgent or errands, newest first.
    let request = SearchRequest {
        types: vec!["task".into()],
        filter: Some(
            Filter::checkbox("done").eq(false)
                & Filter::date("due_date").lt(friday)
                & Filter::multi_select("tag").any_of([urgent, errands]),
        ),
        sort: Some(Sort::desc(SortProperty::CreatedDate)),
        ..SearchRequest::default()
    };
    let tasks = client.objects(space_id).search_all(&request, 100).await?;
    // README: end
    Ok(tasks)
}

#[test]
fn the_readme_shows_the_code_this_test_runs() {
    let source = include_str!("readme.rs");
    let start = source.find("// README: begin\n").expect("begin marker") + 17;
    let end = source.find("    // README: end").expect("end marker");
    let snippet: Vec<&str> = source[start..end].lines().map(str::trim).collect();
    let readme = include_str!("../README.md");
    let readme: Vec<&str> = readme.lines().map(str::trim).collect();
    let found = readme
        .windows(snippet.len())
        .any(|window| window == snippet.as_slice());
    assert!(
        found,
        "core/README.md must show the search example as run here:\n{}",
        snippet.join("\n")
    );
}

#[tokio::test]
async fn the_readme_search_finds_exactly_the_tasks_it_describes() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    // The first demo space has a task type with `done`, `due_date` and `tag`.
    let space = client.spaces().list(0, 1).await.unwrap().data[0].id.clone();
    let tag_property = client
        .properties(&space)
        .list_all(100)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.key == "tag")
        .expect("a tag property");
    let tags = client.tags(&space, &tag_property.id);
    let mut ids = Vec::new();
    for name in ["urgent-readme", "errands-readme", "someday-readme"] {
        ids.push(
            tags.create(&CreateTagRequest::new(name, Color::Red))
                .await
                .unwrap()
                .id,
        );
    }
    let now = SystemTime::now();
    let day = Duration::from_secs(86_400);
    let friday = now + 4 * day;
    // (name, done, due in days, tags by index)
    let made: [(&str, bool, Option<u32>, &[usize]); 7] = [
        ("open, due soon, urgent", false, Some(1), &[0]),
        (
            "open, due soon, errands and someday",
            false,
            Some(2),
            &[1, 2],
        ),
        ("done, due soon, urgent", true, Some(1), &[0]),
        ("open, due later, urgent", false, Some(9), &[0]),
        ("open, due soon, someday only", false, Some(1), &[2]),
        ("open, no due date, errands", false, None, &[1]),
        ("open, due soon, no tags", false, Some(3), &[]),
    ];
    let mut expected = BTreeSet::new();
    for (name, done, due, tag_indexes) in made {
        let mut properties = vec![PropertyInput::Checkbox {
            key: "done".into(),
            checked: done,
        }];
        if let Some(days) = due {
            properties.push(PropertyInput::Date {
                key: "due_date".into(),
                date: now + days * day,
            });
        }
        if !tag_indexes.is_empty() {
            properties.push(PropertyInput::MultiSelect {
                key: "tag".into(),
                tags: tag_indexes.iter().map(|i| ids[*i].clone()).collect(),
            });
        }
        let object = client
            .objects(&space)
            .create(&CreateObjectRequest {
                name: Some(name.into()),
                properties,
                ..CreateObjectRequest::new("task")
            })
            .await
            .unwrap();
        // The test's own reading of the example: not done, due before Friday (a task without a
        // due date sorts below every date, as on the real server), tagged urgent or errands.
        let due_before = due.is_none_or(|d| now + d * day < friday);
        if !done && due_before && tag_indexes.iter().any(|i| *i < 2) {
            expected.insert(object.id);
        }
    }
    let found = readme_search(&client, &space, friday, (&ids[0], &ids[1]))
        .await
        .unwrap();
    let found_ids: BTreeSet<String> = found.iter().map(|o| o.id.clone()).collect();
    assert_eq!(found_ids, expected);
    assert_eq!(expected.len(), 3);
    // Newest first.
    let created: Vec<SystemTime> = found
        .iter()
        .map(|o| o.date("created_date").expect("a created date"))
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "{created:?}");
}
