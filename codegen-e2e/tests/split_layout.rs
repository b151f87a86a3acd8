//! `layout=directory` (fixtures/codegen/split): the code of package `acme.core.v1`, written
//! per directory, is one Rust module: types from every directory's file refer to each other
//! and round-trip together.

use codegen_e2e::fixtures::split::acme::{app, core::v1 as core};
use prost::Message;

#[test]
fn one_module_from_four_directories() {
    let tag = core::item::Tag {
        value: Some("red".into()),
    };
    let item = core::Item {
        id: Some("i1".into()),
        tags: vec![tag.clone()],
        kind: Some(core::Kind::Tool.into()),
    };
    let boxed = core::Box {
        item: Some(item.clone()),
        tag: Some(tag.clone()),
        kind: Some(core::Kind::Tool.into()),
        by_id: [("i1".to_string(), item.clone())].into(),
        shelf: Some(core::Shelf {
            items: vec![item],
            label: Some(tag.clone()),
        }),
        inner: Some(core::r#box::Inner {
            tag: Some(tag.clone()),
        }),
    };
    let order = app::v1::Order {
        r#box: Some(boxed.clone()),
        crate_: Some(core::Crate {
            boxes: vec![boxed.clone()],
            first: boxed.inner,
        }),
        tag: Some(tag),
    };
    let bytes = order.encode_to_vec();
    assert_eq!(app::v1::Order::decode(bytes.as_slice()).unwrap(), order);
    // The service of the file in acme/core/more sits in the same module.
    assert_eq!(
        <core::packer_server::PackerServer<Packing> as tonic::server::NamedService>::NAME,
        "acme.core.v1.Packer"
    );
}

struct Packing;

impl core::packer_server::Packer for Packing {
    async fn pack(
        &self,
        request: tonic::Request<core::Item>,
    ) -> Result<tonic::Response<core::Box>, tonic::Status> {
        Ok(tonic::Response::new(core::Box {
            item: Some(request.into_inner()),
            ..core::Box::default()
        }))
    }
}
