//! The shipped `ontology/`, `data/` and `queries/` files, embedded by `build.rs`.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
