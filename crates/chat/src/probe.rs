//! The Matrix probe: `/whoami` with the stored token; only when there is none, or the
//! server no longer accepts it, a password login whose token is stored at once.

use crate::ChatError;
use serde_json::{Value, json};
use std::time::Duration;
use url::Url;
use werkbank_net::Net;

/// Where the access token lives (the OS keyring, through the account layer).
pub trait TokenStore: Send + Sync {
    fn token(&self) -> Result<Option<String>, String>;
    fn set_token(&self, token: &str) -> Result<(), String>;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixReport {
    pub user_id: String,
    pub device_id: Option<String>,
    /// True when this probe had to log in (and so created the account's one device).
    pub logged_in: bool,
}

pub async fn probe(
    net: &Net,
    homeserver: &Url,
    user: &str,
    password: Option<&str>,
    tokens: &dyn TokenStore,
) -> Result<MatrixReport, ChatError> {
    let host = homeserver.host_str().unwrap_or_default().to_string();
    let store_error = |reason: String| ChatError::TokenStore { reason };
    if let Some(token) = tokens.token().map_err(store_error)? {
        match whoami(net, homeserver, &token).await? {
            // A token is only this account's if it belongs to this user (a token left by
            // an earlier account of the same id for another user is not).
            Some((user_id, device_id)) if user_id.starts_with(&format!("@{user}:")) => {
                return Ok(MatrixReport {
                    user_id,
                    device_id,
                    logged_in: false,
                });
            }
            Some((other, _)) => {
                tracing::info!(%host, %other, "stored Matrix token is another user's; logging in")
            }
            None => tracing::info!(%host, "stored Matrix token no longer valid; logging in again"),
        }
    }
    let password = password.ok_or_else(|| ChatError::PasswordUnavailable {
        reason: "the stored access token is missing or expired and no password is known".into(),
    })?;
    let login = call(
        net,
        homeserver,
        reqwest::Method::POST,
        "/_matrix/client/v3/login",
        None,
        Some(json!({
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": user},
            "password": password,
            "initial_device_display_name": "Werkbank",
        })),
    )
    .await?;
    let (status, body) = login;
    if status == 403 || status == 401 {
        return Err(ChatError::AuthFailed {
            host,
            user: user.into(),
        });
    }
    if status != 200 {
        return Err(ChatError::Protocol {
            host,
            reason: format!("login answered {status}"),
        });
    }
    let token = body["access_token"]
        .as_str()
        .ok_or_else(|| ChatError::Protocol {
            host: host.clone(),
            reason: "login reply without access_token".into(),
        })?;
    tokens.set_token(token).map_err(store_error)?;
    let (user_id, device_id) =
        whoami(net, homeserver, token)
            .await?
            .ok_or_else(|| ChatError::Protocol {
                host,
                reason: "a fresh token was refused".into(),
            })?;
    Ok(MatrixReport {
        user_id,
        device_id,
        logged_in: true,
    })
}

/// `Some((user_id, device_id))`, or `None` when the token is not (or no longer) valid.
async fn whoami(
    net: &Net,
    homeserver: &Url,
    token: &str,
) -> Result<Option<(String, Option<String>)>, ChatError> {
    let (status, body) = call(
        net,
        homeserver,
        reqwest::Method::GET,
        "/_matrix/client/v3/account/whoami",
        Some(token),
        None,
    )
    .await?;
    match status {
        200 => {
            let user_id = body["user_id"].as_str().unwrap_or_default().to_string();
            let device_id = body["device_id"].as_str().map(str::to_string);
            Ok(Some((user_id, device_id)))
        }
        401 => Ok(None),
        other => Err(ChatError::Protocol {
            host: homeserver.host_str().unwrap_or_default().into(),
            reason: format!("whoami answered {other}"),
        }),
    }
}

async fn call(
    net: &Net,
    homeserver: &Url,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Result<(u16, Value), ChatError> {
    let host = homeserver.host_str().unwrap_or_default().to_string();
    let url = homeserver.join(path).map_err(|e| ChatError::Protocol {
        host: host.clone(),
        reason: e.to_string(),
    })?;
    let mut request = net
        .http()
        .request(method, &url)?
        .timeout(Duration::from_secs(30));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = net.http().send(request, &url).await?;
    let status = response.status().as_u16();
    let body = response.json::<Value>().await.unwrap_or(Value::Null);
    Ok((status, body))
}

/// Logs the device of `token` out (the homeserver deletes the device and its keys).
/// An already invalid token counts as logged out.
pub async fn logout(net: &Net, homeserver: &Url, token: &str) -> Result<(), ChatError> {
    let (status, _) = call(
        net,
        homeserver,
        reqwest::Method::POST,
        "/_matrix/client/v3/logout",
        Some(token),
        Some(json!({})),
    )
    .await?;
    match status {
        200 | 401 => Ok(()),
        other => Err(ChatError::Protocol {
            host: homeserver.host_str().unwrap_or_default().into(),
            reason: format!("logout answered {other}"),
        }),
    }
}
