//! One integration-test binary over the real `dipkg` executable and library.

#![allow(clippy::print_stderr, reason = "tests say why they skip a check")]

mod cli;
mod compare;
mod crosscheck;
mod describe;
mod export;
mod facts;
mod golden;
mod link;
mod names;
mod picture;
mod publish;
mod reason;
mod remote;
mod schemaorg;
mod serve;
mod serve_clients;
mod store;
mod util;
mod validate;
