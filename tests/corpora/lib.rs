//! Empty: this package only names the crates whose sources tests/tests/corpora.rs reads.
