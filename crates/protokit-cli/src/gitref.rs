//! Input strings (`path#key=value,...`) validated as buf 1.75.0 validates them, and git
//! references read in process with libgit2.
//!
//! buf clones a git input into a temporary directory with the `git` binary; protokit opens the
//! repository and reads the commit's objects directly (no clone, no checkout, no `git`
//! binary), so uncommitted changes are never part of a git input. Differences that follow:
//! `depth` is validated but has no effect (every commit in the repository can be read), and
//! `ref=` accepts anything `git rev-parse` does (`main~1` too, which buf's clone cannot check
//! out). A reference missing from the repository fails with the `git fetch` command that
//! brings it in, instead of buf's `could not clone` text.

use std::path::Path;

use crate::input::{GitRef, InputRef};

/// The option keys buf knows (any format).
const KNOWN_KEYS: &[&str] = &[
    "format",
    "compression",
    "branch",
    "tag",
    "ref",
    "commit",
    "depth",
    "recurse_submodules",
    "strip_components",
    "subdir",
    "include_package_files",
    "filter",
];

const FORMATS: &[&str] = &[
    "binpb",
    "bin",
    "dir",
    "git",
    "json",
    "mod",
    "protofile",
    "tar",
    "txtpb",
    "yaml",
    "zip",
];

/// Parses an input argument as buf 1.75.0 does, with its error texts:
/// `"a#b#c" has multiple #s which is invalid`, `invalid options: "branch"`,
/// `duplicate options key: "tag"`, `invalid key: "foo"`, `unknown format: "zip2"`,
/// `could not parse "depth" value "x"`, `"depth" must be >0 if specified`,
/// `could not parse recurse_submodules value "yes"`, `/abs: expected to be relative`,
/// `../x: is outside the context directory`, `must specify only one of "branch", "commit", or
/// "tag"`, `cannot specify "commit" or "tag" with "ref"`, and `invalid options for input "ARG"
/// for format "dir": git options set` (or `subdir set`, `compression set`, `archive options
/// set`).
pub(crate) fn parse_input(arg: &str) -> Result<InputRef, String> {
    let hashes = arg.matches('#').count();
    if hashes > 1 {
        return Err(format!("\"{arg}\" has multiple #s which is invalid"));
    }
    if hashes == 1 && arg.starts_with('#') {
        return Err(format!("\"{arg}\" starts with # which is invalid"));
    }
    if hashes == 1 && arg.ends_with('#') {
        return Err(format!("\"{arg}\" ends with # which is invalid"));
    }
    let (path, options) = match arg.split_once('#') {
        Some((p, o)) => (p, Some(o)),
        None => (arg, None),
    };
    let mut opts: Vec<(&str, &str)> = Vec::new();
    if let Some(o) = options {
        for part in o.split(',') {
            let kv: Vec<&str> = part.split('=').collect();
            if kv.len() != 2 || kv[0].is_empty() || kv[1].is_empty() {
                return Err(format!("invalid options: \"{o}\""));
            }
            if opts.iter().any(|(k, _)| *k == kv[0]) {
                return Err(format!("duplicate options key: \"{}\"", kv[0]));
            }
            opts.push((kv[0], kv[1]));
        }
    }
    let mut format = None;
    let mut subdir = None;
    let mut recurse_submodules = false;
    let mut unknown = None;
    for &(k, v) in &opts {
        match k {
            "format" => {
                if !FORMATS.contains(&v) {
                    return Err(format!("unknown format: \"{v}\""));
                }
                format = Some(v);
            }
            "depth" => {
                let depth = v
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| v.parse::<u32>().ok())
                    .flatten()
                    .ok_or_else(|| format!("could not parse \"depth\" value \"{v}\""))?;
                if depth == 0 {
                    return Err("\"depth\" must be >0 if specified".to_string());
                }
            }
            "recurse_submodules" => {
                recurse_submodules = match v {
                    "true" => true,
                    "false" => false,
                    _ => return Err(format!("could not parse recurse_submodules value \"{v}\"")),
                };
            }
            "subdir" => subdir = Some(clean_subdir(v)?),
            _ if KNOWN_KEYS.contains(&k) => {}
            _ => {
                unknown.get_or_insert(k);
            }
        }
    }
    if let Some(k) = unknown {
        return Err(format!("invalid key: \"{k}\""));
    }
    let get = |key: &str| opts.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let format = format.unwrap_or_else(|| format_of_path(path));
    let git_keys = [
        "branch",
        "tag",
        "ref",
        "commit",
        "depth",
        "recurse_submodules",
    ];
    let invalid = |what: &str| {
        Err(format!(
            "invalid options for input \"{arg}\" for format \"{format}\": {what}"
        ))
    };
    if format != "git" && git_keys.iter().any(|k| get(k).is_some()) {
        return invalid("git options set");
    }
    if get("compression").is_some()
        && !matches!(format, "binpb" | "bin" | "json" | "txtpb" | "yaml" | "tar")
    {
        return invalid("compression set");
    }
    if get("strip_components").is_some() && !matches!(format, "tar" | "zip") {
        return invalid("archive options set");
    }
    if subdir.is_some() && !matches!(format, "git" | "tar" | "zip") {
        return invalid("subdir set");
    }
    match format {
        "git" => {
            let (branch, tag, commit, rev) = (get("branch"), get("tag"), get("commit"), get("ref"));
            if branch.is_some() && (tag.is_some() || commit.is_some()) {
                return Err(
                    "must specify only one of \"branch\", \"commit\", or \"tag\"".to_string(),
                );
            }
            if rev.is_some() && (tag.is_some() || commit.is_some()) {
                return Err("cannot specify \"commit\" or \"tag\" with \"ref\"".to_string());
            }
            let reference = match (branch, tag, commit, rev) {
                (Some(b), _, _, Some(r)) => GitRef::BranchRev(b.to_string(), r.to_string()),
                (Some(b), ..) => GitRef::Branch(b.to_string()),
                (_, Some(t), ..) => GitRef::Tag(t.to_string()),
                (_, _, Some(c), _) => GitRef::Commit(c.to_string()),
                (.., Some(r)) => GitRef::Rev(r.to_string()),
                _ => GitRef::Head,
            };
            Ok(InputRef::Git {
                repo: path.to_string(),
                reference,
                subdir,
                recurse_submodules,
            })
        }
        "binpb" | "bin" => Ok(InputRef::Image(path.to_string())),
        "dir" => Ok(InputRef::Dir(path.to_string())),
        "protofile" => Ok(InputRef::ProtoFile(path.to_string())),
        "json" | "txtpb" | "yaml" => Err(format!(
            "{path}: JSON, text and YAML images are not supported by protokit yet; build a binary image (.binpb)"
        )),
        other => Err(format!(
            "invalid input \"{arg}\": format \"{other}\" is not supported by protokit (supported: dir, protofile, binpb, git)"
        )),
    }
}

