//! Checking and completing the data: SHACL validation, the saved checks
//! (`queries/checks/*-violation.rq`), and RDFS/OWL RL reasoning.

pub mod reason;
pub mod shacl;
pub mod validate;
