//! From the command line's types to the library's: the sources to load, the
//! HTTP client, formats and profiles, and the colour choice.

use crate::cli::{Color, Infer, Inferred, OutputFormat, RdfOutput, RemoteArgs, SourceArgs};
use clap::ValueEnum;
use dipkg::check::reason::Profile;
use dipkg::rdf::export;
use dipkg::rdf::store::Sources;
use dipkg::remote::http::{self, Client, Credentials};
use dipkg::sparql::results::Format;
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use std::time::Duration;

impl Color {
    /// The same choice for clap's help and errors.
    pub fn clap(self) -> clap::ColorChoice {
        match self {
            Self::Auto => clap::ColorChoice::Auto,
            Self::Always => clap::ColorChoice::Always,
            Self::Never => clap::ColorChoice::Never,
        }
    }

    /// Whether to colour output that goes to a terminal (`on_terminal`) or not.
    pub fn enabled(self, on_terminal: bool) -> bool {
        match self {
            Self::Always => true,
            Self::Never => false,
            Self::Auto => on_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    /// The `--color` value among the raw arguments, read before clap parses
    /// them so its own help and errors follow it too.
    pub fn from_args(args: &[std::ffi::OsString]) -> Self {
        let mut choice = Self::Auto;
        let mut iter = args.iter().filter_map(|a| a.to_str());
        while let Some(arg) = iter.next() {
            let value = match arg.strip_prefix("--color") {
                Some("") => iter.next(),
                Some(rest) => rest.strip_prefix('='),
                None => None,
            };
            if let Some(c) = value.and_then(|v| Self::from_str(v, true).ok()) {
                choice = c;
            }
        }
        choice
    }
}

impl SourceArgs {
    /// What the store is built from.
    pub fn sources(&self) -> Sources {
        Sources {
            data: self.data.clone(),
            add: self.add.clone(),
            no_ontology: self.no_ontology,
            data_format: self.data_format.map(Into::into),
            store: self.store.clone(),
        }
    }
}

impl RemoteArgs {
    /// How long an HTTP exchange may take.
    pub fn timeout(&self) -> Duration {
        self.timeout
            .map_or(http::DEFAULT_TIMEOUT, Duration::from_secs)
    }

    /// How long a query on the embedded store may take, if limited.
    pub fn query_timeout(&self) -> Option<Duration> {
        self.timeout.map(Duration::from_secs)
    }

    /// The HTTP client of a query's `SERVICE` calls: never with credentials, which
    /// are for the servers named on the command line, not those a query names.
    pub fn service_client(&self) -> dipkg::Result<Client> {
        Ok(Client::new(self.timeout(), None)?.with_max_response(self.max_response))
    }

    /// The HTTP client of `--endpoint`, `push`, `link` and `compare`, with
    /// credentials read from their files; `warn` hears of credentials sent readable.
    pub fn client(&self, warn: http::Warn) -> dipkg::Result<Client> {
        let credentials = match (&self.user, &self.password_file, &self.token_file) {
            (Some(user), Some(file), _) => Some(Credentials::Password {
                user: user.clone(),
                password: http::read_secret(file)?,
            }),
            (_, _, Some(file)) => Some(Credentials::Bearer(http::read_secret(file)?)),
            _ => None,
        };
        Ok(Client::new(self.timeout(), credentials)?
            .with_max_response(self.max_response)
            .with_warnings(warn))
    }
}

impl From<Infer> for Profile {
    fn from(infer: Infer) -> Self {
        match infer {
            Infer::Rdfs => Profile::Rdfs,
            Infer::OwlRl => Profile::OwlRl,
        }
    }
}

impl From<Inferred> for export::Inferred {
    fn from(inferred: Inferred) -> Self {
        match inferred {
            Inferred::Only => Self::Only,
            Inferred::With => Self::With,
            Inferred::Without => Self::Without,
        }
    }
}

impl From<RdfOutput> for RdfFormat {
    fn from(format: RdfOutput) -> Self {
        match format {
            RdfOutput::Turtle => RdfFormat::Turtle,
            RdfOutput::Ntriples => RdfFormat::NTriples,
            RdfOutput::Nquads => RdfFormat::NQuads,
            RdfOutput::Trig => RdfFormat::TriG,
            RdfOutput::Rdfxml => RdfFormat::RdfXml,
            RdfOutput::Jsonld => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        }
    }
}

impl From<OutputFormat> for Format {
    fn from(format: OutputFormat) -> Self {
        let rdf = |f: RdfOutput| Format::Rdf(f.into());
        match format {
            OutputFormat::Table => Format::Table,
            OutputFormat::Csv => Format::Csv,
            OutputFormat::Tsv => Format::Tsv,
            OutputFormat::Json => Format::Json,
            OutputFormat::Xml => Format::Xml,
            OutputFormat::Turtle => rdf(RdfOutput::Turtle),
            OutputFormat::Ntriples => rdf(RdfOutput::Ntriples),
            OutputFormat::Nquads => rdf(RdfOutput::Nquads),
            OutputFormat::Trig => rdf(RdfOutput::Trig),
            OutputFormat::Rdfxml => rdf(RdfOutput::Rdfxml),
            OutputFormat::Jsonld => rdf(RdfOutput::Jsonld),
        }
    }
}