/// The format buf infers from a path without `format=`.
fn format_of_path(path: &str) -> &'static str {
    let ends = |e: &str| path.ends_with(e);
    if Path::new(path).file_name().is_some_and(|n| n == ".git") || ends(".git") {
        "git"
    } else if ends(".binpb") || ends(".bin") || ends(".binpb.gz") || ends(".binpb.zst") {
        "binpb"
    } else if ends(".json") || ends(".json.gz") {
        "json"
    } else if ends(".txtpb") {
        "txtpb"
    } else if ends(".yaml") || ends(".yml") {
        "yaml"
    } else if ends(".tar") || ends(".tar.gz") || ends(".tgz") || ends(".tar.zst") {
        "tar"
    } else if ends(".zip") {
        "zip"
    } else if ends(".proto") {
        "protofile"
    } else {
        "dir"
    }
}

/// `subdir` as buf normalises it: relative, cleaned, inside the repository.
fn clean_subdir(v: &str) -> Result<String, String> {
    if v.starts_with('/') {
        return Err(format!("{v}: expected to be relative"));
    }
    let mut parts: Vec<&str> = Vec::new();
    for p in v.split('/') {
        match p {
            "" | "." => {}
            ".." if parts.last().is_some_and(|l| *l != "..") => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    if parts.first() == Some(&"..") {
        return Err(format!("{v}: is outside the context directory"));
    }
    Ok(if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    })
}

/// The commit `reference` names in `repo` (opened from the user's path `shown`).
///
/// # Errors
/// A reference that is not in the repository: which one, and the `git fetch` command that
/// brings it in (a local branch from its remote-tracking branch, a tag, the full history of a
/// shallow clone for `HEAD~N` and older commits).
pub(crate) fn resolve<'r>(
    repo: &'r git2::Repository,
    shown: &str,
    reference: &GitRef,
) -> Result<git2::Commit<'r>, String> {
    let peel = |o: git2::Object<'r>| o.peel_to_commit().ok();
    let found = match reference {
        GitRef::Head => repo.head().ok().and_then(|h| h.peel_to_commit().ok()),
        GitRef::Branch(b) => branch(repo, b),
        GitRef::Tag(t) => repo
            .revparse_single(&format!("refs/tags/{t}"))
            .ok()
            .and_then(peel),
        GitRef::Commit(c) => repo.revparse_single(c).ok().and_then(peel),
        GitRef::Rev(r) => repo.revparse_single(r).ok().and_then(peel),
        GitRef::BranchRev(b, r) => match branch(repo, b) {
            Some(tip) => {
                // buf checks `ref` out in a clone of the branch, where HEAD is its tip.
                let rev = match r.strip_prefix("HEAD") {
                    Some(rest) => format!("{}{rest}", tip.id()),
                    None => r.clone(),
                };
                repo.revparse_single(&rev).ok().and_then(peel)
            }
            None => return Err(missing_branch(repo, shown, b)),
        },
    };
    if let Some(c) = found {
        return Ok(c);
    }
    Err(match reference {
        GitRef::Head => format!("git repository {shown} has no commit at HEAD"),
        GitRef::Branch(b) => missing_branch(repo, shown, b),
        GitRef::Tag(t) => format!(
            "tag \"{t}\" is not in the git repository {shown}; fetch it with: git fetch origin tag {t}"
        ),
        GitRef::Commit(r) | GitRef::Rev(r) | GitRef::BranchRev(_, r) => {
            let what = if matches!(reference, GitRef::Commit(_)) {
                "commit"
            } else {
                "ref"
            };
            let fix = if repo.is_shallow() {
                "the repository is a shallow clone; fetch its full history with: git fetch --unshallow".to_string()
            } else if r.starts_with("refs/") {
                format!("fetch it with: git fetch origin {r}:{r}")
            } else if r.len() >= 4 && r.bytes().all(|b| b.is_ascii_hexdigit()) {
                format!("fetch it with: git fetch origin {r}")
            } else {
                "fetch it, e.g. with: git fetch --unshallow (shallow clones) or git fetch origin".to_string()
            };
            format!("{what} \"{r}\" is not in the git repository {shown}; {fix}")
        }
    })
}

