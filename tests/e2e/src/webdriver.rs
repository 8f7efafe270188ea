//! A minimal W3C WebDriver client: just what the end-to-end tests use (sessions,
//! elements by CSS selector, clicks, typing, text, screenshots, scripts). tauri-driver
//! speaks this protocol on loopback and forwards it to WebKitWebDriver.

use base64::Engine;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// The W3C key for an element reference in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

#[derive(Debug, Clone)]
pub struct Session {
    client: reqwest::Client,
    base: String,
}

#[derive(Debug, Clone)]
pub struct Element {
    id: String,
}

impl Session {
    /// Opens a session with the given capabilities (e.g. `tauri:options`).
    pub async fn new(server: &str, capabilities: Value) -> Result<Session, String> {
        let client = reqwest::Client::builder()
            .no_proxy()
            .build()
            .map_err(|e| e.to_string())?;
        let reply = post(
            &client,
            &format!("{server}/session"),
            json!({ "capabilities": { "alwaysMatch": capabilities } }),
        )
        .await?;
        let id = reply["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no sessionId in {reply}"))?;
        Ok(Session {
            client,
            base: format!("{server}/session/{id}"),
        })
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        let url = format!("{}{path}", self.base);
        let mut request = self.client.request(method.clone(), &url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| format!("{method} {path}: {e}"))?;
        let status = response.status();
        let value: Value = response
            .json()
            .await
            .map_err(|e| format!("{method} {path}: {e}"))?;
        if status.is_success() {
            Ok(value["value"].clone())
        } else {
            Err(format!("{method} {path}: {status} {}", value["value"]))
        }
    }

    /// The first element matching `css`, waiting up to `timeout` for it to appear.
    pub async fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element, String> {
        let deadline = Instant::now() + timeout;
        loop {
            let found = self
                .call(
                    reqwest::Method::POST,
                    "/element",
                    Some(json!({"using": "css selector", "value": css})),
                )
                .await;
            match found {
                Ok(value) => {
                    let id = value[ELEMENT_KEY]
                        .as_str()
                        .ok_or_else(|| format!("bad element {value}"))?;
                    return Ok(Element { id: id.to_string() });
                }
                Err(e) if Instant::now() > deadline => {
                    return Err(format!("{css} did not appear: {e}"));
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        }
    }

    /// Waits until the page's text contains `needle` (generous ceiling, no fixed sleeps).
    pub async fn wait_for_text(&self, needle: &str, timeout: Duration) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        loop {
            let text = self
                .execute(
                    "return document.body ? document.body.innerText : ''",
                    json!([]),
                )
                .await?;
            if text.as_str().is_some_and(|t| t.contains(needle)) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "the page never showed {needle:?}; it shows:\n{}",
                    text.as_str().unwrap_or_default()
                ));
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    pub async fn click(&self, element: &Element) -> Result<(), String> {
        self.call(
            reqwest::Method::POST,
            &format!("/element/{}/click", element.id),
            Some(json!({})),
        )
        .await
        .map(|_| ())
    }

    pub async fn type_into(&self, element: &Element, text: &str) -> Result<(), String> {
        self.call(
            reqwest::Method::POST,
            &format!("/element/{}/value", element.id),
            Some(json!({ "text": text })),
        )
        .await
        .map(|_| ())
    }

    pub async fn text(&self, element: &Element) -> Result<String, String> {
        let value = self
            .call(
                reqwest::Method::GET,
                &format!("/element/{}/text", element.id),
                None,
            )
            .await?;
        Ok(value.as_str().unwrap_or_default().to_string())
    }

    pub async fn execute(&self, script: &str, args: Value) -> Result<Value, String> {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
        .await
    }

    /// A PNG of the window, written to `path`.
    pub async fn screenshot(&self, path: &std::path::Path) -> Result<(), String> {
        let value = self.call(reqwest::Method::GET, "/screenshot", None).await?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(value.as_str().unwrap_or_default())
            .map_err(|e| format!("screenshot: {e}"))?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(path, png).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub async fn close(self) -> Result<(), String> {
        self.call(reqwest::Method::DELETE, "", None)
            .await
            .map(|_| ())
    }
}

async fn post(client: &reqwest::Client, url: &str, body: Value) -> Result<Value, String> {
    let response = client
        .post(url)
        .json(&body)
        .send()
        .await
        .map_err(|e| format!("POST {url}: {e}"))?;
    let status = response.status();
    let value: Value = response
        .json()
        .await
        .map_err(|e| format!("POST {url}: {e}"))?;
    if status.is_success() {
        Ok(value["value"].clone())
    } else {
        Err(format!("POST {url}: {status} {value}"))
    }
}
