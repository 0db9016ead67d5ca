//! Property values: what an object's properties hold.
//!
//! * On read, [`PropertyValue`] carries the property and its [`Value`], a union tagged by the
//!   property's format: `select` is a full [`Tag`], `multi_select` a list of tags, a `null` list is
//!   empty, dates are [`SystemTime`]s (parsed from the server's RFC 3339 and date-only forms).
//! * On write, [`PropertyInput`] has one variant per format plus [`PropertyInput::Clear`] (sent
//!   as `null`); `select`/`multi_select` take tag ids or keys; dates are sent as RFC 3339 in UTC.
//!   [`PropertyInput::check`] rejects bad values before anything is sent.
//!
//! ```
//! use anytype_core::{PropertyInput, Value};
//! let due = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_800_000_000);
//! let input = PropertyInput::Date { key: "due_date".into(), date: due };
//! assert_eq!(serde_json::to_string(&input).unwrap(), r#"{"key":"due_date","date":"2027-01-15T08:00:00Z"}"#);
//! ```

use std::time::SystemTime;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, Time};

use crate::error::{Error, Result};
use crate::models::{JsonValue, PropertyFormat};
use crate::tags::Tag;

/// A property of an object, with its value.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PropertyValue {
    /// The property id.
    pub id: String,
    /// The property key, e.g. `due_date`.
    pub key: String,
    /// The property's name, e.g. `Due date`.
    pub name: String,
    /// The property's format.
    pub format: PropertyFormat,
    /// The value.
    pub value: Value,
}

/// The value of a property, by format. Empty values are empty (`""`, `[]`) or `None`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Value {
    /// Text.
    Text {
        /// The text (empty when unset).
        text: String,
    },
    /// A number.
    Number {
        /// The number, `None` when unset.
        number: Option<f64>,
    },
    /// One tag.
    Select {
        /// The tag, `None` when unset.
        tag: Option<Tag>,
    },
    /// Several tags.
    MultiSelect {
        /// The tags (empty when unset).
        tags: Vec<Tag>,
    },
    /// A date and time (UTC, whole seconds).
    Date {
        /// The date, `None` when unset.
        date: Option<SystemTime>,
    },
    /// Files (file object ids).
    Files {
        /// The file ids (empty when unset).
        files: Vec<String>,
    },
    /// A checkbox.
    Checkbox {
        /// Whether it is checked (unset reads as unchecked).
        checked: bool,
    },
    /// A URL.
    Url {
        /// The URL (empty when unset).
        url: String,
    },
    /// An e-mail address.
    Email {
        /// The address (empty when unset).
        email: String,
    },
    /// A phone number.
    Phone {
        /// The number (empty when unset).
        phone: String,
    },
    /// Links to other objects.
    Objects {
        /// The object ids (empty when unset).
        objects: Vec<String>,
    },
    /// A format this SDK does not know yet, or a value it could not read.
    Other {
        /// The format the server sent.
        format: String,
        /// The value as the server sent it.
        raw: JsonValue,
    },
}

/// The RFC 3339 form the SDK sends (UTC, whole seconds, `Z`): `2026-12-01T09:30:00Z`.
pub fn format_date(date: SystemTime) -> Result<String> {
    let date = OffsetDateTime::from(date);
    let date = date.replace_nanosecond(0).unwrap_or(date);
    date.format(&Rfc3339)
        .map_err(|e| Error::invalid("date", format!("can't be written as RFC 3339: {e}")))
}

/// A date from the server: RFC 3339 (`2026-12-01T09:30:00Z`, any offset) or date-only
/// (`2026-12-01`, midnight UTC).
pub fn parse_date(text: &str) -> Option<SystemTime> {
    let text = text.trim();
    if let Ok(date) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(date.into());
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text, &format)
        .ok()
        .map(|date| date.with_time(Time::MIDNIGHT).assume_utc().into())
}

impl<'de> Deserialize<'de> for PropertyValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_map(PropertyValueVisitor)
    }
}

struct PropertyValueVisitor;