/// A branch as buf's `git fetch origin NAME` finds it: a local branch, else a remote-tracking
/// branch named in full (`origin/main`).
fn branch<'r>(repo: &'r git2::Repository, name: &str) -> Option<git2::Commit<'r>> {
    [
        format!("refs/heads/{name}"),
        format!("refs/remotes/{name}"),
        format!("refs/{name}"),
    ]
    .iter()
    .find_map(|r| repo.find_reference(r).ok()?.peel_to_commit().ok())
}

fn missing_branch(repo: &git2::Repository, shown: &str, b: &str) -> String {
    let mut tracking = None;
    if let Ok(remotes) = repo.remotes() {
        for remote in (0..remotes.len()).filter_map(|i| remotes.get(i).ok().flatten()) {
            if repo
                .find_reference(&format!("refs/remotes/{remote}/{b}"))
                .is_ok()
            {
                tracking = Some(remote.to_string());
                break;
            }
        }
    }
    match tracking {
        Some(remote) => format!(
            "branch \"{b}\" is not in the git repository {shown} (only the remote-tracking branch \"{remote}/{b}\" is); create it with: git fetch {remote} {b}:{b}, or use #branch={remote}/{b}"
        ),
        None => format!(
            "branch \"{b}\" is not in the git repository {shown}; fetch it with: git fetch origin {b}:{b}"
        ),
    }
}

/// What [`walk_tree`] calls for each wanted blob: its path and its bytes.
pub(crate) type Visit<'a> = dyn FnMut(String, &[u8]) -> Result<(), String> + 'a;

