//! The generated client and server, talking over loopback through real tonic transports.

#![deny(warnings)]

use std::net::SocketAddr;
use std::pin::Pin;
use std::time::Duration;

use codegen_e2e::generated::e2e::common::v1::Point;
use codegen_e2e::generated::e2e::echo::v1::echo_client::{EchoClient, EchoClientApi};
use codegen_e2e::generated::e2e::echo::v1::echo_server::{self, Echo, EchoServer};
use codegen_e2e::generated::e2e::echo::v1::empty_client::EmptyClient;
use codegen_e2e::generated::e2e::echo::v1::empty_server::{Empty, EmptyServer};
use codegen_e2e::generated::e2e::echo::v1::{EchoRequest, EchoResponse};
use codegen_e2e::generated::e2e::editions::v1::{Closed, Tree};
use tokio_stream::{Stream, StreamExt};
use tonic::codec::CompressionEncoding;
use tonic::{Code, Request, Response, Status, Streaming};

type EchoStream = Pin<Box<dyn Stream<Item = Result<EchoResponse, Status>> + Send>>;

struct EchoImpl;

fn reply<T>(request: &Request<T>, message: String, index: u32) -> EchoResponse {
    EchoResponse {
        message,
        authorization: request
            .metadata()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string(),
        index,
        ..EchoResponse::default()
    }
}

impl Echo for EchoImpl {
    type ServerStreamStream = EchoStream;
    type BidiStream = EchoStream;

    async fn unary(&self, request: Request<EchoRequest>) -> Result<Response<EchoResponse>, Status> {
        let r = request.get_ref();
        if r.delay_ms > 0 {
            tokio::time::sleep(Duration::from_millis(u64::from(r.delay_ms))).await;
        }
        if r.fail_with != 0 {
            return Err(Status::new(Code::from(r.fail_with), "asked to fail"));
        }
        let mut out = reply(&request, r.message.clone(), 0);
        out.point = r.point.clone();
        out.tree = r.tree.clone();
        Ok(Response::new(out))
    }

    async fn server_stream(
        &self,
        request: Request<EchoRequest>,
    ) -> Result<Response<Self::ServerStreamStream>, Status> {
        let items: Vec<Result<EchoResponse, Status>> = (0..3)
            .map(|i| Ok(reply(&request, request.get_ref().message.clone(), i)))
            .collect();
        Ok(Response::new(Box::pin(tokio_stream::iter(items))))
    }

    async fn client_stream(
        &self,
        request: Request<Streaming<EchoRequest>>,
    ) -> Result<Response<EchoResponse>, Status> {
        let mut joined = Vec::new();
        let mut stream = request.into_inner();
        while let Some(m) = stream.next().await {
            joined.push(m?.message);
        }
        Ok(Response::new(EchoResponse {
            message: joined.join(","),
            ..EchoResponse::default()
        }))
    }

    async fn bidi(
        &self,
        request: Request<Streaming<EchoRequest>>,
    ) -> Result<Response<Self::BidiStream>, Status> {
        let stream = request.into_inner();
        let out = stream.map(|m| {
            m.map(|m| EchoResponse {
                message: m.message.to_uppercase(),
                ..EchoResponse::default()
            })
        });
        Ok(Response::new(Box::pin(out)))
    }

    async fn ping(&self, _request: Request<()>) -> Result<Response<()>, Status> {
        Ok(Response::new(()))
    }

    async fn connect(
        &self,
        request: Request<EchoRequest>,
    ) -> Result<Response<EchoResponse>, Status> {
        Ok(Response::new(reply(&request, "connect".into(), 0)))
    }

    async fn r#type(
        &self,
        request: Request<EchoRequest>,
    ) -> Result<Response<EchoResponse>, Status> {
        Ok(Response::new(reply(&request, "type".into(), 0)))
    }
}

/// Only the default (UNIMPLEMENTED) method bodies.
struct Nothing;
impl Empty for Nothing {}

