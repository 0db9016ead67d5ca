//! Shared models: icons, open enums, JSON values and pages.
//!
//! Decoding is lenient where the server is known to drift: unknown fields are ignored, enums keep
//! values they don't know (`Other`), missing optional fields take their defaults, and a `null`
//! list is an empty list.
//!
//! Every model here is also the model the Python, Kotlin and Swift packages see: with the
//! `uniffi` feature each one derives its UniFFI record or enum right where it is defined, so no
//! field is declared twice. Counts are `i64` (signed in every language).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

/// A JSON value, for the parts of the API this SDK passes through without a model.
///
/// In Rust it is a [`serde_json::Value`]; the other languages see it as JSON text (`str`,
/// `String`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JsonValue(pub serde_json::Value);

#[cfg(feature = "uniffi")]
uniffi::custom_type!(JsonValue, String, {
    lower: |value| value.0.to_string(),
    try_lift: |text| Ok(JsonValue(serde_json::from_str(&text)?)),
});

/// The icon of a space, object or type.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
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
        /// The icon as the server sent it.
        raw: JsonValue,
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
                raw: JsonValue(value),
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
            Icon::Other { raw, .. } => raw.0.clone(),
        };
        value.serialize(serializer)
    }
}

/// What kind of space a space is (the `object` field). Open: unknown kinds are kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
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
    Other {
        /// The value the server sent.
        value: String,
    },
}

impl SpaceKind {
    /// The wire value, e.g. `anytype.space`.
    pub fn as_str(&self) -> &str {
        match self {
            SpaceKind::Space => "anytype.space",
            SpaceKind::ChatSpace => "anytype.chatspace",
            SpaceKind::OneToOne => "anytype.onetoone",
            SpaceKind::TechSpace => "anytype.techspace",
            SpaceKind::Other { value } => value,
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
            other => SpaceKind::Other {
                value: other.to_owned(),
            },
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

/// Defines an open enum: known wire values as unit variants, and `Other { value }` for a value
/// this SDK doesn't know yet (kept, never an error). `null` or an absent field decodes as the
/// first variant given as the default.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident, default $default:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this SDK does not know yet, kept as the server sent it.
            Other {
                /// The wire value.
                value: String,
            },
        }

        impl $name {
            /// Every known value, in the API's order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),*];

            /// The wire value, e.g. `multi_select`.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )*
                    $name::Other { value } => value,
                }
            }

            /// Whether this is one of the values this SDK knows.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other { .. })
            }

            /// The known wire values, for error messages.
            pub fn known_values() -> String {
                [$($wire),*].join(", ")
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name::$default
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => $name::$variant, )*
                    other => $name::Other { value: other.to_owned() },
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = Option::<String>::deserialize(deserializer)?;
                Ok(value.as_deref().map($name::from).unwrap_or_default())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}
pub(crate) use open_enum;

open_enum!(
    /// The colour of a tag or a named icon.
    Color, default Grey {
        /// `grey`
        Grey = "grey",
        /// `yellow`
        Yellow = "yellow",
        /// `orange`
        Orange = "orange",
        /// `red`
        Red = "red",
        /// `pink`
        Pink = "pink",
        /// `purple`
        Purple = "purple",
        /// `blue`
        Blue = "blue",
        /// `ice`
        Ice = "ice",
        /// `teal`
        Teal = "teal",
        /// `lime`
        Lime = "lime",
    }
);

open_enum!(
    /// The format of a property: what kind of value it holds.
    PropertyFormat, default Text {
        /// Plain text.
        Text = "text",
        /// A number.
        Number = "number",
        /// One tag of the property's tags.
        Select = "select",
        /// Several tags of the property's tags.
        MultiSelect = "multi_select",
        /// A date (and time).
        Date = "date",
        /// Uploaded files (file object ids).
        Files = "files",
        /// A checkbox.
        Checkbox = "checkbox",
        /// A URL.
        Url = "url",
        /// An e-mail address.
        Email = "email",
        /// A phone number.
        Phone = "phone",
        /// Links to other objects (object ids).
        Objects = "objects",
    }
);

