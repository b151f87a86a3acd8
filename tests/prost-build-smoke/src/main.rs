//! Round-trips a message through the code prost-build generated from protokit's descriptors.

use prost::Message;

mod smoke {
    pub mod v1 {
        include!(concat!(env!("OUT_DIR"), "/smoke.v1.rs"));
    }
}

fn main() {
    use smoke::v1::{order, Money, Order};

    let order = Order {
        id: 42,
        state: order::State::Open as i32,
        lines: vec![order::Line {
            sku: "tea".into(),
            quantity: 3,
            unit_price: Some(Money {
                currency_code: "EUR".into(),
                units: 4,
                nanos: 500_000_000,
            }),
        }],
        labels: [("gift".to_string(), "yes".to_string())]
            .into_iter()
            .collect(),
        placed_at: Some(prost_types::Timestamp {
            seconds: 1_700_000_000,
            nanos: 0,
        }),
        note: Some("ring twice".into()),
        payment: Some(order::Payment::InvoiceId("INV-7".into())),
    };
    let bytes = order.encode_to_vec();
    let back = Order::decode(&bytes[..]).expect("decodes");
    assert_eq!(back, order);

    let set = prost_types::FileDescriptorSet::decode(
        &include_bytes!(concat!(env!("OUT_DIR"), "/smoke.binpb"))[..],
    )
    .expect("descriptor set decodes");
    let names: Vec<&str> = set.file.iter().map(|f| f.name()).collect();
    println!("files: {}", names.join(","));
    println!("roundtrip ok: {} bytes", bytes.len());
    println!("out dir: {}", env!("OUT_DIR"));
}
