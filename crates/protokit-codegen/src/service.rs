//! The tonic 0.14 service emitter: `<service>_client` and `<service>_server` modules.
//!
//! Per RPC the output is a client method of a few lines, a server trait method and a match
//! arm; everything shape-independent (readiness, paths, codecs, compression and size limits,
//! the adapter from a trait method to tonic's service traits) lives once per service in small
//! generic helpers.

use std::collections::BTreeSet;
use std::str::FromStr;

use proc_macro2::{Ident, Span, TokenStream};
use prost_build::{Method, Service};
use quote::{format_ident, quote};

use crate::docs::doc_lines;
use crate::options::{Options, ServiceAttribute};

/// Inherent methods of every generated client. An RPC whose snake_case name is one of these
/// gets `_rpc` appended to its client method, repeatedly until the name is neither reserved,
/// nor taken by an earlier method, nor the plain name of another RPC (`Connect` →
/// `connect_rpc`, or `connect_rpc_rpc` when the service also has `ConnectRpc`). The server
/// trait keeps the plain snake_case name (`connect`).
pub const CLIENT_RESERVED: &[&str] = &[
    "connect",
    "new",
    "with_origin",
    "with_interceptor",
    "send_compressed",
    "accept_compressed",
    "max_decoding_message_size",
    "max_encoding_message_size",
    "into_inner",
    "clone",
    "fmt",
    "prepare",
    "rpc_unary",
    "rpc_server_streaming",
    "rpc_client_streaming",
    "rpc_streaming",
];

pub(crate) struct ServiceEmitter {
    pub(crate) options: Options,
}

impl prost_build::ServiceGenerator for ServiceEmitter {
    fn generate(&mut self, service: Service, buf: &mut String) {
        // prost-build lays out its own code line by line; ours is laid out here, so the file
        // needs no formatting pass afterwards.
        let tokens = emit(&service, &self.options);
        match syn::parse2::<syn::File>(tokens.clone()) {
            Ok(file) => {
                let code = prettyplease::unparse(&file);
                buf.push_str(&serve_body(&code, &service, &self.options));
            }
            // Unreachable with the attributes `Options` accepts; the tokens still compile.
            Err(_) => {
                buf.push_str(&tokens.to_string());
                buf.push('\n');
            }
        }
    }
}

/// The server's `serve!` macro body, laid out by hand (prettyplease prints macro bodies as
/// a run of tokens) in place of the placeholder `emit` leaves there.
fn serve_body(code: &str, service: &Service, options: &Options) -> String {
    const PLACEHOLDER: &str = "__protokit_serve_body";
    let Some(at) = code.find(PLACEHOLDER) else {
        return code.to_string();
    };
    let line_start = code[..at].rfind('\n').map_or(0, |i| i + 1);
    let pad = &code[line_start..at];
    let codec = options
        .codec_path
        .as_deref()
        .unwrap_or("::tonic_prost::ProstCodec");
    let arc = if Names::new(service).server_uses.is_empty() {
        "::std::sync::Arc"
    } else {
        "Arc"
    };
    let name = &service.name;
    let body = [
        format!("self.$shape(req, {codec}::default(), |s: {arc}<T>, r| async move {{"),
        format!("    <T as {name}>::$method(&s, r).await"),
        "})".to_string(),
    ]
    .iter()
    .map(|l| format!("{pad}{l}"))
    .collect::<Vec<_>>()
    .join("\n");
    format!(
        "{}{}{}",
        &code[..line_start],
        body,
        &code[at + PLACEHOLDER.len()..]
    )
}

fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

fn rust_type(path: &str) -> TokenStream {
    // prost-build hands out Rust paths relative to the package's module (`Msg`,
    // `super::other::Msg`) or absolute ones (`::prost_types::Any`, `()`); service code lives
    // one module further down.
    // Wrapper types map to primitives (`google.protobuf.UInt32Value` → `u32`).
    const PRIMITIVES: &[&str] = &["()", "bool", "i32", "i64", "u32", "u64", "f32", "f64"];
    let path =
        if path.starts_with("::") || path.starts_with("crate::") || PRIMITIVES.contains(&path) {
            path.to_string()
        } else {
            format!("super::{path}")
        };
    TokenStream::from_str(&path).unwrap_or_else(|_| quote!(()))
}