/// The fields of one property value as they arrive, before the format picks the variant.
#[derive(Default)]
struct Fields {
    id: String,
    key: String,
    name: String,
    format: PropertyFormat,
    /// The value fields that were present: (field name, value).
    values: Vec<(String, serde_json::Value)>,
}

impl<'de> Visitor<'de> for PropertyValueVisitor {
    type Value = PropertyValue;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a property value object")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<PropertyValue, A::Error> {
        let mut fields = Fields::default();
        while let Some(name) = map.next_key::<String>()? {
            match name.as_str() {
                "id" => fields.id = map.next_value::<Option<String>>()?.unwrap_or_default(),
                "key" => fields.key = map.next_value::<Option<String>>()?.unwrap_or_default(),
                "name" => fields.name = map.next_value::<Option<String>>()?.unwrap_or_default(),
                "format" => fields.format = map.next_value()?,
                "object" => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
                _ => {
                    let value = map.next_value::<serde_json::Value>()?;
                    fields.values.push((name, value));
                }
            }
        }
        let format = fields.format.as_str();
        let raw = fields
            .values
            .into_iter()
            .find(|(name, _)| name == format)
            .map(|(_, value)| value)
            .unwrap_or(serde_json::Value::Null);
        let value = Value::from_wire(&fields.format, raw);
        Ok(PropertyValue {
            id: fields.id,
            key: fields.key,
            name: fields.name,
            format: fields.format,
            value,
        })
    }
}

impl Value {
    /// The value of a property of `format` from its JSON (`null` is empty).
    fn from_wire(format: &PropertyFormat, raw: serde_json::Value) -> Value {
        use serde_json::Value as J;
        fn text(raw: &J) -> Option<String> {
            match raw {
                J::Null => Some(String::new()),
                J::String(s) => Some(s.clone()),
                _ => None,
            }
        }
        fn ids(raw: &J) -> Option<Vec<String>> {
            match raw {
                J::Null => Some(Vec::new()),
                J::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().map(str::to_owned))
                    .collect(),
                _ => None,
            }
        }
        let parsed = match format {
            PropertyFormat::Text => text(&raw).map(|text| Value::Text { text }),
            PropertyFormat::Url => text(&raw).map(|url| Value::Url { url }),
            PropertyFormat::Email => text(&raw).map(|email| Value::Email { email }),
            PropertyFormat::Phone => text(&raw).map(|phone| Value::Phone { phone }),
            PropertyFormat::Number => match &raw {
                J::Null => Some(Value::Number { number: None }),
                J::Number(n) => n.as_f64().map(|n| Value::Number { number: Some(n) }),
                _ => None,
            },
            PropertyFormat::Checkbox => match &raw {
                J::Null => Some(Value::Checkbox { checked: false }),
                J::Bool(checked) => Some(Value::Checkbox { checked: *checked }),
                _ => None,
            },
            PropertyFormat::Date => match &raw {
                J::Null => Some(Value::Date { date: None }),
                J::String(s) if s.is_empty() => Some(Value::Date { date: None }),
                J::String(s) => parse_date(s).map(|date| Value::Date { date: Some(date) }),
                _ => None,
            },
            PropertyFormat::Select => match &raw {
                J::Null => Some(Value::Select { tag: None }),
                J::Object(_) => Tag::deserialize(&raw)
                    .ok()
                    .map(|tag| Value::Select { tag: Some(tag) }),
                _ => None,
            },
            PropertyFormat::MultiSelect => match &raw {
                J::Null => Some(Value::MultiSelect { tags: Vec::new() }),
                J::Array(_) => Vec::<Tag>::deserialize(&raw)
                    .ok()
                    .map(|tags| Value::MultiSelect { tags }),
                _ => None,
            },
            PropertyFormat::Files => ids(&raw).map(|files| Value::Files { files }),
            PropertyFormat::Objects => ids(&raw).map(|objects| Value::Objects { objects }),
            PropertyFormat::Other { .. } => None,
        };
        parsed.unwrap_or_else(|| Value::Other {
            format: format.as_str().to_owned(),
            raw: JsonValue(raw),
        })
    }
}

