//! Package versions as buf reads them from a package's last component (`foo.v1`,
//! `foo.v1beta1`, `foo.v1p1alpha1`, `foo.v1test_bar`), for PACKAGE_VERSION_SUFFIX and
//! STABLE_PACKAGE_NO_IMPORT_UNSTABLE.

/// How stable a well-formed package version is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stability {
    /// `vN`.
    Stable,
    /// `vNalphaM`, `vNpPalphaM` (the `M` may be left out).
    Alpha,
    /// `vNbetaM`, `vNpPbetaM` (the `M` may be left out).
    Beta,
    /// `vNtest…`, anything after `test`.
    Test,
}

/// The version of `package`, or `None` when its last component is not a well-formed version
/// or it has a single component (`v1` alone is not versioned).
///
/// buf's grammar: `v` and a major number, then nothing, `test` and anything, `alpha`/`beta`
/// and an optional number, or `p`, a patch number, then `alpha`/`beta` and an optional
/// number. Every number is a 32-bit signed integer of at least 1; leading zeros are allowed.
pub(crate) fn package_version(package: &str) -> Option<Stability> {
    let (head, last) = package.rsplit_once('.')?;
    if head.is_empty() {
        return None;
    }
    let rest = last.strip_prefix('v')?;
    let rest = number(rest)?;
    if rest.is_empty() {
        return Some(Stability::Stable);
    }
    if rest.starts_with("test") {
        return Some(Stability::Test);
    }
    if let Some(s) = alpha_beta(rest) {
        return Some(s);
    }
    let rest = rest.strip_prefix('p')?;
    alpha_beta(number(rest)?)
}

/// `alpha` or `beta` with an optional number and nothing after it.
fn alpha_beta(s: &str) -> Option<Stability> {
    let (stability, rest) = if let Some(r) = s.strip_prefix("alpha") {
        (Stability::Alpha, r)
    } else if let Some(r) = s.strip_prefix("beta") {
        (Stability::Beta, r)
    } else {
        return None;
    };
    if rest.is_empty() || number(rest)?.is_empty() {
        Some(stability)
    } else {
        None
    }
}

/// Strips a leading number that fits an `i32` and is at least 1; returns the rest.
fn number(s: &str) -> Option<&str> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let n: i32 = s[..end].parse().ok()?;
    (n >= 1).then_some(&s[end..])
}

#[cfg(test)]
mod tests {
    use super::{package_version, Stability::*};

    #[test]
    fn buf_grammar() {
        for (p, want) in [
            ("foo.v1", Some(Stable)),
            ("foo.v01", Some(Stable)),
            ("foo.v2147483647", Some(Stable)),
            ("foo.v1beta1", Some(Beta)),
            ("foo.v1beta", Some(Beta)),
            ("foo.v1beta01", Some(Beta)),
            ("foo.v1alpha", Some(Alpha)),
            ("foo.v1p1alpha1", Some(Alpha)),
            ("foo.v1p01beta1", Some(Beta)),
            ("foo.v1p1beta", Some(Beta)),
            ("foo.v1test", Some(Test)),
            ("foo.v1test_foo", Some(Test)),
            ("foo.v1testFoo", Some(Test)),
            ("foo.v1test0", Some(Test)),
            ("foo.v1test.v1", Some(Stable)),
            ("foo", None),
            ("v1", None),
            ("foo.v0", None),
            ("foo.v00", None),
            ("foo.v2147483648", None),
            ("foo.v1beta0", None),
            ("foo.v1alpha00", None),
            ("foo.v1p0alpha1", None),
            ("foo.v1p1", None),
            ("foo.v1p1test", None),
            ("foo.v1alpha1test", None),
            ("foo.v1beta1test", None),
            ("foo.v1Beta1", None),
            ("foo.V1", None),
            ("foo.vv1", None),
            ("foo.v1_test", None),
            ("foo.v1.a", None),
            ("foo.v1pbeta1", None),
            ("foo.v1p1p1beta1", None),
            ("foo.v1alphabeta", None),
            ("foo.v1gamma1", None),
        ] {
            assert_eq!(package_version(p), want, "{p}");
        }
    }
}
