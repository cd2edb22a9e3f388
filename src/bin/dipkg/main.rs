//! The `dipkg` command: parses arguments, calls the library, prints, and maps
//! errors to exit codes (0 ok, 1 failure, 2 bad usage).

#![expect(
    clippy::print_stderr,
    reason = "the binary is the one place that prints errors"
)]

mod cli;
mod commands;
mod convert;
mod disk;
mod disk_cli;
mod events_cli;
mod grow;
mod grow_cli;
mod out;
mod web;

use clap::{CommandFactory, FromArgMatches};
use cli::{Cli, Command};
use dipkg::Error;
use dipkg::sparql::catalog::Catalog;
use std::process::ExitCode;

/// The stack of the thread that does the work: parsing, binding, optimising
/// and evaluating a query all recurse over its syntax tree, and a query within
/// dipkg's nesting limits must never overflow (the main thread has 8 MiB). Only
/// the pages used are ever touched.
const STACK: usize = 256 << 20;

fn main() -> ExitCode {
    // Threads started without a stack size (the server's request threads,
    // started by oxhttp) take RUST_MIN_STACK: give them the same room. Set
    // here, before any other thread exists, unless the user set it.
    if std::env::var_os("RUST_MIN_STACK").is_none() {
        // SAFETY: the process has one thread yet, so nothing reads the
        // environment concurrently.
        unsafe { std::env::set_var("RUST_MIN_STACK", STACK.to_string()) };
    }
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let command = Cli::command().color(cli::Color::from_args(&args).clap());
    let cli = match Cli::from_arg_matches(&command.get_matches_from(args)) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    let worker = std::thread::Builder::new()
        .name("dipkg".to_owned())
        .stack_size(STACK)
        .spawn(move || run(cli));
    let result = match worker {
        Ok(worker) => worker.join().unwrap_or_else(|_| {
            Err(anyhow::anyhow!(
                "internal error: the worker thread panicked"
            ))
        }),
        Err(error) => Err(anyhow::anyhow!("cannot start the worker thread: {error}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if out::is_broken_pipe(&error) {
                // `dipkg export | head` is normal use, not a failure.
                return ExitCode::SUCCESS;
            }
            eprintln!("dipkg: {error:#}");
            ExitCode::from(exit_code(&error))
        }
    }
}

fn exit_code(error: &anyhow::Error) -> u8 {
    match error.downcast_ref::<Error>() {
        Some(Error::Usage(_) | Error::UnknownQuery { .. } | Error::Parameter { .. }) => 2,
        _ => 1,
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let sources = cli.sources.sources();
    let text_dirs = grow::text_dirs(&cli.sources.text_dirs);
    let mut catalog = Catalog::shipped();
    if let Some(dir) = &cli.sources.queries {
        catalog.add_dir(dir)?;
    }
    match cli.command {
        Command::Queries(args) if args.name.is_some() => commands::print_query(args, catalog),
        Command::Queries(args) => commands::list_queries(args, catalog),
        Command::Query(args) => commands::query(args, sources, catalog),
        Command::Convert(args) => commands::convert(args),
        Command::Show(args) => commands::show(args, sources),
        Command::Push(args) => commands::push(args, sources),
        Command::Link(args) => commands::link(args, sources),
        Command::Compare(args) => commands::compare(args, sources),
        Command::Export(args) => commands::export(args, sources),
        Command::Describe(args) => commands::describe(args, sources),
        Command::Validate(args) => commands::validate(args, sources, catalog, &text_dirs),
        Command::Serve(args) => web::serve(args, sources, catalog),
        Command::Publish(args) => web::publish(args, sources, catalog),
        Command::Timeline(args) => web::timeline(args, sources, cli.sources.color),
        Command::Events(args) => commands::events(args, sources, catalog),
        Command::Graph(args) => web::graph(args, sources),
        Command::Completions(args) => web::completions(args),
        Command::Man => web::man(),
        Command::Load(args) => disk::load(args, sources),
        Command::Stats(args) => disk::stats(args, sources),
        Command::Dump(args) => disk::dump(args, sources),
        Command::Optimize => Ok(dipkg::rdf::persistent::optimize(disk::need_store(
            &sources, "optimize",
        )?)?),
        Command::Sources(args) => grow::sources(args, sources),
        Command::Cite(args) => grow::cite(args, sources, &text_dirs),
        Command::Extract(args) => grow::extract(args, sources, &text_dirs),
        Command::Accept(args) => grow::accept(args),
        Command::Backup(args) => Ok(dipkg::rdf::persistent::backup(
            disk::need_store(&sources, "backup")?,
            &args.dir,
        )?),
    }
}
