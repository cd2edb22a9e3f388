//! Binds parameter values on the parsed query algebra. Oxigraph's own
//! `substitute_variable` only binds projected variables, and saved queries use
//! parameters in triple patterns, FILTERs and BINDs, so the variable is replaced
//! by the term everywhere in the `spargebra` tree instead. Nothing here produces
//! query text, so a value cannot change the query's structure.
//!
//! Where a projected or grouped variable is bound, its column is kept by extending
//! the solutions with the constant, so `SELECT ?_year` still shows the year.

use oxigraph::model::{Literal, Term, Variable};
use spargebra::Query;
use spargebra::algebra::{AggregateExpression, Expression, GraphPattern, OrderExpression};
use spargebra::term::{GroundTerm, NamedNodePattern, TermPattern, TriplePattern};
use std::collections::{BTreeSet, HashMap};

/// Every variable the query mentions, in any position.
pub fn variables(query: &Query) -> BTreeSet<Variable> {
    let mut binder = Binder {
        values: &HashMap::new(),
        seen: BTreeSet::new(),
    };
    // An empty substitution cannot fail and leaves the query as it was.
    let _ = binder.query(query.clone());
    binder.seen
}

/// Replaces each variable of `values` by its term throughout the query.
pub fn bind(query: Query, values: &HashMap<Variable, Term>) -> Result<Query, String> {
    if values.is_empty() {
        return Ok(query);
    }
    Binder {
        values,
        seen: BTreeSet::new(),
    }
    .query(query)
}

struct Binder<'a> {
    values: &'a HashMap<Variable, Term>,
    seen: BTreeSet<Variable>,
}

/// A pattern that has no solution, for triples that can no longer match.
fn empty() -> GraphPattern {
    GraphPattern::Values {
        variables: Vec::new(),
        bindings: Vec::new(),
    }
}

fn constant(term: &Term) -> Expression {
    match term {
        Term::NamedNode(n) => Expression::NamedNode(n.clone()),
        Term::Literal(l) => Expression::Literal(l.clone()),
        // Parameters are never blank nodes; an unmatched term keeps the variable unbound.
        #[allow(unreachable_patterns)]
        _ => Expression::Literal(Literal::new_simple_literal(term.to_string())),
    }
}

