//! The commands that grow the graph: list and register sources, cite their
//! words, extract candidate statements, accept them.

use crate::grow_cli::{
    AcceptArgs, CiteArgs, ExtractArgs, ExtractFormat, Lang, SourcesAction, SourcesAddArgs,
    SourcesArgs,
};
use crate::out::emit;
use dipkg::Error;
use dipkg::extract::{self, Input, lexicon::Lexicon};
use dipkg::rdf::store::{self, Sources};
use dipkg::source::cite;
use dipkg::source::registry::{self, NewSource, SourceInfo};
use dipkg::source::text::Text;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// The folders searched for source texts: those of `--sources`, then the defaults.
pub fn text_dirs(given: &[PathBuf]) -> Vec<PathBuf> {
    given
        .iter()
        .cloned()
        .chain(registry::default_dirs())
        .collect()
}

/// `dipkg sources`.
pub fn sources(args: SourcesArgs, sources: Sources) -> anyhow::Result<()> {
    if let Some(SourcesAction::Add(add)) = args.action {
        return sources_add(add, sources);
    }
    let dataset = store::load(&sources)?;
    let list = registry::list(&dataset.store)?;
    let mut out = Vec::new();
    match args.format {
        crate::cli::ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &list)?;
            out.push(b'\n');
        }
        crate::cli::ListFormat::Text => write_list(&list, &mut out)?,
    }
    emit(&out, None)
}

fn write_list(list: &[SourceInfo], out: &mut Vec<u8>) -> std::io::Result<()> {
    for s in list {
        writeln!(
            out,
            "{}  ({} citation(s), {} fact(s))",
            s.name, s.citations, s.facts
        )?;
        for (name, _) in registry::PROPERTIES {
            let value = match s.values.get(name) {
                Some(v) => v.clone(),
                None if s.not_known.iter().any(|n| n == name) => "not known".to_owned(),
                None => continue,
            };
            writeln!(out, "    {name:<10} {value}")?;
        }
        if let Some(length) = s.length {
            writeln!(out, "    {:<10} {length} characters", "length")?;
        }
    }
    Ok(())
}

/// Where `sources add` writes: the folder given with --data, else the checkout's `data/`.
fn data_folder(sources: &Sources) -> anyhow::Result<PathBuf> {
    if let Some(dir) = sources.data.iter().find(|d| d.is_dir()) {
        return Ok(dir.clone());
    }
    let here = PathBuf::from("data");
    if here.is_dir() {
        return Ok(here);
    }
    Err(Error::Usage(
        "no data folder to register the source in: run in a dipkg checkout (it has data/), or give --data DIR or --store DIR".into(),
    )
    .into())
}

fn sources_add(args: SourcesAddArgs, sources: Sources) -> anyhow::Result<()> {
    let text = Text::read(&args.file)?;
    let dataset = store::load(&sources)?;
    let known = registry::list(&dataset.store)?;
    let new = NewSource {
        name: args.name,
        title: args.title,
        lang: args.lang,
        url: args.url,
        publisher: args.publisher,
        published: args.published,
        retrieved: args.retrieved,
        licence: args.licence,
    };
    let (name, description) = registry::describe(&new, &args.file, &text, &known)?;
    let added = registry::append("", &name, &description);
    // The description must parse before anything is written.
    let quads = parse_trig(added.as_bytes(), "the new description")?;
    let written = if let Some(dir) = &sources.store {
        drop(dataset);
        let (store, _lock) =
            dipkg::rdf::persistent::open(dir, dipkg::rdf::persistent::Access::Write)?;
        let mut transaction = store.start_transaction().map_err(dipkg::Error::from)?;
        for quad in &quads {
            transaction.insert(quad);
        }
        transaction.commit().map_err(dipkg::Error::from)?;
        dipkg::rdf::persistent::flush(&store, dir)?;
        dir.display().to_string()
    } else {
        let path = data_folder(&sources)?.join("sources.trig");
        let existing = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => return Err(Error::Io { path, source }.into()),
        };
        let whole = registry::append(&existing, &name, &description);
        parse_trig(whole.as_bytes(), &path.display().to_string())?;
        dipkg::output::write_file(&path, whole.as_bytes())?;
        path.display().to_string()
    };
    eprintln!(
        "dipkg: registered source {name} ({} characters, sha256 {}) in {written}",
        text.chars,
        &text.sha256[..12]
    );
    Ok(())
}

fn parse_trig(bytes: &[u8], name: &str) -> dipkg::Result<Vec<oxigraph::model::Quad>> {
    oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::TriG)
        .for_slice(bytes)
        .map(|q| {
            q.map_err(|e| Error::BadFile {
                path: name.to_owned(),
                message: e.to_string(),
            })
        })
        .collect()
}