impl Serialize for PropertyValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("key", &self.key)?;
        map.serialize_entry("name", &self.name)?;
        map.serialize_entry("format", &self.format)?;
        let field = self.format.as_str();
        match &self.value {
            Value::Text { text } => map.serialize_entry(field, text)?,
            Value::Url { url } => map.serialize_entry(field, url)?,
            Value::Email { email } => map.serialize_entry(field, email)?,
            Value::Phone { phone } => map.serialize_entry(field, phone)?,
            Value::Number { number } => map.serialize_entry(field, number)?,
            Value::Checkbox { checked } => map.serialize_entry(field, checked)?,
            Value::Date { date } => {
                let text = date
                    .map(format_date)
                    .transpose()
                    .map_err(serde::ser::Error::custom)?;
                map.serialize_entry(field, &text)?
            }
            Value::Select { tag } => map.serialize_entry(field, tag)?,
            Value::MultiSelect { tags } => map.serialize_entry(field, tags)?,
            Value::Files { files } => map.serialize_entry(field, files)?,
            Value::Objects { objects } => map.serialize_entry(field, objects)?,
            Value::Other { raw, .. } => map.serialize_entry(field, &raw.0)?,
        }
        map.end()
    }
}

/// A property value to write (create or update an object): one variant per format, plus
/// [`Clear`](PropertyInput::Clear). The server picks the format by the field that is present.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum PropertyInput {
    /// Set a text property (the server trims it).
    Text {
        /// The property key.
        key: String,
        /// The text.
        text: String,
    },
    /// Set a number property.
    Number {
        /// The property key.
        key: String,
        /// The number (finite).
        number: f64,
    },
    /// Set a select property to one tag.
    Select {
        /// The property key.
        key: String,
        /// The tag's id or key.
        tag: String,
    },
    /// Set a multi-select property to these tags.
    MultiSelect {
        /// The property key.
        key: String,
        /// The tags' ids or keys (empty clears it).
        tags: Vec<String>,
    },
    /// Set a date property (sent as RFC 3339 in UTC; the server keeps whole seconds).
    Date {
        /// The property key.
        key: String,
        /// The date and time.
        date: SystemTime,
    },
    /// Set a files property.
    Files {
        /// The property key.
        key: String,
        /// File object ids.
        files: Vec<String>,
    },
    /// Set a checkbox.
    Checkbox {
        /// The property key.
        key: String,
        /// Checked or not.
        checked: bool,
    },
    /// Set a URL property.
    Url {
        /// The property key.
        key: String,
        /// An absolute URL.
        url: String,
    },
    /// Set an e-mail property.
    Email {
        /// The property key.
        key: String,
        /// The address.
        email: String,
    },
    /// Set a phone property.
    Phone {
        /// The property key.
        key: String,
        /// The number.
        phone: String,
    },
    /// Set an objects property (links to other objects).
    Objects {
        /// The property key.
        key: String,
        /// Object ids.
        objects: Vec<String>,
    },
    /// Clear the property (sent as `null` under its format).
    Clear {
        /// The property key.
        key: String,
        /// The property's format.
        format: PropertyFormat,
    },
}

impl PropertyInput {
    /// The property key.
    pub fn key(&self) -> &str {
        match self {
            PropertyInput::Text { key, .. }
            | PropertyInput::Number { key, .. }
            | PropertyInput::Select { key, .. }
            | PropertyInput::MultiSelect { key, .. }
            | PropertyInput::Date { key, .. }
            | PropertyInput::Files { key, .. }
            | PropertyInput::Checkbox { key, .. }
            | PropertyInput::Url { key, .. }
            | PropertyInput::Email { key, .. }
            | PropertyInput::Phone { key, .. }
            | PropertyInput::Objects { key, .. }
            | PropertyInput::Clear { key, .. } => key,
        }
    }

