//! How deep a query nests, in its text and in its algebra: the parser, the
//! binder and Oxigraph's optimiser all recurse over the tree, so a query past
//! [`MAX_DEPTH`] is refused before any of them sees it.

use spargebra::Query;
use spargebra::algebra::{AggregateExpression, Expression, GraphPattern, OrderExpression};

/// The deepest a query's algebra may nest: groups, UNION branches, operators
/// of an expression, steps of a property path. Far beyond any real query; the
/// parser, the binder and Oxigraph's optimiser all recurse over the tree, and
/// Oxigraph's optimiser is quadratic in it.
pub const MAX_DEPTH: usize = 1000;

/// How deep the query's algebra nests, counted without recursion, stopping
/// once past `limit` (so a hostile query costs little to refuse).
pub fn depth(query: &Query, limit: usize) -> usize {
    use spargebra::algebra::PropertyPathExpression as Path;
    enum Node<'a> {
        Pattern(&'a GraphPattern),
        Expression(&'a Expression),
        Path(&'a Path),
    }
    let root = match query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    };
    let mut deepest = 0;
    let mut stack = vec![(Node::Pattern(root), 1)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        if deepest > limit {
            break;
        }
        let mut push = |node| stack.push((node, depth + 1));
        match node {
            Node::Pattern(pattern) => match pattern {
                GraphPattern::Bgp { .. } | GraphPattern::Values { .. } => {}
                GraphPattern::Path { path, .. } => push(Node::Path(path)),
                GraphPattern::Join { left, right }
                | GraphPattern::Lateral { left, right }
                | GraphPattern::Union { left, right }
                | GraphPattern::Minus { left, right } => {
                    push(Node::Pattern(left));
                    push(Node::Pattern(right));
                }
                GraphPattern::LeftJoin {
                    left,
                    right,
                    expression,
                } => {
                    push(Node::Pattern(left));
                    push(Node::Pattern(right));
                    if let Some(e) = expression {
                        push(Node::Expression(e));
                    }
                }
                GraphPattern::Filter { expr, inner } => {
                    push(Node::Expression(expr));
                    push(Node::Pattern(inner));
                }
                GraphPattern::Extend {
                    inner, expression, ..
                } => {
                    push(Node::Expression(expression));
                    push(Node::Pattern(inner));
                }
                GraphPattern::OrderBy { inner, expression } => {
                    push(Node::Pattern(inner));
                    for o in expression {
                        match o {
                            OrderExpression::Asc(e) | OrderExpression::Desc(e) => {
                                push(Node::Expression(e));
                            }
                        }
                    }
                }
                GraphPattern::Group {
                    inner, aggregates, ..
                } => {
                    push(Node::Pattern(inner));
                    for (_, aggregate) in aggregates {
                        if let AggregateExpression::FunctionCall { expr, .. } = aggregate {
                            push(Node::Expression(expr));
                        }
                    }
                }
                GraphPattern::Graph { inner, .. }
                | GraphPattern::Project { inner, .. }
                | GraphPattern::Distinct { inner }
                | GraphPattern::Reduced { inner }
                | GraphPattern::Slice { inner, .. }
                | GraphPattern::Service { inner, .. } => push(Node::Pattern(inner)),
            },
            Node::Expression(expression) => {
                use Expression as E;
                match expression {
                    E::NamedNode(_) | E::Literal(_) | E::Variable(_) | E::Bound(_) => {}
                    E::Or(a, b)
                    | E::And(a, b)
                    | E::Equal(a, b)
                    | E::SameTerm(a, b)
                    | E::Greater(a, b)
                    | E::GreaterOrEqual(a, b)
                    | E::Less(a, b)
                    | E::LessOrEqual(a, b)
                    | E::Add(a, b)
                    | E::Subtract(a, b)
                    | E::Multiply(a, b)
                    | E::Divide(a, b) => {
                        push(Node::Expression(a));
                        push(Node::Expression(b));
                    }
                    E::UnaryPlus(a) | E::UnaryMinus(a) | E::Not(a) => push(Node::Expression(a)),
                    E::In(a, list) => {
                        push(Node::Expression(a));
                        list.iter().for_each(|e| push(Node::Expression(e)));
                    }
                    E::Exists(p) => push(Node::Pattern(p)),
                    E::If(a, b, c) => {
                        push(Node::Expression(a));
                        push(Node::Expression(b));
                        push(Node::Expression(c));
                    }
                    E::Coalesce(list) | E::FunctionCall(_, list) => {
                        list.iter().for_each(|e| push(Node::Expression(e)));
                    }
                }
            }
            Node::Path(path) => match path {
                Path::NamedNode(_) | Path::NegatedPropertySet(_) => {}
                Path::Reverse(p)
                | Path::ZeroOrMore(p)
                | Path::OneOrMore(p)
                | Path::ZeroOrOne(p) => {
                    push(Node::Path(p));
                }
                Path::Sequence(a, b) | Path::Alternative(a, b) => {
                    push(Node::Path(a));
                    push(Node::Path(b));
                }
            },
        }
    }
    deepest
}

/// How deep brackets (`{`, `(`, `[`) nest in query text, outside strings and
/// comments, stopping once past `limit`: checked before parsing, since the
/// parser recurses once per level.
pub fn text_depth(text: &str, limit: usize) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0, 0);
    while i < bytes.len() && deepest <= limit {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            quote @ (b'"' | b'\'') => {
                let long = bytes[i..].starts_with(&[quote; 3]);
                i += if long { 3 } else { 1 };
                while i < bytes.len() {
                    if bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if long && bytes[i..].starts_with(&[quote; 3]) {
                        i += 2;
                        break;
                    }
                    if !long && (bytes[i] == quote || bytes[i] == b'\n') {
                        break;
                    }
                    i += 1;
                }
            }
            b'{' | b'(' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;
    use spargebra::SparqlParser;

    fn parse(q: &str) -> Query {
        SparqlParser::new()
            .parse_query(q)
            .expect("valid test query")
    }

    #[test]
    fn depth_counts_unions_operators_and_paths() {
        let union = format!(
            "SELECT * WHERE {{ {} }}",
            vec!["{ ?s ?p ?o }"; 50].join(" UNION ")
        );
        assert!(depth(&parse(&union), 1000) > 50);
        let or = format!(
            "SELECT * WHERE {{ ?s ?p ?o FILTER({}) }}",
            vec!["?o = 1"; 50].join(" || ")
        );
        assert!(depth(&parse(&or), 1000) > 50);
        let path = format!(
            "SELECT * WHERE {{ ?s {} ?o }}",
            vec!["<http://p>"; 50].join("|")
        );
        assert!(depth(&parse(&path), 1000) > 50);
        assert!(depth(&parse("SELECT * WHERE { ?s ?p ?o }"), 1000) < 5);
        assert_eq!(depth(&parse(&union), 10), 11, "stops past the limit");
    }

    #[test]
    fn text_depth_skips_strings_and_comments() {
        assert_eq!(text_depth(r#"SELECT * { { ?s ?p "{{{(" } } # ((("#, 100), 2);
        assert_eq!(text_depth(r#"ASK { FILTER("""{{""" = "\"{") }"#, 100), 2);
        assert_eq!(text_depth(&"{".repeat(5000), 10), 11);
    }
}
