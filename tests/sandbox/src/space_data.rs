//! What lives inside a space: members, types, properties, tags, objects and templates, with the
//! built-in types and properties a new space has on the real server (a fresh headless account:
//! recordings `08-list-types` and `11-list-properties`), and the demo data of the demo spaces.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use rand::Rng;
use serde_json::{json, Map, Value};

use crate::store::random_string;

const BASE32: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";
const BASE58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// The colours a tag (and a named icon) can have.
pub(crate) const COLORS: &[&str] = &[
    "grey", "yellow", "orange", "red", "pink", "purple", "blue", "ice", "teal", "lime",
];

/// The layouts a type can be created with.
pub(crate) const TYPE_LAYOUTS: &[&str] = &["basic", "profile", "action", "note"];

/// Properties the server fills in itself; writing them answers 400.
pub(crate) const RESERVED_PROPERTIES: &[&str] = &[
    "created_date",
    "last_modified_date",
    "creator",
    "last_modified_by",
    "links",
    "backlinks",
    "added_date",
    "last_opened_date",
    "last_message_date",
];

/// An object id like the real server's (`bafyrei` + 52 base32 characters).
pub(crate) fn new_id() -> String {
    format!("bafyrei{}", random_string(BASE32, 52))
}

/// An account identity like the real server's (48 base58 characters).
pub(crate) fn new_identity() -> String {
    format!("A{}", random_string(BASE58, 47))
}

/// Seconds since the Unix epoch.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A property format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    Number,
    Select,
    MultiSelect,
    Date,
    Files,
    Checkbox,
    Url,
    Email,
    Phone,
    Objects,
}

impl Format {
    pub const ALL: [Format; 11] = [
        Format::Text,
        Format::Number,
        Format::Select,
        Format::MultiSelect,
        Format::Date,
        Format::Files,
        Format::Checkbox,
        Format::Url,
        Format::Email,
        Format::Phone,
        Format::Objects,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Number => "number",
            Format::Select => "select",
            Format::MultiSelect => "multi_select",
            Format::Date => "date",
            Format::Files => "files",
            Format::Checkbox => "checkbox",
            Format::Url => "url",
            Format::Email => "email",
            Format::Phone => "phone",
            Format::Objects => "objects",
        }
    }

    pub fn parse(text: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == text)
    }

    pub fn has_tags(self) -> bool {
        matches!(self, Format::Select | Format::MultiSelect)
    }
}

/// A stored property value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    /// text, url, email, phone
    Text(String),
    Number(f64),
    Bool(bool),
    /// Unix seconds
    Date(i64),
    /// a tag id
    Select(String),
    /// tag ids
    Multi(Vec<String>),
    /// files and objects: ids
    Ids(Vec<String>),
}

