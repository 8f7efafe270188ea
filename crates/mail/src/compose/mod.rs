//! Writing mail: the [`Draft`] the compose window edits, the [`Identity`] it is sent
//! as, drafts that answer or pass on a message ([`reply`], [`forward`]), drafts
//! continued from the Drafts folder ([`resume`]), and the bytes ([`build`]). Nothing
//! here touches the network: drafts are saved with `MailStore::save_draft`, copied to
//! the Drafts folder and sent by `outbox`.
//!
//! Header safety is this module's promise: addresses are validated and free text has
//! its line breaks neutralised (`address.rs`), and `build` checks a draft again
//! whatever produced it.

pub mod address;
mod build;
mod draft;
mod reply;
mod resume;
pub mod subject;

pub use address::{Mailbox, header_text, parse_list, parse_one, validate_email};
pub use build::{Built, MAX_ATTACHMENT, build, content_type, from_eml};
pub use draft::{Attachment, Draft, Identity, Origin, OriginKind, new_message_id};
pub use reply::{ForwardKind, Original, ReplyKind, forward, original, quote, reply};
pub use resume::{Resumed, ResumedFile, resume};