    /// The format this value is for.
    pub fn format(&self) -> PropertyFormat {
        match self {
            PropertyInput::Text { .. } => PropertyFormat::Text,
            PropertyInput::Number { .. } => PropertyFormat::Number,
            PropertyInput::Select { .. } => PropertyFormat::Select,
            PropertyInput::MultiSelect { .. } => PropertyFormat::MultiSelect,
            PropertyInput::Date { .. } => PropertyFormat::Date,
            PropertyInput::Files { .. } => PropertyFormat::Files,
            PropertyInput::Checkbox { .. } => PropertyFormat::Checkbox,
            PropertyInput::Url { .. } => PropertyFormat::Url,
            PropertyInput::Email { .. } => PropertyFormat::Email,
            PropertyInput::Phone { .. } => PropertyFormat::Phone,
            PropertyInput::Objects { .. } => PropertyFormat::Objects,
            PropertyInput::Clear { format, .. } => format.clone(),
        }
    }

    /// Check the value before anything is sent; `field` names it in the error
    /// (e.g. `properties[2]`).
    pub fn check(&self, field: &str) -> Result<()> {
        let key = self.key();
        if key.trim().is_empty() {
            return Err(Error::invalid(format!("{field}.key"), "must not be empty"));
        }
        let invalid = |detail: String| {
            Err(Error::invalid(
                format!("{field} ({key}, {})", self.format()),
                detail,
            ))
        };
        match self {
            PropertyInput::Number { number, .. } if !number.is_finite() => {
                invalid(format!("a number must be finite, got {number}"))
            }
            PropertyInput::Select { tag, .. } if tag.trim().is_empty() => {
                invalid("the tag id or key must not be empty".into())
            }
            PropertyInput::MultiSelect { tags, .. } if tags.iter().any(|t| t.trim().is_empty()) => {
                invalid("a tag id or key must not be empty".into())
            }
            PropertyInput::Files { files: ids, .. }
            | PropertyInput::Objects { objects: ids, .. }
                if ids.iter().any(|id| id.trim().is_empty()) =>
            {
                invalid("an id must not be empty".into())
            }
            PropertyInput::Url { url, .. } => match url::Url::parse(url.trim()) {
                Ok(parsed) if parsed.has_host() || parsed.scheme() == "mailto" => Ok(()),
                _ => invalid(format!("{url:?} is not an absolute URL")),
            },
            PropertyInput::Email { email, .. } => {
                let parts: Vec<&str> = email.trim().split('@').collect();
                if parts.len() == 2 && !parts[0].is_empty() && parts[1].contains('.') {
                    Ok(())
                } else {
                    invalid(format!("{email:?} is not an e-mail address"))
                }
            }
            PropertyInput::Date { date, .. } => format_date(*date)
                .map(|_| ())
                .or_else(|_| invalid("the date is outside the years 0 to 9999".into())),
            PropertyInput::Clear { format, .. } if !format.is_known() => invalid(format!(
                "unknown property format {:?}; one of {}",
                format.as_str(),
                PropertyFormat::known_values()
            )),
            _ => Ok(()),
        }
    }
}

impl Serialize for PropertyInput {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("key", self.key())?;
        let format = self.format();
        let field = format.as_str();
        match self {
            PropertyInput::Text { text, .. } => map.serialize_entry(field, text.trim())?,
            PropertyInput::Number { number, .. } => map.serialize_entry(field, number)?,
            PropertyInput::Select { tag, .. } => map.serialize_entry(field, tag)?,
            PropertyInput::MultiSelect { tags, .. } => map.serialize_entry(field, tags)?,
            PropertyInput::Date { date, .. } => {
                let text = format_date(*date).map_err(serde::ser::Error::custom)?;
                map.serialize_entry(field, &text)?
            }
            PropertyInput::Files { files, .. } => map.serialize_entry(field, files)?,
            PropertyInput::Checkbox { checked, .. } => map.serialize_entry(field, checked)?,
            PropertyInput::Url { url, .. } => map.serialize_entry(field, url.trim())?,
            PropertyInput::Email { email, .. } => map.serialize_entry(field, email.trim())?,
            PropertyInput::Phone { phone, .. } => map.serialize_entry(field, phone.trim())?,
            PropertyInput::Objects { objects, .. } => map.serialize_entry(field, objects)?,
            PropertyInput::Clear { .. } => map.serialize_entry(field, &serde_json::Value::Null)?,
        }
        map.end()
    }
}

