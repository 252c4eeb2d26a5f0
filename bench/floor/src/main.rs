//! `floor URL N`: N sequential admin_get_user POSTs to the canned responder over one
//! keep-alive connection, on a current-thread tokio runtime; prints JSON with the client CPU
//! per call (this thread's, from /proc/thread-self/schedstat: everything runs on it) and the
//! median latency. The request carries the headers the AWS SDK sends, with made-up values of
//! the same sizes (SigV4 `authorization`, `x-amz-date`, `user-agent`...); nothing is signed,
//! and the response body is collected but not parsed.

use std::time::Instant;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or("usage: floor URL N")?;
    let n: usize = args.next().ok_or("usage: floor URL N")?.parse()?;
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let body = Bytes::from_static(br#"{"UserPoolId":"us-east-1_bench","Username":"bench"}"#);
    let auth = format!(
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261129/us-east-1/cognito-idp/aws4_request, \
         SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-target;x-amz-user-agent, \
         Signature={}",
        "0".repeat(64)
    );
    let call = || {
        let request = Request::post(&url)
            .header("content-type", "application/x-amz-json-1.1")
            .header("x-amz-target", "AWSCognitoIdentityProviderService.AdminGetUser")
            .header("content-length", body.len())
            .header("x-amz-user-agent", "aws-sdk-rust/1.3.10 api/cognitoidentityprovider/1.144.0 os/linux lang/rust/1.94.0")
            .header("user-agent", "aws-sdk-rust/1.3.10 ua/2.1 api/cognitoidentityprovider/1.144.0 os/linux lang/rust/1.94.0 m/E,b")
            .header("x-amz-date", "20261129T120000Z")
            .header("authorization", auth.as_str())
            .header("amz-sdk-invocation-id", "0b9a2f5e-6c1d-4e8f-9a7b-3c2d1e0f4a5b")
            .header("amz-sdk-request", "attempt=1; max=3")
            .body(Full::new(body.clone()));
        let client = &client;
        async move {
            let response = client.request(request?).await?;
            if !response.status().is_success() {
                return Err(format!("status {}", response.status()).into());
            }
            let got = response.into_body().collect().await?.to_bytes();
            Ok::<usize, Box<dyn std::error::Error>>(got.len())
        }
    };
    call().await?; // connects
    let mut latencies = Vec::with_capacity(n);
    let (cpu0, wall0) = (thread_cpu_ns(), Instant::now());
    for _ in 0..n {
        let t = Instant::now();
        call().await?;
        latencies.push(t.elapsed().as_secs_f64());
    }
    let (cpu, wall) = (thread_cpu_ns() - cpu0, wall0.elapsed().as_secs_f64());
    latencies.sort_by(f64::total_cmp);
    println!(
        "{{\"latency_ms\": {}, \"cpu_ms_per_call\": {}, \"per_second\": {}}}",
        latencies[n / 2] * 1e3,
        cpu as f64 / n as f64 / 1e6,
        n as f64 / wall
    );
    Ok(())
}
