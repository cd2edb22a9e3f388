//! The commands of the persistent store: load, stats, dump (optimize and
//! backup are one call each, in `main`).

use crate::cli::ListFormat;
use crate::disk_cli::{DumpArgs, LoadArgs, StatsArgs};
use crate::out::{emit, stream};
use dipkg::Error;
use dipkg::rdf::store::Sources;
use dipkg::rdf::{bulk, persistent, stats, store};
use oxigraph::model::{GraphName, NamedNode};
use std::io::IsTerminal;
use std::path::Path;

/// `dipkg load`.
pub fn load(args: LoadArgs, sources: Sources) -> anyhow::Result<()> {
    let dir = need_store(&sources, "load")?;
    let options = bulk::LoadOptions {
        graph: match args.graph.as_deref() {
            Some("default") => Some(GraphName::DefaultGraph),
            other => graph_option(other)?.map(Into::into),
        },
        format: args.format.map(Into::into),
        lenient: args.lenient,
        shipped: args.shipped,
        max_memory_mb: args.max_memory,
    };
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(progress_bar);
    let report = bulk::load(dir, &args.files, &options, &|p| {
        if let Some(bar) = &bar {
            show_progress(bar, p);
        }
    })?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    if !args.quiet {
        let seconds = report.elapsed.as_secs_f64().max(1e-3);
        eprintln!(
            "dipkg: loaded {} statements from {} input(s) ({} bytes) into {} in {:.1} s ({:.0} statements/s)",
            report.quads,
            report.inputs,
            report.bytes,
            dir.display(),
            seconds,
            report.quads as f64 / seconds
        );
        if report.skipped > 0 {
            eprintln!(
                "dipkg: skipped {} bad statement(s) (--lenient); the first:",
                report.skipped
            );
            for message in &report.first_skipped {
                eprintln!("  {message}");
            }
        }
    }
    Ok(())
}

/// `dipkg stats`.
pub fn stats(args: StatsArgs, sources: Sources) -> anyhow::Result<()> {
    let dataset = store::load(&sources)?;
    let counts = stats::count(&dataset.store)?;
    let mut out = Vec::new();
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &counts)?;
            out.push(b'\n');
        }
        ListFormat::Text => stats::write_text(&counts, &mut out)?,
    }
    emit(&out, args.output.as_deref())
}

/// `dipkg dump`.
pub fn dump(args: DumpArgs, sources: Sources) -> anyhow::Result<()> {
    let dataset = store::load(&sources)?;
    let graph = graph_option(args.graph.as_deref())?;
    let format = args.format.into();
    stream(args.output.as_deref(), |out| {
        persistent::dump(&dataset.store, format, graph.as_ref(), out).map(drop)
    })
}

/// The --store a command needs.
pub fn need_store<'a>(sources: &'a store::Sources, command: &str) -> Result<&'a Path, Error> {
    sources.store.as_deref().ok_or_else(|| {
        Error::Usage(format!(
            "dipkg {command} works on a persistent store: give --store DIR"
        ))
    })
}

/// A --graph IRI option.
pub fn graph_option(graph: Option<&str>) -> Result<Option<NamedNode>, Error> {
    graph
        .map(|g| {
            NamedNode::new(g).map_err(|e| Error::Usage(format!("--graph {g:?} is not an IRI: {e}")))
        })
        .transpose()
}

/// The progress bar of `dipkg load` on a terminal.
pub fn progress_bar() -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} {bytes}/{total_bytes} read, {msg}, ETA {eta}",
    ) {
        bar.set_style(style);
    }
    bar
}

pub fn show_progress(bar: &indicatif::ProgressBar, progress: &bulk::Progress) {
    if let Some(total) = progress.bytes_total {
        bar.set_length(total);
    }
    bar.set_position(progress.bytes_read);
    let rate = progress.quads as f64 / progress.elapsed.as_secs_f64().max(1e-3);
    bar.set_message(format!("{} triples, {rate:.0} triples/s", progress.quads));
}