#[derive(Debug, Clone)]
pub(crate) struct Property {
    pub id: String,
    pub key: String,
    pub name: String,
    pub format: Format,
    pub builtin: bool,
    pub archived: bool,
    /// The key the server uses inside (named in filter errors): the camel case of a built-in's
    /// key (`releasedYear`), 24 hex digits for a property the user made (`6b0eb7cd686c820187d74548`).
    pub internal_key: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Tag {
    pub id: String,
    pub key: String,
    pub name: String,
    pub color: String,
    pub property_id: String,
    pub archived: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Type {
    pub id: String,
    pub key: String,
    pub name: String,
    pub plural_name: String,
    pub icon: Value,
    pub layout: String,
    /// property keys, in order
    pub properties: Vec<String>,
    pub builtin: bool,
    pub archived: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub id: String,
    pub name: String,
    pub identity: String,
    pub global_name: String,
    pub status: String,
    pub role: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Object {
    pub id: String,
    pub name: String,
    pub icon: Value,
    pub archived: bool,
    pub type_id: String,
    /// the body as the server exports it
    pub markdown: String,
    pub values: Vec<(String, Val)>,
    pub created: i64,
    pub modified: i64,
    /// member id
    pub creator: String,
    /// for a template: the id of the type it is a template of
    pub template_of: Option<String>,
    /// changed since it was created (an update, or for a list, objects added or removed)
    pub edited: bool,
}

impl Object {
    pub fn value(&self, key: &str) -> Option<&Val> {
        self.values.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Set (`Some`) or clear (`None`) a value.
    pub fn set_value(&mut self, key: &str, value: Option<Val>) {
        let at = self.values.iter().position(|(k, _)| k == key);
        match (at, value) {
            (Some(at), Some(value)) => self.values[at].1 = value,
            (None, Some(value)) => self.values.push((key.to_owned(), value)),
            (Some(at), None) => {
                self.values.remove(at);
            }
            (None, None) => {}
        }
    }
}

/// Everything inside one space.
pub(crate) struct SpaceData {
    pub space_id: String,
    pub members: Vec<Member>,
    pub types: Vec<Type>,
    pub properties: Vec<Property>,
    pub tags: Vec<Tag>,
    /// objects and templates, oldest first
    pub objects: Vec<Object>,
    /// The views and items of collections and sets, by list object id (see `lists.rs`).
    pub lists: HashMap<String, crate::lists::ListData>,
    property_by_key: HashMap<String, usize>,
    property_by_id: HashMap<String, usize>,
    tag_by_id: HashMap<String, usize>,
    type_by_id: HashMap<String, usize>,
    object_by_id: HashMap<String, usize>,
}

/// The built-in properties of a fresh space (recording 11): key, name, format.
const BUILTIN_PROPERTIES: &[(&str, &str, Format)] = &[
    ("added_date", "Added date", Format::Date),
    ("audio_album", "Album", Format::Text),
    ("artist", "Artist", Format::Text),
    ("backlinks", "Backlinks", Format::Objects),
    ("aperture", "Camera aperture", Format::Text),
    ("exposure", "Camera exposure", Format::Text),
    ("camera", "Camera", Format::Text),
    ("creator", "Created by", Format::Objects),
    ("created_date", "Creation date", Format::Date),
    ("description", "Description", Format::Text),
    ("done", "Done", Format::Checkbox),
    ("file_ext", "File extension", Format::Text),
    ("focal_ratio", "Focal ratio", Format::Number),
    ("audio_genre", "Genre", Format::Text),
    ("height_in_pixels", "Height", Format::Number),
    ("camera_iso", "ISO", Format::Number),
    ("last_message_date", "Last message date", Format::Date),
    ("last_modified_by", "Last modified by", Format::Objects),
    ("last_modified_date", "Last modified date", Format::Date),
    ("last_opened_date", "Last opened date", Format::Date),
    ("links", "Links", Format::Objects),
    ("audio_lyrics", "Lyrics", Format::Text),
    ("released_year", "Released year", Format::Number),
    ("size_in_bytes", "Size", Format::Number),
    ("source", "Source", Format::Url),
    ("tag", "Tag", Format::MultiSelect),
    ("audio_album_track_number", "Track #", Format::Number),
    ("width_in_pixels", "Width", Format::Number),
];

/// The built-in types of a fresh space (recording 08): key, name, plural, icon name, icon colour,
/// layout, the properties between `tag` and `created_date`.
/// key, name, plural name, icon name, icon colour, layout, extra property keys
type BuiltinType = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

const BUILTIN_TYPES: &[BuiltinType] = &[
    (
        "audio",
        "Audio",
        "Audio",
        "musical-notes",
        "pink",
        "basic",
        &["added_date"],
    ),
    (
        "bookmark",
        "Bookmark",
        "Bookmarks",
        "bookmark",
        "red",
        "bookmark",
        &["source"],
    ),
    (
        "chat_derived",
        "Chat",
        "Chats",
        "chatbubble",
        "blue",
        "basic",
        &[],
    ),
    (
        "collection",
        "Collection",
        "Collections",
        "layers",
        "blue",
        "collection",
        &[],
    ),
    (
        "file",
        "File",
        "Files",
        "attach",
        "blue",
        "basic",
        &["added_date"],
    ),
    (
        "image",
        "Image",
        "Images",
        "image",
        "lime",
        "basic",
        &["added_date"],
    ),
    ("page", "Page", "Pages", "document", "ice", "basic", &[]),
    ("set", "Query", "Queries", "search", "purple", "set", &[]),
    (
        "participant",
        "Space member",
        "Space members",
        "person",
        "orange",
        "participant",
        &[],
    ),
    (
        "template",
        "Template",
        "Templates",
        "copy",
        "ice",
        "basic",
        &[],
    ),
    (
        "video",
        "Video",
        "Video",
        "videocam",
        "purple",
        "basic",
        &["added_date"],
    ),
];

/// The member id the real server uses: `_participant_<space id, '.' → '_'>_<identity>`.
pub(crate) fn member_id(space_id: &str, identity: &str) -> String {
    format!("_participant_{}_{identity}", space_id.replace('.', "_"))
}

impl SpaceData {
    /// A space as a fresh headless account has it: the owner and the built-in types and properties.
    pub fn fresh(space_id: &str, owner_identity: &str, owner_name: &str) -> SpaceData {
        let mut data = SpaceData {
            space_id: space_id.to_owned(),
            members: vec![Member {
                id: member_id(space_id, owner_identity),
                name: owner_name.to_owned(),
                identity: owner_identity.to_owned(),
                global_name: String::new(),
                status: "active".into(),
                role: "owner".into(),
            }],
            types: Vec::new(),
            properties: Vec::new(),
            tags: Vec::new(),
            objects: Vec::new(),
            lists: HashMap::new(),
            property_by_key: HashMap::new(),
            property_by_id: HashMap::new(),
            tag_by_id: HashMap::new(),
            type_by_id: HashMap::new(),
            object_by_id: HashMap::new(),
        };
        for (key, name, format) in BUILTIN_PROPERTIES {
            data.add_property(key, name, *format, true);
        }
        for (key, name, plural, icon, color, layout, extra) in BUILTIN_TYPES {
            let mut properties = vec!["backlinks".to_owned(), "tag".to_owned()];
            properties.extend(extra.iter().map(|k| k.to_string()));
            properties.extend(["created_date", "creator", "links"].map(String::from));
            data.add_type(Type {
                id: new_id(),
                key: key.to_string(),
                name: name.to_string(),
                plural_name: plural.to_string(),
                icon: json!({"format": "icon", "name": icon, "color": color}),
                layout: layout.to_string(),
                properties,
                builtin: true,
                archived: false,
            });
        }
        data
    }

    /// The owner's member id.
    pub fn owner_id(&self) -> String {
        self.members[0].id.clone()
    }

    // ----- lookups -----

    pub fn property_by_key(&self, key: &str) -> Option<&Property> {
        self.properties.get(*self.property_by_key.get(key)?)
    }

    pub fn property_at(&self, id: &str) -> Option<usize> {
        self.property_by_id.get(id).copied()
    }

    pub fn tag_at(&self, id: &str) -> Option<usize> {
        self.tag_by_id.get(id).copied()
    }

    pub fn type_at(&self, id: &str) -> Option<usize> {
        self.type_by_id.get(id).copied()
    }

    pub fn object_at(&self, id: &str) -> Option<usize> {
        self.object_by_id.get(id).copied()
    }

    /// A live (not archived) type by key.
    pub fn type_by_key(&self, key: &str) -> Option<&Type> {
        self.types.iter().find(|t| t.key == key && !t.archived)
    }

    /// A live tag of a property, by id or key.
    pub fn find_tag(&self, property_id: &str, id_or_key: &str) -> Option<&Tag> {
        self.tags.iter().find(|t| {
            t.property_id == property_id && !t.archived && (t.id == id_or_key || t.key == id_or_key)
        })
    }

    // ----- adding -----

    pub fn add_property(&mut self, key: &str, name: &str, format: Format, builtin: bool) -> usize {
        let at = self.properties.len();
        let property = Property {
            id: new_id(),
            key: key.to_owned(),
            name: name.to_owned(),
            format,
            builtin,
            archived: false,
            internal_key: if builtin {
                internal_key(key, true)
            } else {
                random_string(b"0123456789abcdef", 24)
            },
        };
        self.property_by_key.insert(property.key.clone(), at);
        self.property_by_id.insert(property.id.clone(), at);
        self.properties.push(property);
        at
    }

    /// Change a property's key, keeping the key index right.
    pub fn rekey_property(&mut self, at: usize, key: &str) {
        let old = std::mem::replace(&mut self.properties[at].key, key.to_owned());
        self.property_by_key.remove(&old);
        self.property_by_key.insert(key.to_owned(), at);
        for object in &mut self.objects {
            for (k, _) in &mut object.values {
                if *k == old {
                    *k = key.to_owned();
                }
            }
        }
        for t in &mut self.types {
            for k in &mut t.properties {
                if *k == old {
                    *k = key.to_owned();
                }
            }
        }
    }

    pub fn add_tag(
        &mut self,
        property_id: &str,
        key: Option<&str>,
        name: &str,
        color: &str,
    ) -> usize {
        let key = match key {
            Some(key) if !key.is_empty() => key.to_owned(),
            _ => self.unique_tag_key(property_id, &key_from_name(name)),
        };
        let at = self.tags.len();
        let tag = Tag {
            id: new_id(),
            key,
            name: name.to_owned(),
            color: color.to_owned(),
            property_id: property_id.to_owned(),
            archived: false,
        };
        self.tag_by_id.insert(tag.id.clone(), at);
        self.tags.push(tag);
        at
    }

    pub fn add_type(&mut self, t: Type) -> usize {
        let at = self.types.len();
        self.type_by_id.insert(t.id.clone(), at);
        self.types.push(t);
        at
    }

    pub fn add_object(&mut self, object: Object) -> usize {
        let at = self.objects.len();
        self.object_by_id.insert(object.id.clone(), at);
        self.objects.push(object);
        at
    }

    /// A key not used yet by a live property (or type, with `types`): `base`, `base_2`, ...
    pub fn unique_property_key(&self, base: &str) -> String {
        unique(base, |k| self.property_by_key.contains_key(k))
    }

    pub fn unique_type_key(&self, base: &str) -> String {
        unique(base, |k| self.types.iter().any(|t| t.key == k))
    }

    fn unique_tag_key(&self, property_id: &str, base: &str) -> String {
        unique(base, |k| {
            self.tags
                .iter()
                .any(|t| t.property_id == property_id && t.key == k)
        })
    }

    /// A new object of type `type_key` (which must exist), created by the owner now.
    pub fn new_object(&self, type_id: &str, name: &str, markdown: &str) -> Object {
        let now = now();
        Object {
            id: new_id(),
            name: name.to_owned(),
            icon: Value::Null,
            archived: false,
            type_id: type_id.to_owned(),
            markdown: normalize_markdown(markdown),
            values: Vec::new(),
            created: now,
            modified: now,
            creator: self.owner_id(),
            template_of: None,
            edited: false,
        }
    }

    // ----- JSON, as the real server writes it -----

    pub fn property_json(p: &Property) -> Value {
        json!({"object": "property", "id": p.id, "key": p.key, "name": p.name, "format": p.format.as_str()})
    }

    pub fn tag_json(t: &Tag) -> Value {
        json!({"object": "tag", "id": t.id, "key": t.key, "name": t.name, "color": t.color})
    }

    pub fn member_json(m: &Member) -> Value {
        json!({
            "object": "member", "id": m.id, "name": m.name, "icon": null, "identity": m.identity,
            "global_name": m.global_name, "status": m.status, "role": m.role,
        })
    }

    pub fn type_json(&self, t: &Type) -> Value {
        let properties: Vec<Value> = t
            .properties
            .iter()
            .filter_map(|k| self.property_by_key(k))
            .map(SpaceData::property_json)
            .collect();
        json!({
            "object": "type", "id": t.id, "key": t.key, "name": t.name, "plural_name": t.plural_name,
            "icon": t.icon, "archived": t.archived, "layout": t.layout, "properties": properties,
        })
    }

    /// A value as read: `{"object": "property", id, key, name, format, <format>: value}`.
    pub fn value_json(&self, p: &Property, value: Option<&Val>) -> Value {
        let rendered = match value {
            None => Value::Null,
            Some(Val::Text(text)) => json!(text),
            Some(Val::Number(n)) => number_json(*n),
            Some(Val::Bool(b)) => json!(b),
            Some(Val::Date(ts)) => json!(format_date(*ts)),
            Some(Val::Select(id)) => self
                .tag_at(id)
                .map(|at| &self.tags[at])
                .filter(|t| !t.archived)
                .map(SpaceData::tag_json)
                .unwrap_or(Value::Null),
            Some(Val::Multi(ids)) => {
                let tags: Vec<Value> = ids
                    .iter()
                    .filter_map(|id| self.tag_at(id).map(|at| &self.tags[at]))
                    .filter(|t| !t.archived)
                    .map(SpaceData::tag_json)
                    .collect();
                if tags.is_empty() {
                    Value::Null
                } else {
                    Value::Array(tags)
                }
            }
            Some(Val::Ids(ids)) if ids.is_empty() => Value::Null,
            Some(Val::Ids(ids)) => json!(ids),
        };
        let mut out = Map::new();
        out.insert("object".into(), json!("property"));
        out.insert("id".into(), json!(p.id));
        out.insert("key".into(), json!(p.key));
        out.insert("name".into(), json!(p.name));
        out.insert("format".into(), json!(p.format.as_str()));
        out.insert(p.format.as_str().into(), rendered);
        Value::Object(out)
    }

    /// An object as listed (`with_body = false`) or fetched (`ObjectWithBody`, with `markdown`).
    pub fn object_json(&self, o: &Object, with_body: bool) -> Value {
        let t = self.type_at(&o.type_id).map(|at| &self.types[at]);
        let mut properties = Vec::with_capacity(o.values.len() + 6);
        let creator = Val::Ids(vec![o.creator.clone()]);
        let system: [(&str, Option<Val>); 6] = [
            ("created_date", Some(Val::Date(o.created))),
            ("last_modified_date", Some(Val::Date(o.modified))),
            ("creator", Some(creator.clone())),
            ("last_modified_by", Some(creator)),
            ("links", Some(Val::Ids(Vec::new()))),
            ("backlinks", Some(Val::Ids(Vec::new()))),
        ];
        // Probed (recording 31): a new collection or set, never changed, has no
        // `last_modified_*` values yet.
        let unedited_list =
            !o.edited && t.is_some_and(|t| matches!(t.layout.as_str(), "collection" | "set"));
        for (key, value) in &system {
            if unedited_list && key.starts_with("last_modified") {
                continue;
            }
            if let Some(p) = self.property_by_key(key) {
                properties.push(self.value_json(p, value.as_ref()));
            }
        }
        for (key, value) in &o.values {
            if let Some(p) = self.property_by_key(key).filter(|p| !p.archived) {
                properties.push(self.value_json(p, Some(value)));
            }
        }
        let layout = match (&o.template_of, t) {
            (Some(target), _) => self
                .type_at(target)
                .map(|at| self.types[at].layout.clone())
                .unwrap_or_else(|| "basic".into()),
            (None, Some(t)) => t.layout.clone(),
            (None, None) => "basic".into(),
        };
        let mut out = Map::new();
        out.insert("object".into(), json!("object"));
        out.insert("id".into(), json!(o.id));
        out.insert("name".into(), json!(o.name));
        out.insert("icon".into(), o.icon.clone());
        out.insert("archived".into(), json!(o.archived));
        out.insert("space_id".into(), json!(self.space_id));
        out.insert("snippet".into(), json!(snippet(&o.markdown)));
        out.insert("layout".into(), json!(layout));
        out.insert(
            "type".into(),
            t.map(|t| self.type_json(t)).unwrap_or(Value::Null),
        );
        out.insert("properties".into(), Value::Array(properties));
        if with_body {
            out.insert("markdown".into(), json!(o.markdown));
        }
        Value::Object(out)
    }

    // ----- demo data -----

    /// Add what a desktop user's space has on top of the built-ins: a task type with status and
    /// due date, more members, a few pages, a bookmark, tasks and a task template.
    pub fn add_demo_data(&mut self, space_name: &str) {
        let day = 24 * 3600;
        let now = now();
        // Members besides the owner.
        for (name, role) in [("Alex Editor", "editor"), ("Sam Viewer", "viewer")] {
            let identity = new_identity();
            self.members.push(Member {
                id: member_id(&self.space_id, &identity),
                name: name.into(),
                identity,
                global_name: String::new(),
                status: "active".into(),
                role: role.into(),
            });
        }
        // Properties and tags.
        let status = self.add_property("status", "Status", Format::Select, true);
        let status_id = self.properties[status].id.clone();
        let open = self.add_tag(&status_id, None, "Open", "red");
        let progress = self.add_tag(&status_id, None, "In progress", "yellow");
        let done_tag = self.add_tag(&status_id, None, "Done", "lime");
        self.add_property("due_date", "Due date", Format::Date, true);
        let tag_id = self
            .property_by_key("tag")
            .map(|p| p.id.clone())
            .unwrap_or_default();
        let important = self.add_tag(&tag_id, None, "Important", "orange");
        let idea = self.add_tag(&tag_id, None, "Idea", "purple");
        let later = self.add_tag(&tag_id, None, "Later", "blue");
        let ids = |s: &SpaceData, at: usize| s.tags[at].id.clone();
        // The task type.
        let task = self.add_type(Type {
            id: new_id(),
            key: "task".into(),
            name: "Task".into(),
            plural_name: "Tasks".into(),
            icon: json!({"format": "icon", "name": "checkbox", "color": "grey"}),
            layout: "action".into(),
            properties: [
                "backlinks",
                "tag",
                "status",
                "due_date",
                "done",
                "created_date",
                "creator",
                "links",
            ]
            .map(String::from)
            .to_vec(),
            builtin: true,
            archived: false,
        });
        let task_id = self.types[task].id.clone();
        let page_id = self
            .type_by_key("page")
            .map(|t| t.id.clone())
            .unwrap_or_default();
        let bookmark_id = self
            .type_by_key("bookmark")
            .map(|t| t.id.clone())
            .unwrap_or_default();
        let template_type_id = self
            .type_by_key("template")
            .map(|t| t.id.clone())
            .unwrap_or_default();

        let mut pages = vec![
            (
                format!("Welcome to {space_name}"),
                "📘",
                format!("# Welcome\n\nThis is the **{space_name}** space of the Anytype sandbox.\n\n- Pages, tasks and bookmarks\n- Try the SDK against it\n"),
                None,
            ),
            (
                "Meeting notes".to_string(),
                "📝",
                "## Agenda\n\n1. Status\n2. Next steps\n\nNotes go here.\n".to_string(),
                Some(vec![ids(self, important)]),
            ),
            (
                "Ideas".to_string(),
                "💡",
                "Things to try some day.\n\n- A reading list\n- A garden planner\n".to_string(),
                Some(vec![ids(self, idea), ids(self, later)]),
            ),
        ];
        for (offset, (name, emoji, markdown, tags)) in pages.drain(..).enumerate() {
            let mut o = self.new_object(&page_id, &name, &markdown);
            o.icon = json!({"format": "emoji", "emoji": emoji});
            o.created = now - (10 - offset as i64) * day;
            o.modified = o.created + 3600;
            if let Some(tags) = tags {
                o.set_value("tag", Some(Val::Multi(tags)));
            }
            if offset == 0 {
                o.set_value("description", Some(Val::Text("Start here".into())));
            }
            self.add_object(o);
        }
        let mut bookmark = self.new_object(&bookmark_id, "Anytype", "");
        bookmark.created = now - 6 * day;
        bookmark.modified = bookmark.created;
        bookmark.set_value("source", Some(Val::Text("https://anytype.io".into())));
        bookmark.set_value(
            "description",
            Some(Val::Text(
                "The everything app for those who celebrate trust & autonomy".into(),
            )),
        );
        self.add_object(bookmark);
        let midnight = now - now.rem_euclid(day);
        let tasks = [
            (
                "Write the quarterly report",
                open,
                3,
                false,
                Some(important),
            ),
            ("Review pull requests", progress, 1, false, None),
            ("Book the venue", done_tag, -2, true, Some(later)),
        ];
        for (i, (name, status_tag, due_in_days, done, tag)) in tasks.into_iter().enumerate() {
            let mut o = self.new_object(&task_id, name, "");
            o.created = now - (5 - i as i64) * day;
            o.modified = o.created + 600;
            o.set_value("status", Some(Val::Select(ids(self, status_tag))));
            o.set_value("due_date", Some(Val::Date(midnight + due_in_days * day)));
            o.set_value("done", Some(Val::Bool(done)));
            if let Some(tag) = tag {
                o.set_value("tag", Some(Val::Multi(vec![ids(self, tag)])));
            }
            self.add_object(o);
        }
        let mut template = self.new_object(
            &template_type_id,
            "Task with checklist",
            "## Steps\n\n- [ ] Plan\n- [ ] Do\n- [ ] Check\n",
        );
        template.template_of = Some(task_id);
        template.created = now - 20 * day;
        template.modified = template.created;
        template.set_value("status", Some(Val::Select(ids(self, open))));
        self.add_object(template);
    }
}

fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|k| !taken(k))
        .unwrap_or_else(|| format!("{base}_{}", random_string(BASE32, 8)))
}

/// A key from a name or a requested key, as the real server makes it: snake case the way Go's
/// `strcase.ToSnake` does (a `_` between lower and upper case, and between letters and digits:
/// `"diff_d42e text"` → `diff_d_42_e_text`, `"In progress"` → `in_progress`), then runs of other
/// characters become one `_`.
pub(crate) fn key_from_name(name: &str) -> String {
    let mut key = String::new();
    for c in to_snake(name.trim()).chars() {
        if c.is_alphanumeric() {
            key.extend(c.to_lowercase());
        } else if !key.ends_with('_') && !key.is_empty() {
            key.push('_');
        }
    }
    let key = key.trim_end_matches('_').to_owned();
    if key.is_empty() {
        format!("key_{}", random_string(BASE32, 8))
    } else {
        key
    }
}

/// `strcase.ToSnake` (iancoleman/strcase): ASCII only, acronyms kept together (`JSONData` →
/// `json_data`), space, `-` and `.` become `_`.
fn to_snake(s: &str) -> String {
    let b = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len() + 4);
    for (i, &c) in b.iter().enumerate() {
        let (cap, low, num) = (
            c.is_ascii_uppercase(),
            c.is_ascii_lowercase(),
            c.is_ascii_digit(),
        );
        let v = c.to_ascii_lowercase();
        if let Some(&next) = b.get(i + 1) {
            let (next_cap, next_low, next_num) = (
                next.is_ascii_uppercase(),
                next.is_ascii_lowercase(),
                next.is_ascii_digit(),
            );
            if (cap && (next_low || next_num))
                || (low && (next_cap || next_num))
                || (num && (next_cap || next_low))
            {
                if cap && next_low && i > 0 && b[i - 1].is_ascii_uppercase() {
                    out.push(b'_');
                }
                out.push(v);
                if low || num || next_num {
                    out.push(b'_');
                }
                continue;
            }
        }
        out.push(if matches!(c, b' ' | b'-' | b'.') {
            b'_'
        } else {
            v
        });
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_lowercase())
}

/// The API's key of a built-in property is the snake case of its internal key (`releasedYear` ↔
/// `released_year`); error messages about filters name the internal one.
pub(crate) fn internal_key(key: &str, builtin: bool) -> String {
    if !builtin {
        return key.to_owned();
    }
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A number as Go's encoder writes a float64: `5`, not `5.0`.
pub(crate) fn number_json(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        json!(n as i64)
    } else {
        json!(n)
    }
}

/// A random value generator for the benchmark objects.
pub(crate) fn random_word() -> &'static str {
    const WORDS: &[&str] = &[
        "alpha", "bravo", "cedar", "delta", "ember", "fjord", "grove", "harbor", "island",
        "juniper", "kestrel", "lagoon", "meadow", "nectar", "orchid", "prairie", "quartz", "river",
        "summit", "tundra",
    ];
    WORDS[rand::rng().random_range(0..WORDS.len())]
}