impl Binder<'_> {
    fn lookup(&mut self, variable: &Variable) -> Option<Term> {
        self.seen.insert(variable.clone());
        self.values.get(variable).cloned()
    }

    fn query(&mut self, query: Query) -> Result<Query, String> {
        Ok(match query {
            Query::Select {
                dataset,
                pattern,
                base_iri,
            } => Query::Select {
                dataset,
                pattern: self.pattern(pattern)?,
                base_iri,
            },
            Query::Construct {
                template,
                dataset,
                pattern,
                base_iri,
            } => {
                let mut bound = Vec::with_capacity(template.len());
                for triple in template {
                    if let Some(triple) = self.triple(triple) {
                        bound.push(triple);
                    }
                }
                Query::Construct {
                    template: bound,
                    dataset,
                    pattern: self.pattern(pattern)?,
                    base_iri,
                }
            }
            Query::Describe {
                dataset,
                pattern,
                base_iri,
            } => Query::Describe {
                dataset,
                pattern: self.pattern(pattern)?,
                base_iri,
            },
            Query::Ask {
                dataset,
                pattern,
                base_iri,
            } => Query::Ask {
                dataset,
                pattern: self.pattern(pattern)?,
                base_iri,
            },
        })
    }

    fn term(&mut self, pattern: TermPattern) -> TermPattern {
        match pattern {
            TermPattern::Variable(v) => match self.lookup(&v) {
                Some(Term::NamedNode(n)) => TermPattern::NamedNode(n),
                Some(Term::Literal(l)) => TermPattern::Literal(l),
                _ => TermPattern::Variable(v),
            },
            other => other,
        }
    }

    /// `None` when a literal was bound where only an IRI can stand.
    fn named(&mut self, pattern: NamedNodePattern) -> Option<NamedNodePattern> {
        match pattern {
            NamedNodePattern::Variable(v) => match self.lookup(&v) {
                Some(Term::NamedNode(n)) => Some(NamedNodePattern::NamedNode(n)),
                Some(_) => None,
                None => Some(NamedNodePattern::Variable(v)),
            },
            other => Some(other),
        }
    }

    fn triple(&mut self, triple: TriplePattern) -> Option<TriplePattern> {
        let subject = self.term(triple.subject);
        let predicate = self.named(triple.predicate);
        let object = self.term(triple.object);
        Some(TriplePattern {
            subject,
            predicate: predicate?,
            object,
        })
    }

    #[expect(
        clippy::boxed_local,
        reason = "the algebra holds boxes; taking them keeps call sites short"
    )]
    fn boxed(&mut self, pattern: Box<GraphPattern>) -> Result<Box<GraphPattern>, String> {
        Ok(Box::new(self.pattern(*pattern)?))
    }

    fn pattern(&mut self, pattern: GraphPattern) -> Result<GraphPattern, String> {
        Ok(match pattern {
            GraphPattern::Bgp { patterns } => {
                let mut bound = Vec::with_capacity(patterns.len());
                let mut possible = true;
                for triple in patterns {
                    match self.triple(triple) {
                        Some(t) => bound.push(t),
                        None => possible = false,
                    }
                }
                if possible {
                    GraphPattern::Bgp { patterns: bound }
                } else {
                    empty()
                }
            }
            GraphPattern::Path {
                subject,
                path,
                object,
            } => GraphPattern::Path {
                subject: self.term(subject),
                path,
                object: self.term(object),
            },
            GraphPattern::Join { left, right } => GraphPattern::Join {
                left: self.boxed(left)?,
                right: self.boxed(right)?,
            },
            GraphPattern::LeftJoin {
                left,
                right,
                expression,
            } => GraphPattern::LeftJoin {
                left: self.boxed(left)?,
                right: self.boxed(right)?,
                expression: expression.map(|e| self.expression(e)).transpose()?,
            },
            GraphPattern::Lateral { left, right } => GraphPattern::Lateral {
                left: self.boxed(left)?,
                right: self.boxed(right)?,
            },
            GraphPattern::Filter { expr, inner } => GraphPattern::Filter {
                expr: self.expression(expr)?,
                inner: self.boxed(inner)?,
            },
            GraphPattern::Union { left, right } => GraphPattern::Union {
                left: self.boxed(left)?,
                right: self.boxed(right)?,
            },
            GraphPattern::Graph { name, inner } => match self.named(name) {
                Some(name) => GraphPattern::Graph {
                    name,
                    inner: self.boxed(inner)?,
                },
                None => empty(),
            },
            GraphPattern::Extend {
                inner,
                variable,
                expression,
            } => {
                if self.lookup(&variable).is_some() {
                    return Err(format!(
                        "parameter variable ?{} is assigned by BIND or AS in the query and cannot also be given a value",
                        variable.as_str()
                    ));
                }
                GraphPattern::Extend {
                    inner: self.boxed(inner)?,
                    variable,
                    expression: self.expression(expression)?,
                }
            }
            GraphPattern::Minus { left, right } => GraphPattern::Minus {
                left: self.boxed(left)?,
                right: self.boxed(right)?,
            },
            GraphPattern::Values {
                variables,
                bindings,
            } => self.values(variables, bindings),
            GraphPattern::OrderBy { inner, expression } => GraphPattern::OrderBy {
                inner: self.boxed(inner)?,
                expression: expression
                    .into_iter()
                    .map(|o| {
                        Ok(match o {
                            OrderExpression::Asc(e) => OrderExpression::Asc(self.expression(e)?),
                            OrderExpression::Desc(e) => OrderExpression::Desc(self.expression(e)?),
                        })
                    })
                    .collect::<Result<_, String>>()?,
            },
            GraphPattern::Project { inner, variables } => {
                let mut inner = self.pattern(*inner)?;
                for variable in &variables {
                    if let Some(term) = self.lookup(variable) {
                        inner = GraphPattern::Extend {
                            inner: Box::new(inner),
                            variable: variable.clone(),
                            expression: constant(&term),
                        };
                    }
                }
                GraphPattern::Project {
                    inner: Box::new(inner),
                    variables,
                }
            }
            GraphPattern::Distinct { inner } => GraphPattern::Distinct {
                inner: self.boxed(inner)?,
            },
            GraphPattern::Reduced { inner } => GraphPattern::Reduced {
                inner: self.boxed(inner)?,
            },
            GraphPattern::Slice {
                inner,
                start,
                length,
            } => GraphPattern::Slice {
                inner: self.boxed(inner)?,
                start,
                length,
            },
            GraphPattern::Group {
                inner,
                variables,
                aggregates,
            } => {
                let inner = self.boxed(inner)?;
                let mut kept = Vec::with_capacity(variables.len());
                let mut grouped_constants = Vec::new();
                for variable in variables {
                    match self.lookup(&variable) {
                        Some(term) => grouped_constants.push((variable, term)),
                        None => kept.push(variable),
                    }
                }
                let mut bound_aggregates = Vec::with_capacity(aggregates.len());
                for (variable, aggregate) in aggregates {
                    if self.lookup(&variable).is_some() {
                        return Err(format!(
                            "parameter variable ?{} is the result of an aggregate and cannot also be given a value",
                            variable.as_str()
                        ));
                    }
                    bound_aggregates.push((variable, self.aggregate(aggregate)?));
                }
                let mut pattern = GraphPattern::Group {
                    inner,
                    variables: kept,
                    aggregates: bound_aggregates,
                };
                // A constant group key adds no grouping; it is put back as a column.
                for (variable, term) in grouped_constants {
                    pattern = GraphPattern::Extend {
                        inner: Box::new(pattern),
                        variable,
                        expression: constant(&term),
                    };
                }
                pattern
            }
            GraphPattern::Service {
                name,
                inner,
                silent,
            } => match self.named(name) {
                Some(name) => GraphPattern::Service {
                    name,
                    inner: self.boxed(inner)?,
                    silent,
                },
                None => empty(),
            },
        })
    }

    /// Drops a bound variable's column, keeping only rows that agree with its value.
    fn values(
        &mut self,
        variables: Vec<Variable>,
        bindings: Vec<Vec<Option<GroundTerm>>>,
    ) -> GraphPattern {
        let bound: Vec<Option<Term>> = variables.iter().map(|v| self.lookup(v)).collect();
        if bound.iter().all(Option::is_none) {
            return GraphPattern::Values {
                variables,
                bindings,
            };
        }
        let rows = bindings
            .into_iter()
            .filter(|row| {
                row.iter()
                    .zip(&bound)
                    .all(|(cell, value)| match (cell, value) {
                        (Some(cell), Some(value)) => ground_equals(cell, value),
                        _ => true,
                    })
            })
            .map(|row| {
                row.into_iter()
                    .zip(&bound)
                    .filter(|(_, value)| value.is_none())
                    .map(|(cell, _)| cell)
                    .collect()
            })
            .collect();
        GraphPattern::Values {
            variables: variables
                .into_iter()
                .zip(&bound)
                .filter(|(_, value)| value.is_none())
                .map(|(v, _)| v)
                .collect(),
            bindings: rows,
        }
    }

    fn aggregate(&mut self, aggregate: AggregateExpression) -> Result<AggregateExpression, String> {
        Ok(match aggregate {
            AggregateExpression::FunctionCall {
                name,
                expr,
                distinct,
            } => AggregateExpression::FunctionCall {
                name,
                expr: self.expression(expr)?,
                distinct,
            },
            other => other,
        })
    }

    #[expect(
        clippy::boxed_local,
        reason = "the algebra holds boxes; taking them keeps call sites short"
    )]
    fn boxed_expression(&mut self, e: Box<Expression>) -> Result<Box<Expression>, String> {
        Ok(Box::new(self.expression(*e)?))
    }

    fn expression(&mut self, expression: Expression) -> Result<Expression, String> {
        use Expression as E;
        Ok(match expression {
            E::Variable(v) => match self.lookup(&v) {
                Some(term) => constant(&term),
                None => E::Variable(v),
            },
            E::Bound(v) => match self.lookup(&v) {
                Some(_) => E::Literal(Literal::from(true)),
                None => E::Bound(v),
            },
            E::Or(a, b) => E::Or(self.boxed_expression(a)?, self.boxed_expression(b)?),
            E::And(a, b) => E::And(self.boxed_expression(a)?, self.boxed_expression(b)?),
            E::Equal(a, b) => E::Equal(self.boxed_expression(a)?, self.boxed_expression(b)?),
            E::SameTerm(a, b) => E::SameTerm(self.boxed_expression(a)?, self.boxed_expression(b)?),
            E::Greater(a, b) => E::Greater(self.boxed_expression(a)?, self.boxed_expression(b)?),
            E::GreaterOrEqual(a, b) => {
                E::GreaterOrEqual(self.boxed_expression(a)?, self.boxed_expression(b)?)
            }
            E::Less(a, b) => E::Less(self.boxed_expression(a)?, self.boxed_expression(b)?),
            E::LessOrEqual(a, b) => {
                E::LessOrEqual(self.boxed_expression(a)?, self.boxed_expression(b)?)
            }
            E::In(a, list) => E::In(
                self.boxed_expression(a)?,
                list.into_iter()
                    .map(|e| self.expression(e))
                    .collect::<Result<_, _>>()?,
            ),
            E::Add(a, b) => E::Add(self.boxed_expression(a)?, self.boxed_expression(b)?),
            E::Subtract(a, b) => E::Subtract(self.boxed_expression(a)?, self.boxed_expression(b)?),
            E::Multiply(a, b) => E::Multiply(self.boxed_expression(a)?, self.boxed_expression(b)?),
            E::Divide(a, b) => E::Divide(self.boxed_expression(a)?, self.boxed_expression(b)?),
            E::UnaryPlus(a) => E::UnaryPlus(self.boxed_expression(a)?),
            E::UnaryMinus(a) => E::UnaryMinus(self.boxed_expression(a)?),
            E::Not(a) => E::Not(self.boxed_expression(a)?),
            E::Exists(p) => E::Exists(self.boxed(p)?),
            E::If(a, b, c) => E::If(
                self.boxed_expression(a)?,
                self.boxed_expression(b)?,
                self.boxed_expression(c)?,
            ),
            E::Coalesce(list) => E::Coalesce(
                list.into_iter()
                    .map(|e| self.expression(e))
                    .collect::<Result<_, _>>()?,
            ),
            E::FunctionCall(f, args) => E::FunctionCall(
                f,
                args.into_iter()
                    .map(|e| self.expression(e))
                    .collect::<Result<_, _>>()?,
            ),
            other @ (E::NamedNode(_) | E::Literal(_)) => other,
        })
    }
}