fn docs(lines: &[String]) -> TokenStream {
    doc_lines(lines)
        .into_iter()
        .map(|l| {
            let l = if l.is_empty() { l } else { format!(" {l}") };
            quote!(#[doc = #l])
        })
        .collect()
}

/// Whether `disable_comments` covers the element named `full_name` (prost-build does not
/// apply it to services, so we do).
fn comments_disabled(options: &Options, full_name: &str) -> bool {
    options.prost.iter().any(|(which, path, _)| {
        *which == crate::options::ProstOption::DisableComments
            && crate::options::path_matches(path, full_name)
    })
}

fn service_docs(service: &Service, options: &Options, full_name: &str) -> TokenStream {
    if comments_disabled(options, full_name) {
        return TokenStream::new();
    }
    let d = docs(&service.comments.leading);
    if d.is_empty() {
        d
    } else {
        // A blank line between our summary and the proto comment.
        quote!(#[doc = ""] #d)
    }
}

fn method_docs(m: &Method, options: &Options, service: &str) -> TokenStream {
    if comments_disabled(options, &format!("{service}.{}", m.proto_name)) {
        return TokenStream::new();
    }
    docs(&m.comments.leading)
}

fn snake_module(service_name: &str) -> String {
    // `Greeter` → `greeter`; the name is already a sanitized UpperCamel identifier.
    let raw = service_name.trim_start_matches("r#");
    let mut s = String::new();
    for (i, c) in raw.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                s.push('_');
            }
            s.extend(c.to_lowercase());
        } else {
            s.push(c);
        }
    }
    s
}

/// Client method names: keywords already escaped by prost (`r#type`), collisions with
/// [`CLIENT_RESERVED`] or an earlier method renamed by appending `_rpc`.
fn client_method_names(methods: &[Method]) -> Vec<String> {
    let mut taken: BTreeSet<String> = CLIENT_RESERVED.iter().map(|s| s.to_string()).collect();
    let plain: BTreeSet<&str> = methods.iter().map(|m| m.name.as_str()).collect();
    methods
        .iter()
        .map(|m| {
            let mut name = m.name.clone();
            while taken.contains(name.trim_start_matches("r#"))
                || (name != m.name && plain.contains(name.as_str()))
            {
                name = format!("{}_rpc", name.trim_start_matches("r#"));
            }
            taken.insert(name.trim_start_matches("r#").to_string());
            name
        })
        .collect()
}

fn stream_type(m: &Method) -> Ident {
    let mut camel = String::new();
    let mut up = true;
    for c in m.proto_name.chars() {
        if c == '_' {
            up = true;
        } else if up {
            camel.extend(c.to_uppercase());
            up = false;
        } else {
            camel.push(c);
        }
    }
    format_ident!("{}Stream", camel)
}

/// Paths the service modules use: short names brought in by `use` at the top of each module,
/// or full paths when one of the service's own items would take the same name.
struct Names {
    client_uses: TokenStream,
    server_uses: TokenStream,
    future: TokenStream,
    request: TokenStream,
    response: TokenStream,
    status: TokenStream,
    streaming: TokenStream,
    into_request: TokenStream,
    into_streaming_request: TokenStream,
    arc: TokenStream,
    result: TokenStream,
    /// Whether the module has the short names (and the `RpcResult<T>` alias).
    short: bool,
}