// ----- dates: Unix seconds ⇄ RFC 3339 UTC -----

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `2026-12-01T07:31:02Z`
pub(crate) fn format_date(ts: i64) -> String {
    let (y, m, d) = civil_from_days(ts.div_euclid(86_400));
    let s = ts.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// RFC 3339 (any offset, sub-seconds dropped) or `YYYY-MM-DD` (midnight UTC) → Unix seconds.
pub(crate) fn parse_date(text: &str) -> Option<i64> {
    let text = text.trim();
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let days = days_from_civil(y, m, d);
    if b.len() == 10 {
        return Some(days * 86_400);
    }
    if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (h, min, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if h > 23 || min > 59 || s > 60 {
        return None;
    }
    let mut rest = &text[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &frac[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let rb = rest.as_bytes();
            if rb.len() != 6 || !matches!(rb[0], b'+' | b'-') || rb[3] != b':' {
                return None;
            }
            let oh: i64 = rest[1..3].parse().ok()?;
            let om: i64 = rest[4..6].parse().ok()?;
            let sign = if rb[0] == b'-' { -1 } else { 1 };
            sign * (oh * 3600 + om * 60)
        }
    };
    Some(days * 86_400 + h * 3600 + min * 60 + s - offset)
}

// ----- markdown -----

/// The body as the real server exports it after an import: blank lines dropped, every block line
/// ending in three spaces (`"# Heading\n\nText\n"` → `"# Heading   \nText   \n"`).
pub(crate) fn normalize_markdown(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 16);
    for line in markdown.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            continue;
        }
        out.push_str(line);
        out.push_str("   \n");
    }
    out
}