open_enum!(
    /// The layout of an object or a type.
    Layout, default Basic {
        /// An ordinary page.
        Basic = "basic",
        /// A profile (a person).
        Profile = "profile",
        /// A task with a checkbox.
        Action = "action",
        /// A note without a title.
        Note = "note",
        /// A bookmark of a web page.
        Bookmark = "bookmark",
        /// A set (a query).
        Set = "set",
        /// A collection (a list of objects).
        Collection = "collection",
        /// A space member.
        Participant = "participant",
    }
);

/// Where a page sits in the whole result set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(default)]
pub struct Pagination {
    /// Items in the whole result set.
    pub total: i64,
    /// Items skipped before this page.
    pub offset: i64,
    /// The page size that was asked for.
    pub limit: i64,
    /// Whether more items follow this page.
    pub has_more: bool,
}

/// One page of a list endpoint: implemented by every `*Page` record (e.g. [`SpacePage`](crate::SpacePage)).
pub trait Page: DeserializeOwned + Send + 'static {
    /// The type of the items.
    type Item: Send + 'static;
    /// Where this page sits.
    fn pagination(&self) -> &Pagination;
    /// How many items this page holds.
    fn len(&self) -> usize;
    /// Whether this page holds no item.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The items, in order.
    fn into_items(self) -> Vec<Self::Item>;
    /// Keeps the items `keep` says yes to.
    fn retain(&mut self, keep: impl FnMut(&Self::Item) -> bool);
    /// How the SDK evaluates a filter on one item, for the lists whose items it can evaluate
    /// (objects); `None` for the others.
    const MATCHES: Option<fn(&Self::Item, &crate::Filter) -> bool> = None;
}

/// Defines the page record of one item type (e.g. `SpacePage` of `Space`): `data` (never
/// null; an absent or `null` list decodes as empty) and `pagination`. One concrete record per
/// item type, because UniFFI records can't be generic.
macro_rules! page_record {
    ($(#[$meta:meta])* $name:ident of $item:ty) => {
        crate::models::page_record!($(#[$meta])* $name of $item, matching None);
    };
    ($(#[$meta:meta])* $name:ident of $item:ty, matching $matches:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
        pub struct $name {
            /// The items of this page.
            #[serde(default, deserialize_with = "crate::models::null_as_empty")]
            pub data: Vec<$item>,
            /// Where this page sits in the whole list.
            #[serde(default)]
            pub pagination: crate::models::Pagination,
        }

        impl crate::models::Page for $name {
            type Item = $item;
            fn pagination(&self) -> &crate::models::Pagination {
                &self.pagination
            }
            fn len(&self) -> usize {
                self.data.len()
            }
            fn into_items(self) -> Vec<$item> {
                self.data
            }
            fn retain(&mut self, keep: impl FnMut(&$item) -> bool) {
                self.data.retain(keep)
            }
            const MATCHES: Option<fn(&$item, &crate::Filter) -> bool> = $matches;
        }
    };
}
pub(crate) use page_record;

/// Decodes an absent or `null` list as an empty one.
pub(crate) fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// Decodes an absent or `null` string as an empty one.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
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
        assert_eq!(
            kind,
            SpaceKind::Other {
                value: "anytype.future".into()
            }
        );
        assert_eq!(kind.as_str(), "anytype.future");
    }

    crate::models::page_record!(
        /// A page of numbers, for the test.
        NumberPage of u8
    );

    #[test]
    fn null_data_is_empty() {
        let page: NumberPage =
            serde_json::from_str(r#"{"data":null,"pagination":{"total":0}}"#).unwrap();
        assert!(page.data.is_empty());
        assert!(!page.pagination.has_more);
        let page: NumberPage = serde_json::from_str(r#"{}"#).unwrap();
        assert_eq!(page.len(), 0);
    }
}