fn ground_equals(cell: &GroundTerm, value: &Term) -> bool {
    match (cell, value) {
        (GroundTerm::NamedNode(a), Term::NamedNode(b)) => a == b,
        (GroundTerm::Literal(a), Term::Literal(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNode;
    use spargebra::SparqlParser;

    fn parse(q: &str) -> Query {
        SparqlParser::new()
            .parse_query(q)
            .expect("valid test query")
    }

    fn bound(q: &str, var: &str, term: Term) -> String {
        let values = HashMap::from([(Variable::new_unchecked(var), term)]);
        bind(parse(q), &values).expect("binds").to_string()
    }

    #[test]
    fn binds_in_triple_patterns_filters_and_binds() {
        let iri: Term = NamedNode::new_unchecked("http://ex/a").into();
        let out = bound(
            "SELECT ?s WHERE { ?s ?p ?_v . FILTER(?_v != ?s) BIND(?_v AS ?x) }",
            "_v",
            iri,
        );
        assert!(!out.contains("?_v"), "{out}");
        assert!(out.contains("<http://ex/a>"), "{out}");
    }

    #[test]
    fn projected_parameter_keeps_its_column() {
        let out = bound(
            "SELECT ?_year WHERE { ?s ?p ?o FILTER(?o = ?_year) }",
            "_year",
            Literal::from(2018).into(),
        );
        assert!(out.contains("AS ?_year)"), "{out}");
        assert_eq!(out.matches("?_year").count(), 1, "{out}");
    }

    #[test]
    fn literal_in_predicate_position_matches_nothing() {
        let out = bound(
            "SELECT * WHERE { ?s ?_p ?o }",
            "_p",
            Literal::from(1).into(),
        );
        assert!(!out.contains("?_p "), "{out}");
    }

    #[test]
    fn assigning_a_parameter_is_refused() {
        let values = HashMap::from([(Variable::new_unchecked("_v"), Literal::from(1).into())]);
        let err = bind(parse("SELECT ?_v WHERE { BIND(1 AS ?_v) }"), &values).expect_err("refused");
        assert!(err.contains("?_v"), "{err}");
    }

    #[test]
    fn collects_every_variable() {
        let vars = variables(&parse(
            "SELECT ?a WHERE { ?a <http://p> ?b OPTIONAL { ?b <http://q> ?_c } FILTER(BOUND(?__d)) }",
        ));
        let names: Vec<&str> = vars.iter().map(Variable::as_str).collect();
        assert_eq!(names, ["__d", "_c", "a", "b"]);
    }
}
