//! Sources as first-class resources: their texts (read safely, hashed, measured
//! in Unicode scalar values), their descriptions in the graph, citing their
//! words, and checking every citation against the text it cites. Above
//! [`crate::sparql`] (the descriptions are read with fixed queries), below
//! the checks and the extraction, which use it.

pub mod cite;
pub mod registry;
pub mod text;
pub mod verify;
