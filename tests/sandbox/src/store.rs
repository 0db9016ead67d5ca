//! The in-memory data: challenges, keys and spaces.

use std::collections::HashMap;

use rand::Rng;
use serde_json::{json, Value};

const BASE32: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

pub(crate) fn random_string(alphabet: &[u8], len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| alphabet[rng.random_range(0..alphabet.len())] as char)
        .collect()
}

/// A stored space.
#[derive(Clone)]
pub(crate) struct SpaceRecord {
    pub id: String,
    pub name: String,
    pub description: String,
    pub emoji: Option<String>,
}

impl SpaceRecord {
    pub fn new(name: String, description: String, emoji: Option<String>) -> Self {
        SpaceRecord {
            id: format!(
                "bafyrei{}.{}",
                random_string(BASE32, 52),
                random_string(b"0123456789abcdefghijklmnopqrstuvwxyz", 13)
            ),
            name,
            description,
            emoji,
        }
    }

    /// The space as the server serialises it.
    pub fn to_json(&self) -> Value {
        json!({
            "object": "space",
            "id": self.id,
            "name": self.name,
            "icon": self.emoji.as_ref().map(|e| json!({"format": "emoji", "emoji": e})),
            "description": self.description,
            "gateway_url": "http://127.0.0.1:31006",
            "network_id": "N83gJpVd9MuNRZAuJLZ7LiMntTThhPc6DtzWWVjb1M3PouVU",
        })
    }

    /// The value of a filterable field.
    pub fn field(&self, key: &str) -> Option<&str> {
        match key {
            "id" => Some(&self.id),
            "name" => Some(&self.name),
            "description" => Some(&self.description),
            _ => None,
        }
    }
}

/// Everything the sandbox stores.
#[derive(Default)]
pub(crate) struct Store {
    /// challenge id → (app name, code)
    pub challenges: HashMap<String, (String, String)>,
    pub keys: HashMap<String, String>,
    pub spaces: Vec<SpaceRecord>,
    pub index: HashMap<String, usize>,
}

impl Store {
    pub fn add_space(&mut self, space: SpaceRecord) -> &SpaceRecord {
        let at = self.spaces.len();
        self.index.insert(space.id.clone(), at);
        self.spaces.push(space);
        &self.spaces[at]
    }

    pub fn space_mut(&mut self, id: &str) -> Option<&mut SpaceRecord> {
        let at = *self.index.get(id)?;
        self.spaces.get_mut(at)
    }

    pub fn space(&self, id: &str) -> Option<&SpaceRecord> {
        self.spaces.get(*self.index.get(id)?)
    }

    pub fn new_key(&mut self, app_name: &str) -> String {
        let key = format!(
            "anytype_{}_{}",
            random_string(ALNUM, 48),
            random_string(b"0123456789abcdef", 8)
        );
        self.keys.insert(key.clone(), app_name.to_owned());
        key
    }
}