/// The text a user names: a file (registered or not), or a registered source's name.
fn resolve(
    what: &str,
    known: &[SourceInfo],
    dirs: &[PathBuf],
) -> anyhow::Result<(Text, Option<SourceInfo>, String)> {
    let path = Path::new(what);
    if path.is_file() {
        let text = Text::read(path)?;
        let info = known
            .iter()
            .find(|s| s.sha256() == Some(text.sha256.as_str()))
            .cloned();
        return Ok((text, info, what.to_owned()));
    }
    let info = registry::find(known, what)?.clone();
    let (file, text) = registry::locate(&info, dirs)?;
    Ok((text, Some(info), file.display().to_string()))
}

/// `dipkg cite`.
pub fn cite(args: CiteArgs, sources: Sources, dirs: &[PathBuf]) -> anyhow::Result<()> {
    let dataset = store::load(&sources)?;
    let known = registry::list(&dataset.store)?;
    let (text, info, display) = resolve(&args.source, &known, dirs)?;
    let (source_iri, name, lang) = match &info {
        Some(info) => (
            info.iri.clone(),
            info.name.clone(),
            info.values
                .get("language")
                .cloned()
                .unwrap_or_else(|| "en".into()),
        ),
        None => {
            let name = registry::slug(
                &Path::new(&args.source)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            eprintln!(
                "dipkg: {display} is not a registered source; the citation names source/{name} (register it with `dipkg sources add`)"
            );
            (
                format!("{}{name}", registry::SOURCE_BASE),
                name,
                extract::detect(&text.text).to_owned(),
            )
        }
    };
    let named = match &info {
        Some(_) => format!("source {name}"),
        None => display.clone(),
    };
    let quote = cite::find(&text, &named, &args.words, args.occurrence)?;
    let fact = args.fact.as_deref().map(normalise_fact).transpose()?;
    let iri = match &fact {
        Some((_, padded)) => format!("{}citation/{padded}", dipkg::vocab::DKR),
        None => format!(
            "{}citation/{name}-{}-{}",
            dipkg::vocab::DKR,
            quote.start,
            quote.end
        ),
    };
    let body = cite::turtle(
        &cite::Citing {
            iri,
            source: &source_iri,
            fact: fact.as_ref().map(|(f, _)| f.as_str()),
            lang: &lang,
            key: &quote.exact,
        },
        &quote,
    );
    let indented: Vec<String> = body
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("    {l}")
            }
        })
        .collect();
    let out = format!(
        "{}\n<https://w3id.org/dipkg/graph/citations> {{\n{}\n}}\n",
        cite::PREFIXES,
        indented.join("\n").trim_end()
    );
    emit(out.as_bytes(), args.output.as_deref())
}

/// `F1` or `f01` as (`F1`, `F01`).
fn normalise_fact(fact: &str) -> anyhow::Result<(String, String)> {
    let number: u32 = fact.trim_start_matches(['F', 'f']).parse().map_err(|_| {
        Error::Usage(format!(
            "--fact {fact:?}: a fact is F and a number (F1, F23)"
        ))
    })?;
    Ok((format!("F{number}"), format!("F{number:02}")))
}

/// The texts of a folder, in name order, links not followed.
fn folder_files(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        match entry.file_type() {
            Ok(kind) if kind.is_dir() && depth < 8 => folder_files(&entry.path(), out, depth + 1),
            Ok(kind) if kind.is_file() && entry.path().extension().is_some_and(|e| e == "txt") => {
                out.push(entry.path())
            }
            _ => {}
        }
    }
}

