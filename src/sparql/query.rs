//! Runs a parsed query on the loaded dataset: resolves parameter values (given,
//! default, enumerated) into typed terms, binds them on the algebra, and evaluates
//! with the union of all named graphs as the default graph, unless the query
//! names its own dataset with FROM.

use crate::error::{Error, Result};
use crate::rdf::store::Dataset;
use crate::sparql::bind;
use crate::sparql::catalog::ParsedQuery;
use oxigraph::model::{Term, Triple, Variable};
use oxigraph::sparql::{QueryResults, QuerySolution, SparqlEvaluator};
use oxigraph::store::Store;
use std::collections::HashMap;

/// A query's answer, collected.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// SELECT: variables in SELECT order, and rows.
    Solutions {
        /// The projected variables.
        variables: Vec<Variable>,
        /// One value (or none) per variable, per row.
        rows: Vec<Row>,
    },
    /// ASK.
    Boolean(bool),
    /// CONSTRUCT or DESCRIBE.
    Graph(Vec<Triple>),
}

/// Turns `name=value` pairs into the terms to bind, checking names and types.
pub fn resolve_params(
    parsed: &ParsedQuery,
    given: &[(String, String)],
    dataset: &Dataset,
) -> Result<HashMap<Variable, Term>> {
    let fail = |message: String| Error::Parameter {
        query: parsed.name.clone(),
        message,
    };
    for (name, _) in given {
        if !parsed.params.iter().any(|p| &p.name == name) {
            let known: Vec<String> = parsed.params.iter().map(|p| p.name.clone()).collect();
            return Err(fail(if known.is_empty() {
                format!("unknown parameter {name}: this query takes no parameters")
            } else {
                format!(
                    "unknown parameter {name}: this query takes {}",
                    known.join(", ")
                )
            }));
        }
    }
    let mut values = HashMap::new();
    for param in &parsed.params {
        // The last of repeated `--param name=…` wins, as with most options.
        let value = given
            .iter()
            .rev()
            .find(|(name, _)| *name == param.name)
            .map(|(_, value)| value.as_str())
            .or_else(|| {
                parsed
                    .decorators
                    .defaults
                    .get(&param.name)
                    .map(String::as_str)
            });
        let Some(value) = value else {
            if param.required {
                return Err(fail(format!(
                    "missing required parameter {} ({}): pass --param {}=VALUE",
                    param.name, param.kind, param.name
                )));
            }
            continue;
        };
        if let Some(allowed) = parsed.decorators.enumerate.get(&param.name) {
            if !allowed.is_empty() && !allowed.iter().any(|a| a == value) {
                return Err(fail(format!(
                    "parameter {}: {value:?} is not one of {}",
                    param.name,
                    allowed.join(", ")
                )));
            }
        }
        let term = param.term(value, &dataset.prefixes).map_err(fail)?;
        values.insert(param.variable.clone(), term);
    }
    Ok(values)
}

/// The query with its parameters bound as typed terms on the algebra.
pub fn bound(
    dataset: &Dataset,
    parsed: &ParsedQuery,
    given: &[(String, String)],
) -> Result<spargebra::Query> {
    let values = resolve_params(parsed, given, dataset)?;
    bind::bind(parsed.query.clone(), &values).map_err(|message| Error::Parameter {
        query: parsed.name.clone(),
        message,
    })
}

/// Binds the parameters and evaluates the query with `evaluator`, collecting
/// the answer. The caller configures the evaluator: a query's `SERVICE` calls
/// go wherever its service handler sends them (the remote layer provides one),
/// so this layer knows nothing of HTTP.
pub fn run(
    dataset: &Dataset,
    parsed: &ParsedQuery,
    given: &[(String, String)],
    evaluator: SparqlEvaluator,
) -> Result<Answer> {
    match evaluate(dataset, parsed, given, evaluator)? {
        Evaluated::Solutions { variables, rows } => {
            let rows = rows
                .map(|solution| solution.map(|s| s.values().to_vec()))
                .collect::<Result<Vec<Row>>>()?;
            Ok(Answer::Solutions { variables, rows })
        }
        Evaluated::Done(answer) => Ok(answer),
    }
}

/// A query's answer before it is collected: SELECT solutions still streaming
/// from the evaluator, so a large answer can be written as it comes.
pub enum Evaluated<'a> {
    /// SELECT: the variables and the rows, produced on demand.
    Solutions {
        /// The projected variables.
        variables: Vec<Variable>,
        /// The solutions as the evaluator gives them (no copy of their terms).
        rows: Box<dyn Iterator<Item = Result<QuerySolution>> + 'a>,
    },
    /// ASK, CONSTRUCT or DESCRIBE, collected.
    Done(Answer),
}

