//! The autoconfig parser reads documents from web servers we do not control: any bytes
//! must give a document or an `AutoconfigError`, never a panic, and what it accepts
//! must turn into services without panicking either.

#![no_main]

use libfuzzer_sys::fuzz_target;
use werkbank_account::discovery::{Source, autoconfig, autoconfig_service};

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = autoconfig::parse(data) {
        for server in &doc.servers {
            let service = autoconfig_service(server, "alice@example.test", Source::Autoconfig);
            assert!(service.port != 0, "port 0 accepted");
            assert!(!service.host.is_empty(), "empty host accepted");
        }
    }
});