/// Set when the server saw a gzip-compressed request.
static SAW_GZIP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn check_auth(request: Request<()>) -> Result<Request<()>, Status> {
    if request
        .metadata()
        .get("grpc-encoding")
        .is_some_and(|v| v == "gzip")
    {
        SAW_GZIP.store(true, std::sync::atomic::Ordering::SeqCst);
    }
    match request.metadata().get("authorization") {
        Some(v) if v == "Bearer secret" => Ok(request),
        _ => Err(Status::unauthenticated("no valid token")),
    }
}

async fn serve() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let echo = EchoServer::new(EchoImpl)
        .accept_compressed(CompressionEncoding::Gzip)
        .send_compressed(CompressionEncoding::Gzip);
    let echo = tonic::service::interceptor::InterceptedService::new(echo, check_auth);
    tokio::spawn(async move {
        tonic::transport::Server::builder()
            .add_service(echo)
            .add_service(EmptyServer::new(Nothing))
            .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener))
            .await
            .unwrap();
    });
    addr
}

fn authorized<T>(message: T) -> Request<T> {
    let mut r = Request::new(message);
    r.metadata_mut()
        .insert("authorization", "Bearer secret".parse().unwrap());
    r
}

fn echo_request(message: &str) -> EchoRequest {
    EchoRequest {
        message: message.to_string(),
        ..EchoRequest::default()
    }
}

#[tokio::test]
async fn every_rpc_shape_over_loopback() {
    let addr = serve().await;
    let mut client = EchoClient::connect(format!("http://{addr}")).await.unwrap();

    // Unary, with cross-package and editions types surviving the round trip.
    let tree = Tree {
        implicit_count: 0,
        explicit_count: Some(0),
        required_count: 7,
        closed: Some(Closed::Two as i32),
        packed: vec![1, 2, 3],
        expanded: vec![4, 5],
        child: Some(Box::new(Tree {
            name: "leaf".into(),
            ..Tree::default()
        })),
        counts: [("a".to_string(), 1)].into_iter().collect(),
        name: "root".into(),
    };
    let mut req = echo_request("hi");
    req.point = Some(Point {
        x: 1,
        y: 2,
        label: Some("p".into()),
    });
    req.tree = Some(tree.clone());
    let resp = client.unary(authorized(req)).await.unwrap().into_inner();
    assert_eq!(resp.message, "hi");
    assert_eq!(resp.authorization, "Bearer secret");
    assert_eq!(resp.point.unwrap().label.as_deref(), Some("p"));
    assert_eq!(resp.tree.as_ref(), Some(&tree));
    // Closed enums default to their first value, as in proto2.
    assert_eq!(Tree::default().closed(), Closed::One);

    // Server streaming.
    let stream = client
        .server_stream(authorized(echo_request("s")))
        .await
        .unwrap()
        .into_inner();
    let got: Vec<u32> = stream.map(|r| r.unwrap().index).collect().await;
    assert_eq!(got, vec![0, 1, 2]);

    // Client streaming.
    let mut outbound = authorized(tokio_stream::iter(vec![
        echo_request("a"),
        echo_request("b"),
        echo_request("c"),
    ]));
    outbound
        .metadata_mut()
        .insert("x-extra", "1".parse().unwrap());
    let resp = client.client_stream(outbound).await.unwrap().into_inner();
    assert_eq!(resp.message, "a,b,c");

    // Bidirectional streaming.
    let stream = client
        .bidi(authorized(tokio_stream::iter(vec![
            echo_request("x"),
            echo_request("y"),
        ])))
        .await
        .unwrap()
        .into_inner();
    let got: Vec<String> = stream.map(|r| r.unwrap().message).collect().await;
    assert_eq!(got, vec!["X", "Y"]);

    // Well-known types as request and response; renamed and keyword methods.
    client.ping(authorized(())).await.unwrap();
    let resp = client
        .connect_rpc(authorized(echo_request("")))
        .await
        .unwrap();
    assert_eq!(resp.into_inner().message, "connect");
    let resp = client.r#type(authorized(echo_request(""))).await.unwrap();
    assert_eq!(resp.into_inner().message, "type");
}

