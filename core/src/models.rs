//! Shared models: icons, open enums and pages.
//!
//! Decoding is lenient where the server is known to drift: unknown fields are ignored, enums keep
//! values they don't know (`Other`), missing optional fields take their defaults, and a `null`
//! list is an empty list.

use serde::{Deserialize, Deserializer, Serialize};

/// The icon of a space, object or type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Icon {
    /// An emoji, e.g. `📄`.
    Emoji {
        /// The emoji.
        emoji: String,
    },
    /// An uploaded image: a file object id or a gateway URL.
    File {
        /// The file id or URL.
        file: String,
    },
    /// A named built-in icon (types only), with an optional colour such as `yellow`.
    Named {
        /// The icon's name, e.g. `document`.
        name: String,
        /// The colour, e.g. `grey`, `yellow`, `blue`; `None` when absent.
        color: Option<String>,
    },
    /// An icon format this SDK does not know yet; `raw` is its JSON.
    Other {
        /// The `format` the server sent.
        format: String,
        /// The icon as JSON text.
        raw: String,
    },
}

impl<'de> Deserialize<'de> for Icon {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let field = |name: &str| value.get(name).and_then(|v| v.as_str()).map(str::to_owned);
        let format = field("format").unwrap_or_default();
        let icon = match (
            format.as_str(),
            field("emoji"),
            field("file"),
            field("name"),
        ) {
            ("emoji", Some(emoji), _, _) => Icon::Emoji { emoji },
            ("file", _, Some(file), _) => Icon::File { file },
            ("icon", _, _, Some(name)) => Icon::Named {
                name,
                color: field("color"),
            },
            _ => Icon::Other {
                format,
                raw: value.to_string(),
            },
        };
        Ok(icon)
    }
}

impl Serialize for Icon {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = match self {
            Icon::Emoji { emoji } => serde_json::json!({"format": "emoji", "emoji": emoji}),
            Icon::File { file } => serde_json::json!({"format": "file", "file": file}),
            Icon::Named { name, color } => {
                serde_json::json!({"format": "icon", "name": name, "color": color})
            }
            Icon::Other { raw, .. } => serde_json::from_str(raw).unwrap_or(serde_json::Value::Null),
        };
        value.serialize(serializer)
    }
}

/// What kind of space a space is (the `object` field). Open: unknown kinds are kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum SpaceKind {
    /// `anytype.space`, an ordinary space.
    #[default]
    Space,
    /// `anytype.chatspace`, a chat space.
    ChatSpace,
    /// `anytype.onetoone`, a one-to-one chat.
    OneToOne,
    /// `anytype.techspace`, the account's technical space.
    TechSpace,
    /// A kind this SDK does not know yet.
    Other(String),
}

impl SpaceKind {
    /// The wire value, e.g. `anytype.space`.
    pub fn as_str(&self) -> &str {
        match self {
            SpaceKind::Space => "anytype.space",
            SpaceKind::ChatSpace => "anytype.chatspace",
            SpaceKind::OneToOne => "anytype.onetoone",
            SpaceKind::TechSpace => "anytype.techspace",
            SpaceKind::Other(value) => value,
        }
    }
}

impl From<&str> for SpaceKind {
    fn from(value: &str) -> Self {
        match value {
            "anytype.space" | "space" => SpaceKind::Space,
            "anytype.chatspace" | "chatspace" => SpaceKind::ChatSpace,
            "anytype.onetoone" | "onetoone" => SpaceKind::OneToOne,
            "anytype.techspace" | "techspace" => SpaceKind::TechSpace,
            other => SpaceKind::Other(other.to_owned()),
        }
    }
}

impl<'de> Deserialize<'de> for SpaceKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Option::<String>::deserialize(deserializer)?;
        Ok(value.as_deref().map(SpaceKind::from).unwrap_or_default())
    }
}

impl Serialize for SpaceKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Where a page sits in the whole result set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Pagination {
    /// Items in the whole result set.
    pub total: u64,
    /// Items skipped before this page.
    pub offset: u64,
    /// The page size that was asked for.
    pub limit: u64,
    /// Whether more items follow this page.
    pub has_more: bool,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Page<T> {
    /// The items of this page (never null; an absent or `null` list decodes as empty).
    #[serde(default = "Vec::new", deserialize_with = "null_as_empty")]
    pub data: Vec<T>,
    /// Where this page sits.
    #[serde(default)]
    pub pagination: Pagination,
}

fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icons_decode_every_shape() {
        let icons: Vec<Option<Icon>> = serde_json::from_str(
            r#"[{"format":"emoji","emoji":"📄"},{"format":"file","file":"bafy"},
                {"format":"icon","name":"document","color":"blue"},{"format":"sticker","id":1},null]"#,
        )
        .unwrap();
        assert_eq!(
            icons[0],
            Some(Icon::Emoji {
                emoji: "📄".into()
            })
        );
        assert_eq!(
            icons[1],
            Some(Icon::File {
                file: "bafy".into()
            })
        );
        assert_eq!(
            icons[2],
            Some(Icon::Named {
                name: "document".into(),
                color: Some("blue".into())
            })
        );
        assert!(matches!(&icons[3], Some(Icon::Other { format, .. }) if format == "sticker"));
        assert_eq!(icons[4], None);
    }

    #[test]
    fn unknown_space_kind_is_kept() {
        let kind: SpaceKind = serde_json::from_str(r#""anytype.future""#).unwrap();
        assert_eq!(kind, SpaceKind::Other("anytype.future".into()));
        assert_eq!(kind.as_str(), "anytype.future");
    }

    #[test]
    fn null_data_is_empty() {
        let page: Page<u8> =
            serde_json::from_str(r#"{"data":null,"pagination":{"total":0}}"#).unwrap();
        assert!(page.data.is_empty());
        assert!(!page.pagination.has_more);
    }
}
