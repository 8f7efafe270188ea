//! A real Matrix client-server API client (through Apache's TLS proxy), for seeding
//! rooms and checking what the server holds. Werkbank's own chat uses matrix-sdk.

use crate::{Harness, User};
use serde_json::{Value, json};

pub const HOMESERVER: &str = "https://matrix.example.test";

/// A logged-in device of a harness user.
#[derive(Debug)]
pub struct MatrixSession {
    pub user_id: String,
    pub device_id: String,
    access_token: String,
    client: reqwest::Client,
}

/// Logs in with the password (this creates a device; [`MatrixSession::logout`] removes it).
pub async fn login(user: User) -> Result<MatrixSession, String> {
    let h = Harness::get();
    let client = crate::tls::http_client(h);
    let reply = call(
        &client,
        None,
        reqwest::Method::POST,
        "/_matrix/client/v3/login",
        Some(json!({
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": user.name()},
            "password": h.password(user),
            "initial_device_display_name": "werkbank harness",
        })),
    )
    .await?;
    let field = |k: &str| {
        reply[k]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("login reply lacks {k}: {reply}"))
    };
    Ok(MatrixSession {
        user_id: field("user_id")?,
        device_id: field("device_id")?,
        access_token: field("access_token")?,
        client,
    })
}

async fn call(
    client: &reqwest::Client,
    token: Option<&str>,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> Result<Value, String> {
    let mut request = client.request(method.clone(), format!("{HOMESERVER}{path}"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request
        .send()
        .await
        .map_err(|e| format!("{method} {path}: {e:?}"))?;
    let status = response.status();
    let value: Value = response.json().await.unwrap_or(Value::Null);
    if status.is_success() {
        Ok(value)
    } else {
        Err(format!("{method} {path}: {status} {value}"))
    }
}

impl MatrixSession {
    pub async fn get(&self, path: &str) -> Result<Value, String> {
        call(
            &self.client,
            Some(&self.access_token),
            reqwest::Method::GET,
            path,
            None,
        )
        .await
    }

    pub async fn post(&self, path: &str, body: Value) -> Result<Value, String> {
        call(
            &self.client,
            Some(&self.access_token),
            reqwest::Method::POST,
            path,
            Some(body),
        )
        .await
    }

    pub async fn put(&self, path: &str, body: Value) -> Result<Value, String> {
        call(
            &self.client,
            Some(&self.access_token),
            reqwest::Method::PUT,
            path,
            Some(body),
        )
        .await
    }

    /// Creates a private room and invites `invite` (user IDs); returns the room ID.
    pub async fn create_room(
        &self,
        name: &str,
        alias: Option<&str>,
        invite: &[String],
    ) -> Result<String, String> {
        let mut body = json!({"name": name, "preset": "private_chat", "invite": invite});
        if let Some(alias) = alias {
            body["room_alias_name"] = json!(alias);
        }
        let reply = self.post("/_matrix/client/v3/createRoom", body).await?;
        reply["room_id"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("createRoom reply lacks room_id: {reply}"))
    }

    pub async fn join(&self, room_id: &str) -> Result<(), String> {
        self.post(
            &format!("/_matrix/client/v3/join/{}", encode(room_id)),
            json!({}),
        )
        .await
        .map(|_| ())
    }

    /// Sends a text message; returns its event ID.
    pub async fn send_text(&self, room_id: &str, text: &str) -> Result<String, String> {
        let txn = crate::mail::unique_id();
        let reply = self
            .put(
                &format!(
                    "/_matrix/client/v3/rooms/{}/send/m.room.message/{txn}",
                    encode(room_id)
                ),
                json!({"msgtype": "m.text", "body": text}),
            )
            .await?;
        reply["event_id"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("send reply lacks event_id: {reply}"))
    }

    /// The bodies of the newest text messages in a room, newest first.
    pub async fn recent_texts(&self, room_id: &str) -> Result<Vec<String>, String> {
        let reply = self
            .get(&format!(
                "/_matrix/client/v3/rooms/{}/messages?dir=b&limit=50",
                encode(room_id)
            ))
            .await?;
        Ok(reply["chunk"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["type"] == "m.room.message")
            .filter_map(|e| e["content"]["body"].as_str().map(str::to_string))
            .collect())
    }

    /// The user's devices (each password login adds one).
    pub async fn devices(&self) -> Result<Vec<String>, String> {
        let reply = self.get("/_matrix/client/v3/devices").await?;
        Ok(reply["devices"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| d["device_id"].as_str().map(str::to_string))
            .collect())
    }

    /// Logs out, which deletes this device on the server.
    pub async fn logout(self) -> Result<(), String> {
        self.post("/_matrix/client/v3/logout", json!({}))
            .await
            .map(|_| ())
    }
}

/// Percent-encodes a path segment (room IDs and aliases contain `!`, `#` and `:`).
pub fn encode(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