impl Names {
    /// `Result<Response<inner>, Status>`, spelled with the alias when there is one.
    fn answer(&self, inner: &TokenStream) -> TokenStream {
        let Names {
            result,
            response,
            status,
            ..
        } = self;
        if self.short {
            quote!(RpcResult<#inner>)
        } else {
            quote!(#result<#response<#inner>, #status>)
        }
    }
}

impl Names {
    fn new(service: &Service) -> Names {
        const SHORT: &[&str] = &[
            "Future",
            "Request",
            "Response",
            "Status",
            "Streaming",
            "IntoRequest",
            "IntoStreamingRequest",
            "Arc",
            "Result",
            "ProstCodec",
            "RpcResult",
        ];
        let name = service.name.trim_start_matches("r#");
        let own = [
            name.to_string(),
            format!("{name}Client"),
            format!("{name}ClientApi"),
            format!("{name}Server"),
        ];
        if own.iter().any(|n| SHORT.contains(&n.as_str())) {
            return Names {
                client_uses: TokenStream::new(),
                server_uses: TokenStream::new(),
                future: quote!(::core::future::Future),
                request: quote!(::tonic::Request),
                response: quote!(::tonic::Response),
                status: quote!(::tonic::Status),
                streaming: quote!(::tonic::Streaming),
                into_request: quote!(::tonic::IntoRequest),
                into_streaming_request: quote!(::tonic::IntoStreamingRequest),
                arc: quote!(::std::sync::Arc),
                result: quote!(::core::result::Result),
                short: false,
            };
        }
        Names {
            client_uses: quote! {
                use ::core::future::Future;
                use ::tonic::{IntoRequest, IntoStreamingRequest, Request, Response, Status};
                /// What an RPC answers.
                type RpcResult<T> = Result<Response<T>, Status>;
            },
            server_uses: quote! {
                use ::core::future::Future;
                use ::std::sync::Arc;
                use ::tonic::{Request, Response, Status, Streaming};
                /// What an RPC answers.
                type RpcResult<T> = Result<Response<T>, Status>;
            },
            future: quote!(Future),
            request: quote!(Request),
            response: quote!(Response),
            status: quote!(Status),
            streaming: quote!(Streaming),
            into_request: quote!(IntoRequest),
            into_streaming_request: quote!(IntoStreamingRequest),
            arc: quote!(Arc),
            result: quote!(Result),
            short: true,
        }
    }
}

pub(crate) fn emit(service: &Service, options: &Options) -> TokenStream {
    let full_name = if service.package.is_empty() {
        service.proto_name.clone()
    } else {
        format!("{}.{}", service.package, service.proto_name)
    };
    let deprecated = if service.options.deprecated == Some(true) {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    let codec: TokenStream = options
        .codec_path
        .as_deref()
        .and_then(|p| TokenStream::from_str(p).ok())
        .unwrap_or_else(|| quote!(::tonic_prost::ProstCodec));
    let mut names = Names::new(service);
    let mut client_codec = codec.clone();
    if options.codec_path.is_none() && !names.client_uses.is_empty() {
        names.client_uses.extend(quote!(
            use ::tonic_prost::ProstCodec;
        ));
        client_codec = quote!(ProstCodec);
    }
    let mut out = TokenStream::new();
    if !options.no_client {
        out.extend(client(
            service,
            options,
            &full_name,
            &deprecated,
            &client_codec,
            &names,
        ));
    }
    if !options.no_server {
        out.extend(server(service, options, &full_name, &deprecated, &names));
    }
    out
}

fn client(
    service: &Service,
    options: &Options,
    full_name: &str,
    deprecated: &TokenStream,
    codec: &TokenStream,
    names: &Names,
) -> TokenStream {
    let Names {
        client_uses: uses,
        future,
        request: req_t,
        response: resp_t,
        status,
        into_request,
        into_streaming_request,
        result,
        ..
    } = names;
    let module = format_ident!("{}_client", snake_module(&service.name));
    let client = format_ident!("{}Client", service.name.trim_start_matches("r#"));
    let service_docs = service_docs(service, options, full_name);
    let attrs = options.service_attrs(ServiceAttribute::Client, full_name);
    let mod_attrs = options.service_attrs(ServiceAttribute::ClientMod, full_name);
    let method_names = client_method_names(&service.methods);
    let mut shapes = BTreeSet::new();
    let mut methods = TokenStream::new();
    let mut api_methods = TokenStream::new();
    let mut api_impls = TokenStream::new();
    for (m, name) in service.methods.iter().zip(&method_names) {
        let name = ident(name);
        let path = format!("/{full_name}/{}", m.proto_name);
        let input = rust_type(&m.input_type);
        let output = rust_type(&m.output_type);
        let doc = method_docs(m, options, full_name);
        let dep = if m.options.deprecated == Some(true) {
            quote!(#[deprecated])
        } else {
            TokenStream::new()
        };
        let (arg, into) = match m.client_streaming {
            false => (quote!(impl #into_request<#input>), quote!(into_request)),
            true => (
                quote!(impl #into_streaming_request<Message = #input>),
                quote!(into_streaming_request),
            ),
        };
        let grpc_call = match (m.client_streaming, m.server_streaming) {
            (false, false) => quote!(unary),
            (false, true) => quote!(server_streaming),
            (true, false) => quote!(client_streaming),
            (true, true) => quote!(streaming),
        };
        shapes.insert((m.client_streaming, m.server_streaming));
        let helper = format_ident!("rpc_{}", grpc_call.to_string());
        let answer = if m.server_streaming {
            names.answer(&quote!(::tonic::codec::Streaming<#output>))
        } else {
            names.answer(&output)
        };
        methods.extend(quote! {
            #doc
            #dep
            pub fn #name(&mut self, request: #arg) -> impl #future<Output = #answer> + '_ {
                let path = #path;
                self.#helper(request.#into(), path, #codec::default())
            }
        });
        if options.client_trait {
            let (api_arg, pass) = if m.client_streaming {
                (
                    quote!(#req_t<::core::pin::Pin<::std::boxed::Box<dyn ::tonic::codegen::tokio_stream::Stream<Item = #input> + Send + 'static>>>),
                    quote!(request),
                )
            } else {
                (quote!(#req_t<#input>), quote!(request))
            };
            api_methods.extend(quote! {
                #doc
                #dep
                fn #name(&mut self, request: #api_arg) -> impl ::core::future::Future<Output = #answer> + Send;
            });
            api_impls.extend(quote! {
                fn #name(&mut self, request: #api_arg) -> impl ::core::future::Future<Output = #answer> + Send {
                    #client::#name(self, #pass)
                }
            });
        }
    }
    // One generic body per RPC shape; each RPC's method only names its path and codec, which
    // keeps the per-RPC code cheap to type-check.
    let codec_bounds = quote! {
        C: ::tonic::codec::Codec,
        C::Encode: Send + Sync + 'static,
        C::Decode: Send + Sync + 'static,
    };
    let mut helpers = TokenStream::new();
    for (client_streaming, server_streaming) in shapes {
        let (shape, input, bound, call) = if client_streaming {
            (
                quote!(S),
                quote!(#req_t<S>),
                quote!(S: ::tonic::codegen::tokio_stream::Stream<Item = C::Encode> + Send + 'static,),
                quote!(<S, C>),
            )
        } else {
            (quote!(), quote!(#req_t<C::Encode>), quote!(), quote!(<C>))
        };
        let _ = shape;
        let name = match (client_streaming, server_streaming) {
            (false, false) => quote!(unary),
            (false, true) => quote!(server_streaming),
            (true, false) => quote!(client_streaming),
            (true, true) => quote!(streaming),
        };
        let helper = format_ident!("rpc_{}", name.to_string());
        let output = if server_streaming {
            quote!(#resp_t<::tonic::codec::Streaming<C::Decode>>)
        } else {
            quote!(#resp_t<C::Decode>)
        };
        helpers.extend(quote! {
            async fn #helper #call(&mut self, request: #input, path: &'static str, codec: C) -> #result<#output, #status>
            where
                #codec_bounds
                #bound
            {
                let (path, request) = self.prepare(request, path).await?;
                self.inner.#name(request, path, codec).await
            }
        });
    }
    let connect = if options.no_transport {
        TokenStream::new()
    } else {
        quote! {
            impl #client<::tonic::transport::Channel> {
                /// Connects to `dst` (anything [`tonic::transport::Endpoint`] accepts, e.g. `"http://[::1]:50051"`).
                pub async fn connect<D>(dst: D) -> ::core::result::Result<Self, ::tonic::transport::Error>
                where
                    D: ::core::convert::TryInto<::tonic::transport::Endpoint>,
                    D::Error: ::core::convert::Into<::tonic::codegen::StdError>,
                {
                    let conn = ::tonic::transport::Endpoint::new(dst)?.connect().await?;
                    Ok(Self::new(conn))
                }
            }
        }
    };
    let api = if options.client_trait {
        let api = format_ident!("{}Api", client);
        let api_doc =
            format!(" The RPCs of [`{client}`] as a trait, so tests can substitute a mock.");
        quote! {
            #[doc = #api_doc]
            #deprecated
            pub trait #api: Send {
                #api_methods
            }
            #deprecated
            impl<T> #api for #client<T>
            where
                T: ::tonic::client::GrpcService<::tonic::body::Body> + Send,
                T::Future: Send,
                T::Error: ::core::convert::Into<::tonic::codegen::StdError>,
                T::ResponseBody: ::tonic::codegen::Body<Data = ::tonic::codegen::Bytes> + Send + 'static,
                <T::ResponseBody as ::tonic::codegen::Body>::Error: ::core::convert::Into<::tonic::codegen::StdError> + Send,
            {
                #api_impls
            }
        }
    } else {
        TokenStream::new()
    };
    let client_doc = format!(" Client for `{full_name}`.");
    let mod_doc = format!(" Generated client for `{full_name}`.");
    quote! {
        #[doc = #mod_doc]
        #mod_attrs
        #deprecated
        pub mod #module {
            #![allow(unused_variables, unused_imports, dead_code, missing_docs, deprecated)]
            #![allow(clippy::all, clippy::pedantic)]
            #uses

            #[doc = #client_doc]
            #service_docs
            #[derive(Debug, Clone)]
            #attrs
            #deprecated
            pub struct #client<T> {
                inner: ::tonic::client::Grpc<T>,
            }

            #connect

            impl<T> #client<T>
            where
                T: ::tonic::client::GrpcService<::tonic::body::Body>,
                T::Error: ::core::convert::Into<::tonic::codegen::StdError>,
                T::ResponseBody: ::tonic::codegen::Body<Data = ::tonic::codegen::Bytes> + Send + 'static,
                <T::ResponseBody as ::tonic::codegen::Body>::Error: ::core::convert::Into<::tonic::codegen::StdError> + Send,
            {
                /// A client sending its requests through `inner`.
                pub fn new(inner: T) -> Self {
                    Self { inner: ::tonic::client::Grpc::new(inner) }
                }

                /// A client sending its requests to `origin` through `inner`.
                pub fn with_origin(inner: T, origin: ::tonic::codegen::http::Uri) -> Self {
                    Self { inner: ::tonic::client::Grpc::with_origin(inner, origin) }
                }

                /// A client passing every request through `interceptor` first.
                pub fn with_interceptor<F>(inner: T, interceptor: F) -> #client<::tonic::codegen::InterceptedService<T, F>>
                where
                    F: ::tonic::service::Interceptor,
                    T::ResponseBody: ::core::default::Default,
                    T: ::tonic::codegen::Service<
                        ::tonic::codegen::http::Request<::tonic::body::Body>,
                        Response = ::tonic::codegen::http::Response<<T as ::tonic::client::GrpcService<::tonic::body::Body>>::ResponseBody>,
                    >,
                    <T as ::tonic::codegen::Service<::tonic::codegen::http::Request<::tonic::body::Body>>>::Error:
                        ::core::convert::Into<::tonic::codegen::StdError> + Send + Sync,
                {
                    #client::new(::tonic::codegen::InterceptedService::new(inner, interceptor))
                }

                /// Compresses requests with `encoding` (the server must accept it).
                #[must_use]
                pub fn send_compressed(mut self, encoding: ::tonic::codec::CompressionEncoding) -> Self {
                    self.inner = self.inner.send_compressed(encoding);
                    self
                }

                /// Accepts responses compressed with `encoding`.
                #[must_use]
                pub fn accept_compressed(mut self, encoding: ::tonic::codec::CompressionEncoding) -> Self {
                    self.inner = self.inner.accept_compressed(encoding);
                    self
                }

                /// Limits the size of a decoded response message (default 4 MiB).
                #[must_use]
                pub fn max_decoding_message_size(mut self, limit: usize) -> Self {
                    self.inner = self.inner.max_decoding_message_size(limit);
                    self
                }

                /// Limits the size of an encoded request message (default `usize::MAX`).
                #[must_use]
                pub fn max_encoding_message_size(mut self, limit: usize) -> Self {
                    self.inner = self.inner.max_encoding_message_size(limit);
                    self
                }

                /// Waits until the channel is ready and tags `request` with its method.
                async fn prepare<M>(
                    &mut self,
                    mut request: ::tonic::Request<M>,
                    path: &'static str,
                ) -> ::core::result::Result<(::tonic::codegen::http::uri::PathAndQuery, ::tonic::Request<M>), ::tonic::Status> {
                    self.inner.ready().await.map_err(|e| {
                        ::tonic::Status::unknown(format!("Service was not ready: {}", e.into()))
                    })?;
                    let method = path.rsplit('/').next().unwrap_or(path);
                    request.extensions_mut().insert(::tonic::codegen::GrpcMethod::new(#full_name, method));
                    Ok((::tonic::codegen::http::uri::PathAndQuery::from_static(path), request))
                }

                #helpers

                #methods
            }

            #api
        }
    }
}

fn server(
    service: &Service,
    options: &Options,
    full_name: &str,
    deprecated: &TokenStream,
    names: &Names,
) -> TokenStream {
    let Names {
        server_uses: uses,
        future,
        request: req_t,
        response: resp_t,
        status,
        streaming,
        arc,
        result,
        ..
    } = names;
    let module = format_ident!("{}_server", snake_module(&service.name));
    let trait_name = ident(&service.name);
    let server = format_ident!("{}Server", service.name.trim_start_matches("r#"));
    let service_docs = service_docs(service, options, full_name);
    let attrs = options.service_attrs(ServiceAttribute::Server, full_name);
    let trait_attrs = options.service_attrs(ServiceAttribute::Trait, full_name);
    let mod_attrs = options.service_attrs(ServiceAttribute::ServerMod, full_name);
    let mut trait_items = TokenStream::new();
    let mut arms = TokenStream::new();
    let mut server_shapes = BTreeSet::new();
    for m in &service.methods {
        let name = ident(&m.name);
        let path = format!("/{full_name}/{}", m.proto_name);
        let input = rust_type(&m.input_type);
        let output = rust_type(&m.output_type);
        let doc = method_docs(m, options, full_name);
        let dep = if m.options.deprecated == Some(true) {
            quote!(#[deprecated])
        } else {
            TokenStream::new()
        };
        let request = if m.client_streaming {
            quote!(#req_t<#streaming<#input>>)
        } else {
            quote!(#req_t<#input>)
        };
        let response = if m.server_streaming {
            let stream = stream_type(m);
            let stream_doc = format!(" The stream of responses of [`{trait_name}::{name}`].");
            trait_items.extend(quote! {
                #[doc = #stream_doc]
                type #stream: ::tonic::codegen::tokio_stream::Stream<Item = #result<#output, #status>> + Send + 'static;
            });
            names.answer(&quote!(Self::#stream))
        } else {
            names.answer(&output)
        };
        let signature = quote! {
            fn #name(&self, request: #request) -> impl #future<Output = #response> + Send
        };
        if options.default_unimplemented {
            let unimplemented = format!("{} is not implemented", m.proto_name);
            trait_items.extend(quote! {
                #doc
                #dep
                #signature {
                    async move { Err(#status::unimplemented(#unimplemented)) }
                }
            });
        } else {
            trait_items.extend(quote!(#doc #dep #signature;));
        }
        let shape = match (m.client_streaming, m.server_streaming) {
            (false, false) => quote!(unary),
            (false, true) => quote!(server_streaming),
            (true, false) => quote!(client_streaming),
            (true, true) => quote!(streaming),
        };
        server_shapes.insert((m.client_streaming, m.server_streaming));
        arms.extend(quote!(#path => serve!(#shape, #name),));
    }
    // A service without RPCs gets no macro: an unused one warns (`unused_macros`).
    let serve_macro = if service.methods.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            // One RPC: its trait method as a tower service, served by tonic for its shape.
            macro_rules! serve {
                ($shape:ident, $method:ident) => {
                    __protokit_serve_body
                };
            }
        }
    };
    // One generic body per RPC shape: the future tonic serves an RPC with is boxed (and proven
    // `Send`) once here instead of once per RPC.
    let mut helpers = TokenStream::new();
    for (client_streaming, server_streaming) in server_shapes {
        let name = match (client_streaming, server_streaming) {
            (false, false) => quote!(unary),
            (false, true) => quote!(server_streaming),
            (true, false) => quote!(client_streaming),
            (true, true) => quote!(streaming),
        };
        let request = if client_streaming {
            quote!(#req_t<#streaming<C::Decode>>)
        } else {
            quote!(#req_t<C::Decode>)
        };
        let (stream, response) = if server_streaming {
            (quote!(St,), quote!(#resp_t<St>))
        } else {
            (quote!(), quote!(#resp_t<C::Encode>))
        };
        let stream_bound = if server_streaming {
            quote!(St: ::tonic::codegen::tokio_stream::Stream<Item = #result<C::Encode, #status>> + Send + 'static,)
        } else {
            TokenStream::new()
        };
        helpers.extend(quote! {
            fn #name<C, F, Fut, #stream B>(&self, req: ::tonic::codegen::http::Request<B>, codec: C, f: F) -> ::tonic::codegen::BoxFuture<::tonic::codegen::http::Response<::tonic::body::Body>, ::core::convert::Infallible>
            where
                C: ::tonic::codec::Codec + Send + 'static,
                C::Encode: Send + 'static,
                C::Decode: Send + 'static,
                C::Encoder: Send + 'static,
                C::Decoder: Send + 'static,
                F: FnMut(#arc<T>, #request) -> Fut + Send + 'static,
                Fut: #future<Output = #result<#response, #status>> + Send + 'static,
                #stream_bound
                B: ::tonic::codegen::Body + Send + 'static,
                B::Error: ::core::convert::Into<::tonic::codegen::StdError> + Send + 'static,
            {
                let mut grpc = self.grpc(codec);
                let rpc = ProtokitRpc(#arc::clone(&self.inner), f);
                Box::pin(async move { Ok(grpc.#name(rpc, req).await) })
            }
        });
    }
    let server_doc = format!(" Serves `{full_name}` with an implementation of [`{trait_name}`].");
    let trait_doc = format!(" The RPCs of `{full_name}`, implemented by the server.");
    let mod_doc = format!(" Generated server for `{full_name}`.");
    quote! {
        #[doc = #mod_doc]
        #mod_attrs
        #deprecated
        pub mod #module {
            #![allow(unused_variables, unused_imports, dead_code, missing_docs, deprecated)]
            #![allow(clippy::all, clippy::pedantic)]
            #uses

            /// The fully-qualified name of the service.
            pub const SERVICE_NAME: &str = #full_name;

            #[doc = #trait_doc]
            #service_docs
            #trait_attrs
            #deprecated
            pub trait #trait_name: Send + Sync + 'static {
                #trait_items
            }

            #[doc = #server_doc]
            #[derive(Debug)]
            #attrs
            #deprecated
            pub struct #server<T> {
                inner: #arc<T>,
                accept_compression_encodings: ::tonic::codegen::EnabledCompressionEncodings,
                send_compression_encodings: ::tonic::codegen::EnabledCompressionEncodings,
                max_decoding_message_size: ::core::option::Option<usize>,
                max_encoding_message_size: ::core::option::Option<usize>,
            }

            impl<T> #server<T> {
                /// Serves `inner`.
                pub fn new(inner: T) -> Self {
                    Self::from_arc(#arc::new(inner))
                }

                /// Serves a shared `inner`.
                pub fn from_arc(inner: #arc<T>) -> Self {
                    Self {
                        inner,
                        accept_compression_encodings: ::core::default::Default::default(),
                        send_compression_encodings: ::core::default::Default::default(),
                        max_decoding_message_size: None,
                        max_encoding_message_size: None,
                    }
                }

                /// Serves `inner`, passing every request through `interceptor` first.
                pub fn with_interceptor<F>(inner: T, interceptor: F) -> ::tonic::codegen::InterceptedService<Self, F>
                where
                    F: ::tonic::service::Interceptor,
                {
                    ::tonic::codegen::InterceptedService::new(Self::new(inner), interceptor)
                }

                /// Accepts requests compressed with `encoding`.
                #[must_use]
                pub fn accept_compressed(mut self, encoding: ::tonic::codec::CompressionEncoding) -> Self {
                    self.accept_compression_encodings.enable(encoding);
                    self
                }

                /// Compresses responses with `encoding` when the client accepts it.
                #[must_use]
                pub fn send_compressed(mut self, encoding: ::tonic::codec::CompressionEncoding) -> Self {
                    self.send_compression_encodings.enable(encoding);
                    self
                }

                /// Limits the size of a decoded request message (default 4 MiB).
                #[must_use]
                pub fn max_decoding_message_size(mut self, limit: usize) -> Self {
                    self.max_decoding_message_size = Some(limit);
                    self
                }

                /// Limits the size of an encoded response message (default `usize::MAX`).
                #[must_use]
                pub fn max_encoding_message_size(mut self, limit: usize) -> Self {
                    self.max_encoding_message_size = Some(limit);
                    self
                }

                fn grpc<C: ::tonic::codec::Codec>(&self, codec: C) -> ::tonic::server::Grpc<C> {
                    ::tonic::server::Grpc::new(codec)
                        .apply_compression_config(self.accept_compression_encodings, self.send_compression_encodings)
                        .apply_max_message_size_config(self.max_decoding_message_size, self.max_encoding_message_size)
                }
            }

            impl<T: Send + Sync + 'static> #server<T> {
                #helpers
            }

            impl<T> ::core::clone::Clone for #server<T> {
                fn clone(&self) -> Self {
                    Self {
                        inner: #arc::clone(&self.inner),
                        accept_compression_encodings: self.accept_compression_encodings,
                        send_compression_encodings: self.send_compression_encodings,
                        max_decoding_message_size: self.max_decoding_message_size,
                        max_encoding_message_size: self.max_encoding_message_size,
                    }
                }
            }

            impl<T> ::tonic::server::NamedService for #server<T> {
                const NAME: &'static str = SERVICE_NAME;
            }

            /// A trait method as a tower service (tonic's service traits are implemented for those).
            struct ProtokitRpc<T, F>(#arc<T>, F);

            impl<T, F, Req, Res, Fut> ::tonic::codegen::Service<#req_t<Req>> for ProtokitRpc<T, F>
            where
                F: FnMut(#arc<T>, #req_t<Req>) -> Fut,
                Fut: #future<Output = #result<#resp_t<Res>, #status>>,
            {
                type Response = #resp_t<Res>;
                type Error = #status;
                type Future = Fut;

                fn poll_ready(&mut self, _cx: &mut ::core::task::Context<'_>) -> ::core::task::Poll<#result<(), #status>> {
                    ::core::task::Poll::Ready(Ok(()))
                }

                fn call(&mut self, request: #req_t<Req>) -> Fut {
                    (self.1)(#arc::clone(&self.0), request)
                }
            }

            impl<T, B> ::tonic::codegen::Service<::tonic::codegen::http::Request<B>> for #server<T>
            where
                T: #trait_name,
                B: ::tonic::codegen::Body + Send + 'static,
                B::Error: ::core::convert::Into<::tonic::codegen::StdError> + Send + 'static,
            {
                type Response = ::tonic::codegen::http::Response<::tonic::body::Body>;
                type Error = ::core::convert::Infallible;
                type Future = ::tonic::codegen::BoxFuture<Self::Response, Self::Error>;

                fn poll_ready(&mut self, _cx: &mut ::core::task::Context<'_>) -> ::core::task::Poll<#result<(), Self::Error>> {
                    ::core::task::Poll::Ready(Ok(()))
                }

                fn call(&mut self, req: ::tonic::codegen::http::Request<B>) -> Self::Future {
                    #serve_macro
                    match req.uri().path() {
                        #arms
                        _ => Box::pin(async move {
                            Ok(::tonic::Status::unimplemented("").into_http())
                        }),
                    }
                }
            }
        }
    }
}
