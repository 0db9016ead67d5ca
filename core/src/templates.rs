//! Templates: the objects a type's new objects can start from.
//!
//! ```no_run
//! # async fn demo(client: anytype_core::AnytypeClient, space: &str, type_id: &str) -> anytype_core::Result<()> {
//! for template in client.templates(space, type_id).list_all(100).await? {
//!     println!("{}", template.name);
//! }
//! # Ok(()) }
//! ```

use std::sync::Arc;

use crate::error::Result;
use crate::http::Transport;
use crate::models::page_record;
use crate::objects::Object;
use crate::resource::{paging_reads, Collection};

page_record!(
    /// One page of templates (objects).
    TemplatePage of Object, matching Some(crate::filters::object_matches)
);

/// The templates of one type. Get one from
/// [`AnytypeClient::templates`](crate::AnytypeClient::templates).
#[derive(Clone, Debug)]
pub struct Templates {
    items: Collection,
}

impl Templates {
    pub(crate) fn new(transport: Arc<Transport>, space_id: &str, type_id: &str) -> Self {
        Templates {
            items: Collection::new(
                transport,
                space_id,
                Some(("types", "type_id", type_id)),
                "templates",
            ),
        }
    }

    paging_reads!(TemplatePage, Object, "templates");

    /// The template `template_id`.
    pub async fn get(&self, template_id: &str) -> Result<Object> {
        self.items.get("template_id", template_id, &[]).await
    }
}
