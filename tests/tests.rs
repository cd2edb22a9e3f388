//! One integration-test binary over the real `dipkg` executable and library.

#![allow(clippy::print_stderr, reason = "tests say why they skip a check")]

mod cli;
mod compare;
mod crosscheck;
mod describe;
mod events;
mod export;
mod extract;
mod facts;
mod golden;
mod hostile;
mod link;
mod names;
mod newcomer;
mod picture;
mod publish;
mod readme;
mod reason;
mod remote;
mod schemaorg;
mod serve;
mod serve_clients;
mod serve_protocol;
mod shacl_pyshacl;
mod store;
mod util;
mod validate;