/// Like [`run`], but SELECT rows stream instead of being collected.
pub fn evaluate<'a>(
    dataset: &'a Dataset,
    parsed: &ParsedQuery,
    given: &[(String, String)],
    evaluator: SparqlEvaluator,
) -> Result<Evaluated<'a>> {
    let query = bound(dataset, parsed, given)?;
    let own_dataset = query.dataset().is_some();
    let mut prepared = evaluator.for_query(query);
    if !own_dataset {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    let name = parsed.name.clone();
    let failed = move |e: &dyn std::fmt::Display| Error::Evaluation {
        name: name.clone(),
        message: service_hint(e.to_string()),
    };
    match prepared
        .on_store(&dataset.store)
        .execute()
        .map_err(|e| failed(&e))?
    {
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let rows = solutions.map(move |solution| solution.map_err(|e| failed(&e)));
            Ok(Evaluated::Solutions {
                variables,
                rows: Box::new(rows),
            })
        }
        QueryResults::Boolean(value) => Ok(Evaluated::Done(Answer::Boolean(value))),
        QueryResults::Graph(triples) => {
            let triples = triples
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(|e| failed(&e))?;
            Ok(Evaluated::Done(Answer::Graph(triples)))
        }
    }
}

/// One row of a SELECT answer: a value (or none) per projected variable.
pub type Row = Vec<Option<Term>>;

/// Collects solutions into rows in the order of `variables`, stopping at the
/// first error. The one place solutions become rows, local or remote.
pub fn rows<E>(
    variables: &[Variable],
    solutions: impl IntoIterator<Item = std::result::Result<QuerySolution, E>>,
    failed: impl Fn(E) -> Error,
) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution.map_err(&failed)?;
        rows.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
    }
    Ok(rows)
}

/// Runs one of dipkg's own fixed SELECT queries (no parameters) over the union
/// of the store's graphs; `name` says which in errors.
pub fn select(store: &Store, name: &str, text: &str) -> Result<Vec<Row>> {
    let failed = |e: &dyn std::fmt::Display| Error::Evaluation {
        name: name.to_owned(),
        message: e.to_string(),
    };
    let mut prepared = SparqlEvaluator::new()
        .parse_query(text)
        .map_err(|e| failed(&e))?;
    prepared.dataset_mut().set_default_graph_as_union();
    match prepared.on_store(store).execute().map_err(|e| failed(&e))? {
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            rows(&variables, solutions, |e| failed(&e))
        }
        _ => Err(failed(&"not a SELECT query")),
    }
}

/// A failed `SERVICE` call surfaces as a bare I/O message; say what to check.
fn service_hint(message: String) -> String {
    let lower = message.to_ascii_lowercase();
    if lower.contains("cannot connect") || lower.contains("no answer in time") {
        format!("{message} (a SERVICE endpoint of the query did not answer)")
    } else {
        message
    }
}

/// A time limit on one query. Oxigraph checks a cancellation token as it
/// works, and a timer cancels it at the deadline. Rows that are streamed out
/// are checked between rows too, because Oxigraph looks at its token only now
/// and then.
#[derive(Clone)]
pub struct Deadline {
    limit: std::time::Duration,
    passed: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Deadline {
    /// Starts the timer and hands back the evaluator that obeys it.
    pub fn start(
        limit: std::time::Duration,
        evaluator: SparqlEvaluator,
    ) -> (Self, SparqlEvaluator) {
        use std::sync::atomic::Ordering;
        let token = oxigraph::sparql::CancellationToken::new();
        let deadline = Self {
            limit,
            passed: std::sync::Arc::default(),
        };
        let passed = std::sync::Arc::clone(&deadline.passed);
        let timer = token.clone();
        std::thread::spawn(move || {
            std::thread::sleep(limit);
            passed.store(true, Ordering::SeqCst);
            timer.cancel();
        });
        (deadline, evaluator.with_cancellation_token(token))
    }

    /// Whether the time is up.
    pub fn passed(&self) -> bool {
        self.passed.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The rows, ending in an error once the time is up.
    pub fn guard<'a, T: 'a>(
        &self,
        name: &str,
        rows: impl Iterator<Item = Result<T>> + 'a,
    ) -> impl Iterator<Item = Result<T>> + 'a {
        let deadline = self.clone();
        let name = name.to_owned();
        rows.map(move |row| {
            if deadline.passed() {
                return Err(Error::Evaluation {
                    name: name.clone(),
                    message: "cancelled".to_owned(),
                });
            }
            row
        })
    }

    /// The error to report in place of whatever stopped the query.
    pub fn error(&self, name: &str) -> Error {
        Error::Evaluation {
            name: name.to_owned(),
            message: format!(
                "timed out after {} s (--timeout): stopped before the answer was complete; raise --timeout",
                self.limit.as_secs()
            ),
        }
    }
}