#[tokio::test]
async fn metadata_status_codes_deadlines_and_compression() {
    let addr = serve().await;
    let channel = tonic::transport::Endpoint::new(format!("http://{addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap();

    // Without the token the server's interceptor refuses.
    let mut plain = EchoClient::new(channel.clone());
    let err = plain.unary(echo_request("x")).await.unwrap_err();
    assert_eq!(err.code(), Code::Unauthenticated);

    // A client interceptor adds it; gzip both ways.
    let mut client = EchoClient::with_interceptor(channel.clone(), |mut r: Request<()>| {
        r.metadata_mut()
            .insert("authorization", "Bearer secret".parse().unwrap());
        Ok(r)
    })
    .send_compressed(CompressionEncoding::Gzip)
    .accept_compressed(CompressionEncoding::Gzip)
    .max_decoding_message_size(1 << 20)
    .max_encoding_message_size(1 << 20);
    let big = "z".repeat(100_000);
    let resp = client.unary(echo_request(&big)).await.unwrap();
    assert_eq!(resp.get_ref().message, big);
    assert!(SAW_GZIP.load(std::sync::atomic::Ordering::SeqCst));
    assert_eq!(
        resp.metadata()
            .get("grpc-encoding")
            .map(|v| v.to_str().unwrap()),
        Some("gzip")
    );

    // Status codes pass through.
    let mut req = echo_request("");
    req.fail_with = Code::NotFound as i32;
    let err = client.unary(req).await.unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
    assert_eq!(err.message(), "asked to fail");

    // A deadline (grpc-timeout) shorter than the server's delay.
    let mut req = Request::new(EchoRequest {
        delay_ms: 2_000,
        ..echo_request("slow")
    });
    req.set_timeout(Duration::from_millis(50));
    let err = client.unary(req).await.unwrap_err();
    assert_eq!(err.code(), Code::Cancelled, "{err:?}");

    // Default trait bodies answer UNIMPLEMENTED; so does an unknown service path.
    let mut empty = EmptyClient::new(channel);
    let err = empty.nothing(()).await.unwrap_err();
    assert_eq!(err.code(), Code::Unimplemented);
    assert_eq!(echo_server::SERVICE_NAME, "e2e.echo.v1.Echo");
    assert_eq!(
        <EchoServer<EchoImpl> as tonic::server::NamedService>::NAME,
        "e2e.echo.v1.Echo"
    );
}

/// A hand-written mock standing in for the client through `EchoClientApi`.
struct MockEcho;

impl EchoClientApi for MockEcho {
    async fn unary(
        &mut self,
        request: Request<EchoRequest>,
    ) -> Result<Response<EchoResponse>, Status> {
        Ok(Response::new(EchoResponse {
            message: format!("mock {}", request.get_ref().message),
            ..EchoResponse::default()
        }))
    }
    async fn server_stream(
        &mut self,
        _request: Request<EchoRequest>,
    ) -> Result<Response<Streaming<EchoResponse>>, Status> {
        Err(Status::unimplemented("mock"))
    }
    async fn client_stream(
        &mut self,
        _request: Request<Pin<Box<dyn Stream<Item = EchoRequest> + Send + 'static>>>,
    ) -> Result<Response<EchoResponse>, Status> {
        Err(Status::unimplemented("mock"))
    }
    async fn bidi(
        &mut self,
        _request: Request<Pin<Box<dyn Stream<Item = EchoRequest> + Send + 'static>>>,
    ) -> Result<Response<Streaming<EchoResponse>>, Status> {
        Err(Status::unimplemented("mock"))
    }
    async fn ping(&mut self, _request: Request<()>) -> Result<Response<()>, Status> {
        Ok(Response::new(()))
    }
    async fn connect_rpc(
        &mut self,
        _request: Request<EchoRequest>,
    ) -> Result<Response<EchoResponse>, Status> {
        Err(Status::unimplemented("mock"))
    }
    async fn r#type(
        &mut self,
        _request: Request<EchoRequest>,
    ) -> Result<Response<EchoResponse>, Status> {
        Err(Status::unimplemented("mock"))
    }
    #[allow(deprecated)]
    async fn old(
        &mut self,
        _request: Request<EchoRequest>,
    ) -> Result<Response<EchoResponse>, Status> {
        Err(Status::unimplemented("mock"))
    }
}

/// Code written against the trait works with the real client and with the mock.
async fn greet(api: &mut impl EchoClientApi) -> String {
    api.unary(Request::new(echo_request("you")))
        .await
        .map(|r| r.into_inner().message)
        .unwrap_or_else(|e| e.message().to_string())
}

#[tokio::test]
async fn client_trait_allows_mocks() {
    assert_eq!(greet(&mut MockEcho).await, "mock you");
    let addr = serve().await;
    let mut real = EchoClient::connect(format!("http://{addr}")).await.unwrap();
    // The real client goes through the server's auth check.
    assert_eq!(greet(&mut real).await, "no valid token");
}

#[test]
fn descriptor_set_is_embedded() {
    use prost::Message;
    let set = prost_types::FileDescriptorSet::decode(codegen_e2e::generated::FILE_DESCRIPTOR_SET)
        .unwrap();
    let names: Vec<&str> = set.file.iter().map(|f| f.name()).collect();
    assert!(names.contains(&"e2e/echo/v1/echo.proto"), "{names:?}");
    assert!(names.contains(&"google/protobuf/empty.proto"), "{names:?}");
}

#[tokio::test]
async fn reflection_serves_the_embedded_descriptor_set() {
    use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
    use tonic_reflection::pb::v1::ServerReflectionRequest;

    let reflection = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(codegen_e2e::generated::FILE_DESCRIPTOR_SET)
        .build_v1()
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        tonic::transport::Server::builder()
            .add_service(reflection)
            .add_service(EchoServer::new(EchoImpl))
            .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener))
            .await
            .unwrap();
    });
    let channel = tonic::transport::Endpoint::new(format!("http://{addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut client = ServerReflectionClient::new(channel);
    let requests = [
        MessageRequest::ListServices(String::new()),
        MessageRequest::FileContainingSymbol("e2e.echo.v1.Echo".into()),
    ]
    .map(|m| ServerReflectionRequest {
        host: String::new(),
        message_request: Some(m),
    });
    let mut responses = client
        .server_reflection_info(tokio_stream::iter(requests))
        .await
        .unwrap()
        .into_inner();
    let Some(MessageResponse::ListServicesResponse(list)) =
        responses.next().await.unwrap().unwrap().message_response
    else {
        panic!("expected a service list");
    };
    let names: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
    assert!(names.contains(&"e2e.echo.v1.Echo".to_string()), "{names:?}");
    let Some(MessageResponse::FileDescriptorResponse(files)) =
        responses.next().await.unwrap().unwrap().message_response
    else {
        panic!("expected file descriptors");
    };
    assert!(!files.file_descriptor_proto.is_empty());
}

#[tokio::test]
async fn unknown_methods_are_unimplemented() {
    let addr = serve().await;
    let channel = tonic::transport::Endpoint::new(format!("http://{addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready().await.unwrap();
    let path = tonic::codegen::http::uri::PathAndQuery::from_static("/e2e.echo.v1.Echo/Nope");
    let err = grpc
        .unary::<(), (), _>(
            authorized(()),
            path,
            tonic_prost::ProstCodec::<(), ()>::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::Unimplemented);
}