/// `dipkg extract`.
pub fn extract(args: ExtractArgs, sources: Sources, dirs: &[PathBuf]) -> anyhow::Result<()> {
    let lexicon = Lexicon::load(args.lexicon.as_deref())?;
    let dataset = store::load(&sources)?;
    let known = registry::list(&dataset.store)?;
    let mut named: Vec<String> = Vec::new();
    for input in &args.inputs {
        let path = Path::new(input);
        if path.is_dir() {
            let mut files = Vec::new();
            folder_files(path, &mut files, 0);
            named.extend(files.into_iter().map(|f| f.display().to_string()));
        } else {
            named.push(input.clone());
        }
    }
    let progress = (std::io::stderr().is_terminal() && named.len() > 1).then(|| {
        let bar = indicatif::ProgressBar::new(named.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} texts {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let offices = extract::offices(&dataset.store)?;
    let office = |words: &str| offices.get(&dipkg::align::names::fold(words)).cloned();
    let mut extractor = extract::Extractor::new(&dataset.store, &lexicon);
    // Output starts with the first candidate, so a run that finds nothing writes nothing.
    let mut out = Output::new(args.output.as_deref());
    let (mut texts, mut sentences, mut count) = (0, 0, 0);
    for what in &named {
        let input = input(what, &known, dirs, args.lang)?;
        let extracted = extractor.run(input)?;
        texts += 1;
        sentences += extracted.sentences;
        if let Some(bar) = &progress {
            bar.inc(1);
        }
        if extracted.candidates.is_empty() {
            continue;
        }
        if count == 0 && args.format == ExtractFormat::Trig {
            out.write(extract::write::trig_header().as_bytes())?;
        }
        count += extracted.candidates.len();
        let piece = match args.format {
            ExtractFormat::Text => extract::write::text_view(&extracted),
            ExtractFormat::Trig => extract::write::trig(&extracted, &office),
            ExtractFormat::Nquads => {
                let trig = format!(
                    "{}{}",
                    extract::write::trig_header(),
                    extract::write::trig(&extracted, &office)
                );
                let mut lines: Vec<String> = parse_trig(trig.as_bytes(), "candidates")?
                    .iter()
                    .map(|q| format!("{q} .\n"))
                    .collect();
                lines.sort();
                lines.dedup();
                lines.concat()
            }
        };
        out.write(piece.as_bytes())?;
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if count == 0 {
        eprintln!(
            "dipkg: read {sentences} sentence(s) in {texts} text(s): no dated statement found"
        );
        return Ok(());
    }
    out.finish()
}

/// One text to extract from: a file or a registered source, with its language and source.
fn input(what: &str, known: &[SourceInfo], dirs: &[PathBuf], lang: Lang) -> anyhow::Result<Input> {
    let (text, info, display) = resolve(what, known, dirs)?;
    let lang = match lang {
        Lang::Auto => extract::detect(&text.text).to_owned(),
        Lang::En => "en".into(),
        Lang::Ru => "ru".into(),
        Lang::Ky => "ky".into(),
        Lang::Tr => "tr".into(),
    };
    let (source_iri, source_name, description) = match info {
        Some(info) => (info.iri, info.name, None),
        None => {
            let file = Path::new(what);
            let stem = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let new = NewSource {
                title: stem,
                lang: lang.clone(),
                ..NewSource::default()
            };
            let (name, description) = registry::describe(&new, file, &text, &[])?;
            (
                format!("{}{name}", registry::SOURCE_BASE),
                name,
                Some(description),
            )
        }
    };
    Ok(Input {
        display,
        source_iri,
        source_name,
        text,
        lang,
        description,
    })
}

/// Where `extract` writes as it goes: a file that appears only when complete, or standard output.
enum Output {
    /// Nothing written yet; the file to write, if any.
    Pending(Option<PathBuf>),
    /// A file being written.
    File(dipkg::output::AtomicFile, PathBuf),
    /// Standard output.
    Stdout(std::io::BufWriter<std::io::Stdout>),
}

impl Output {
    fn new(path: Option<&Path>) -> Self {
        Self::Pending(path.map(Path::to_owned))
    }

    fn write(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        if let Self::Pending(path) = self {
            *self = match path.take() {
                Some(path) => Self::File(dipkg::output::AtomicFile::create(&path)?, path),
                None => Self::Stdout(std::io::BufWriter::new(std::io::stdout())),
            };
        }
        match self {
            Self::File(file, path) => file.write_all(bytes).map_err(|source| Error::WriteFile {
                path: path.clone(),
                source,
            })?,
            Self::Stdout(out) => out.write_all(bytes)?,
            Self::Pending(_) => {}
        }
        Ok(())
    }

    fn finish(self) -> anyhow::Result<()> {
        match self {
            Self::File(file, _) => file.commit()?,
            Self::Stdout(mut out) => out.flush()?,
            Self::Pending(_) => {}
        }
        Ok(())
    }
}

/// `dipkg accept`.
pub fn accept(args: AcceptArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.candidates).map_err(|source| Error::Io {
        path: args.candidates.clone(),
        source,
    })?;
    let existing = match std::fs::read_to_string(&args.output) {
        Ok(text) if text.starts_with(extract::accept::MARKER) => Some(text),
        Ok(_) => {
            return Err(Error::Usage(format!(
                "{}: exists and was not written by `dipkg accept`; accept never writes over curated data: choose a new file",
                args.output.display()
            ))
            .into());
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(Error::Io {
                path: args.output.clone(),
                source,
            }
            .into());
        }
    };
    let by = args
        .by
        .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "unknown curator".into());
    let at = now();
    let display = args.output.display().to_string();
    let accepted = extract::accept::accept(
        &bytes,
        &args.candidates.display().to_string(),
        &args.only,
        &by,
        &at,
        existing.as_deref().map(|e| (e, display.as_str())),
    )?;
    dipkg::output::write_file(&args.output, accepted.text.as_bytes())?;
    eprintln!(
        "dipkg: accepted {} candidate(s) into {display}",
        accepted.ids.len()
    );
    Ok(())
}

/// Now as an `xsd:dateTime` in UTC, or SOURCE_DATE_EPOCH's time when set (for reproducible files).
fn now() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}