/// Check every value of a request (`properties[i]`).
pub(crate) fn check_inputs(inputs: &[PropertyInput]) -> Result<()> {
    for (i, input) in inputs.iter().enumerate() {
        input.check(&format!("properties[{i}]"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn values_decode_by_format() {
        let values: Vec<PropertyValue> = serde_json::from_str(
            r#"[{"object":"property","id":"p1","key":"due_date","name":"Due","format":"date","date":"2026-12-01T07:31:02Z"},
                {"id":"p2","key":"links","name":"Links","format":"objects","objects":null},
                {"id":"p3","key":"status","name":"Status","format":"select","select":{"object":"tag","id":"t1","key":"open","name":"Open","color":"red"}},
                {"id":"p4","key":"tag","name":"Tag","format":"multi_select","multi_select":null},
                {"id":"p5","key":"d","name":"D","format":"date","date":"2026-12-01"},
                {"id":"p6","key":"n","name":"N","format":"number","number":2.5},
                {"id":"p7","key":"x","name":"X","format":"hologram","hologram":{"a":1}},
                {"id":"p8","key":"c","name":"C","format":"checkbox","checkbox":null}]"#,
        )
        .unwrap();
        assert_eq!(
            values[0].value,
            Value::Date {
                date: Some(UNIX_EPOCH + Duration::from_secs(1_796_110_262))
            }
        );
        assert_eq!(values[1].value, Value::Objects { objects: vec![] });
        match &values[2].value {
            Value::Select { tag: Some(tag) } => {
                assert_eq!(tag.key, "open");
                assert_eq!(tag.color, crate::Color::Red);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(values[3].value, Value::MultiSelect { tags: vec![] });
        assert_eq!(
            values[4].value,
            Value::Date {
                date: Some(UNIX_EPOCH + Duration::from_secs(1_796_083_200))
            }
        );
        assert_eq!(values[5].value, Value::Number { number: Some(2.5) });
        assert!(
            matches!(&values[6].value, Value::Other { format, raw } if format == "hologram" && raw.0["a"] == 1)
        );
        assert_eq!(values[6].format.as_str(), "hologram");
        assert_eq!(values[7].value, Value::Checkbox { checked: false });
    }

    #[test]
    fn inputs_encode_one_field_per_format() {
        let inputs = vec![
            PropertyInput::Text {
                key: "t".into(),
                text: "  hi ".into(),
            },
            PropertyInput::MultiSelect {
                key: "tag".into(),
                tags: vec!["a".into(), "b".into()],
            },
            PropertyInput::Clear {
                key: "tag".into(),
                format: PropertyFormat::MultiSelect,
            },
            PropertyInput::Date {
                key: "due".into(),
                date: UNIX_EPOCH + Duration::from_millis(1_500),
            },
        ];
        assert_eq!(
            serde_json::to_string(&inputs).unwrap(),
            r#"[{"key":"t","text":"hi"},{"key":"tag","multi_select":["a","b"]},{"key":"tag","multi_select":null},{"key":"due","date":"1970-01-01T00:00:01Z"}]"#
        );
    }

    #[test]
    fn bad_inputs_are_rejected() {
        let bad = [
            PropertyInput::Text {
                key: " ".into(),
                text: "x".into(),
            },
            PropertyInput::Number {
                key: "n".into(),
                number: f64::NAN,
            },
            PropertyInput::Url {
                key: "u".into(),
                url: "not a url".into(),
            },
            PropertyInput::Email {
                key: "e".into(),
                email: "nobody".into(),
            },
            PropertyInput::Select {
                key: "s".into(),
                tag: "".into(),
            },
            PropertyInput::Clear {
                key: "c".into(),
                format: PropertyFormat::from("dtae"),
            },
        ];
        for input in bad {
            let err = input.check("properties[0]").unwrap_err();
            assert!(
                matches!(err, Error::InvalidInput { .. }),
                "{input:?}: {err:?}"
            );
        }
        let err = PropertyInput::Clear {
            key: "c".into(),
            format: PropertyFormat::from("dtae"),
        }
        .check("properties[0]")
        .unwrap_err();
        assert!(
            err.to_string().contains("dtae") && err.to_string().contains("multi_select"),
            "{err}"
        );
    }
}
