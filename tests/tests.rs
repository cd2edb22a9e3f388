//! One integration-test binary over the real `dipkg` executable and library.

#![allow(clippy::print_stderr, reason = "tests say why they skip a check")]

mod cli;
mod compare;
mod crosscheck;
mod export;
mod facts;
mod golden;
mod hostile;
mod link;
mod reason;
mod remote;
mod util;
mod validate;