/// The plain-text snippet of a body: markup removed, one line per block, at most 200 characters.
pub(crate) fn snippet(markdown: &str) -> String {
    let mut lines = Vec::new();
    for line in markdown.lines() {
        let mut line = line.trim();
        for prefix in [
            "###### ", "##### ", "#### ", "### ", "## ", "# ", "> ", "- [ ] ", "- [x] ", "- ",
            "* ", "+ ",
        ] {
            if let Some(rest) = line.strip_prefix(prefix) {
                line = rest;
                break;
            }
        }
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && line[digits..].starts_with(". ") {
            line = &line[digits + 2..];
        }
        let text = strip_inline(line);
        if !text.is_empty() {
            lines.push(text);
        }
    }
    let text = lines.join("\n");
    match text.char_indices().nth(200) {
        Some((at, _)) => text[..at].to_owned(),
        None => text,
    }
}

/// `**bold**`, `_em_`, `` `code` `` and `[text](url)` → their text.
fn strip_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '*' | '`' | '~' => {}
            '_' if out.is_empty()
                || out.ends_with(' ')
                || line[at + 1..].starts_with(' ')
                || at + 1 == line.len() => {}
            '[' => {
                // A link: keep the text, drop the target.
                if let Some(close) = line[at..].find("](") {
                    if let Some(end) = line[at + close..].find(')') {
                        out.push_str(&strip_inline(&line[at + 1..at + close]));
                        let skip_to = at + close + end;
                        while chars.peek().is_some_and(|(i, _)| *i <= skip_to) {
                            chars.next();
                        }
                        continue;
                    }
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_in_utc_seconds() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2026-12-01T07:31:02Z"), Some(1_796_110_262));
        assert_eq!(format_date(1_796_110_262), "2026-12-01T07:31:02Z");
        assert_eq!(
            parse_date("2026-12-01T09:31:02.789+02:00"),
            parse_date("2026-12-01T07:31:02Z")
        );
        assert_eq!(
            format_date(parse_date("2024-02-29").unwrap()),
            "2024-02-29T00:00:00Z"
        );
        assert_eq!(parse_date("2024-13-01"), None);
        assert_eq!(parse_date("tomorrow"), None);
        assert_eq!(parse_date("2024-01-01T10:00:00"), None);
    }

    #[test]
    fn markdown_and_snippet_like_the_real_server() {
        let body = "# Heading\n\nSome **bold** text and a [link](https://example.com).\n\n- item 1\n- item 2\n";
        let md = normalize_markdown(body);
        assert_eq!(
            md,
            "# Heading   \nSome **bold** text and a [link](https://example.com).   \n- item 1   \n- item 2   \n"
        );
        assert_eq!(
            snippet(&md),
            "Heading\nSome bold text and a link.\nitem 1\nitem 2"
        );
    }

    #[test]
    fn keys_from_names() {
        assert_eq!(key_from_name("In progress"), "in_progress");
        assert_eq!(key_from_name(" SDK Ticket! "), "sdk_ticket");
        assert!(key_from_name("!!!").starts_with("key_"));
        // Like the real server (strcase.ToSnake): letters and digits are split.
        assert_eq!(
            key_from_name("diff_d42e91ef5c_text"),
            "diff_d_42_e_91_ef_5_c_text"
        );
        assert_eq!(
            key_from_name("SDK diff d42e select"),
            "sdk_diff_d_42_e_select"
        );
        assert_eq!(key_from_name("JSONData"), "json_data");
        assert_eq!(key_from_name("sdk_priority"), "sdk_priority");
        assert_eq!(internal_key("released_year", true), "releasedYear");
        assert_eq!(internal_key("my_key", false), "my_key");
    }
}
