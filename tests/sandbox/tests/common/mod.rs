//! What the sandbox's HTTP tests share: a sandbox with a key, and requests that answer status,
//! content type, headers and JSON body.
#![allow(dead_code)]

use anytype_sandbox::{Sandbox, SandboxConfig};
use reqwest::Method;
use serde_json::{json, Value};

pub struct Api {
    pub sandbox: Sandbox,
    pub http: reqwest::Client,
    pub key: String,
}

pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Api {
    pub async fn start(demo_spaces: usize, rate_limit: bool) -> Api {
        let sandbox = Sandbox::start(SandboxConfig {
            auth_code: Some("1234".into()),
            demo_spaces,
            rate_limit,
            ..Default::default()
        })
        .await
        .expect("sandbox starts");
        let key = sandbox.issue_key();
        Api {
            sandbox,
            http: reqwest::Client::new(),
            key,
        }
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.sandbox.url()))
            .bearer_auth(&self.key)
            .header("Anytype-Version", "2025-11-08");
        if let Some(body) = body {
            request = request.json(&body);
        }
        Self::answer(request).await
    }

    /// A POST with a raw body (for bad JSON).
    pub async fn post_raw(&self, path: &str, body: &str) -> Answer {
        let request = self
            .http
            .post(format!("{}{path}", self.sandbox.url()))
            .bearer_auth(&self.key)
            .header("content-type", "application/json")
            .body(body.to_owned());
        Self::answer(request).await
    }

    async fn answer(request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.expect("request answered");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let text = response.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Answer {
            status,
            content_type,
            body,
            headers,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Answer {
        self.call(Method::PATCH, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.call(Method::DELETE, path, None).await
    }

    /// A new space, as a fresh headless account has it.
    pub async fn fresh_space(&self) -> String {
        let answer = self.post("/v1/spaces", json!({"name": "fresh"})).await;
        assert_eq!(answer.status, 201);
        answer.body["space"]["id"].as_str().unwrap().to_owned()
    }

    pub async fn first_space(&self) -> String {
        let answer = self.get("/v1/spaces").await;
        answer.body["data"][0]["id"].as_str().unwrap().to_owned()
    }

    /// Every item of a list (one page of up to 1000).
    pub async fn list(&self, path: &str) -> Vec<Value> {
        let sep = if path.contains('?') { '&' } else { '?' };
        let answer = self.get(&format!("{path}{sep}limit=1000")).await;
        assert_eq!(answer.status, 200, "{path}: {}", answer.body);
        answer.body["data"].as_array().unwrap().clone()
    }

    pub async fn type_id(&self, space: &str, key: &str) -> String {
        self.list(&format!("/v1/spaces/{space}/types"))
            .await
            .iter()
            .find(|t| t["key"] == key)
            .unwrap_or_else(|| panic!("type {key}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn property_id(&self, space: &str, key: &str) -> String {
        self.list(&format!("/v1/spaces/{space}/properties"))
            .await
            .iter()
            .find(|p| p["key"] == key)
            .unwrap_or_else(|| panic!("property {key}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}
