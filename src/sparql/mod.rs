//! SPARQL over the dataset: the catalog of saved queries, their parameters
//! bound as typed terms on the algebra, running a query, its answer, and the
//! W3C results formats plus a table for people.

pub mod bind;
pub mod catalog;
pub mod decorators;
pub mod depth;
pub mod params;
pub mod query;
pub mod results;