/// Calls `visit(path, bytes)` for every blob of `tree` whose name `wanted` accepts, paths
/// relative to the tree's root; with `recurse_submodules`, submodules (gitlinks) are read from
/// their own repositories (`.git/modules/…`, as `git submodule update` leaves them).
pub(crate) fn walk_tree(
    repo: &git2::Repository,
    tree: &git2::Tree<'_>,
    prefix: &str,
    recurse_submodules: bool,
    wanted: &dyn Fn(&str) -> bool,
    visit: &mut Visit<'_>,
) -> Result<(), String> {
    let mut failure: Option<String> = None;
    let mut gitlinks: Vec<(String, git2::Oid)> = Vec::new();
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        let Ok(name) = entry.name() else {
            return git2::TreeWalkResult::Ok;
        };
        match entry.kind() {
            Some(git2::ObjectType::Commit) => {
                gitlinks.push((format!("{prefix}{dir}{name}"), entry.id()));
            }
            Some(git2::ObjectType::Blob) if wanted(name) => {
                let path = format!("{prefix}{dir}{name}");
                let blob = match repo.find_blob(entry.id()) {
                    Ok(b) => b,
                    Err(e) => {
                        failure = Some(format!("{path}: {}", e.message()));
                        return git2::TreeWalkResult::Abort;
                    }
                };
                if let Err(e) = visit(path, blob.content()) {
                    failure = Some(e);
                    return git2::TreeWalkResult::Abort;
                }
            }
            _ => {}
        }
        git2::TreeWalkResult::Ok
    })
    .map_err(|e| failure.clone().unwrap_or_else(|| e.message().to_string()))?;
    if let Some(f) = failure {
        return Err(f);
    }
    if !recurse_submodules {
        return Ok(());
    }
    for (path, oid) in gitlinks {
        let rel = path.strip_prefix(prefix).unwrap_or(&path);
        let sub = repo
            .find_submodule(rel)
            .and_then(|s| s.open())
            .map_err(|_| {
                format!(
                    "submodule \"{path}\" is not checked out; run: git submodule update --init --recursive"
                )
            })?;
        let commit = sub.find_commit(oid).map_err(|_| {
            format!(
                "submodule \"{path}\" does not have commit {oid}; run: git submodule update --init --recursive"
            )
        })?;
        let subtree = commit
            .tree()
            .map_err(|e| format!("submodule \"{path}\": {}", e.message()))?;
        walk_tree(&sub, &subtree, &format!("{path}/"), true, wanted, visit)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buf_texts() {
        let err = |a: &str| parse_input(a).unwrap_err();
        assert_eq!(err(".git#"), "\".git#\" ends with # which is invalid");
        assert_eq!(
            err("#format=git"),
            "\"#format=git\" starts with # which is invalid"
        );
        assert_eq!(err("a#b#c"), "\"a#b#c\" has multiple #s which is invalid");
        assert_eq!(err(".git#branch"), "invalid options: \"branch\"");
        assert_eq!(err(".git#branch=a=b"), "invalid options: \"branch=a=b\"");
        assert_eq!(err(".git#tag=a,tag=b"), "duplicate options key: \"tag\"");
        assert_eq!(
            err(".git#foo=1,depth=x"),
            "could not parse \"depth\" value \"x\""
        );
        assert_eq!(
            err(".git#depth=+1"),
            "could not parse \"depth\" value \"+1\""
        );
        assert_eq!(err(".git#foo=bar"), "invalid key: \"foo\"");
        assert_eq!(err(".git#depth=0"), "\"depth\" must be >0 if specified");
        assert_eq!(
            err(".git#recurse_submodules=1"),
            "could not parse recurse_submodules value \"1\""
        );
        assert_eq!(err(".git#subdir=/a"), "/a: expected to be relative");
        assert_eq!(
            err(".git#subdir=../x"),
            "../x: is outside the context directory"
        );
        assert_eq!(
            err(".git#branch=a,commit=b"),
            "must specify only one of \"branch\", \"commit\", or \"tag\""
        );
        assert_eq!(
            err(".git#tag=a,ref=b"),
            "cannot specify \"commit\" or \"tag\" with \"ref\""
        );
        assert_eq!(
            err("proto#ref=x"),
            "invalid options for input \"proto#ref=x\" for format \"dir\": git options set"
        );
        assert_eq!(
            err("a.binpb#subdir=x"),
            "invalid options for input \"a.binpb#subdir=x\" for format \"binpb\": subdir set"
        );
        assert_eq!(err(".git#format=foo"), "unknown format: \"foo\"");
        assert_eq!(
            parse_input(".git#branch=main,ref=HEAD~1,subdir=./proto/").unwrap(),
            InputRef::Git {
                repo: ".git".into(),
                reference: GitRef::BranchRev("main".into(), "HEAD~1".into()),
                subdir: Some("proto".into()),
                recurse_submodules: false,
            }
        );
        assert_eq!(
            parse_input(".#format=git,commit=abc,recurse_submodules=true,depth=01").unwrap(),
            InputRef::Git {
                repo: ".".into(),
                reference: GitRef::Commit("abc".into()),
                subdir: None,
                recurse_submodules: true,
            }
        );
    }
}
