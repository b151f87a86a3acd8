//! protoc's `OptionInterpreter::UpdateSourceCodeInfo`.

use crate::link::FxMap as HashMap;

use crate::source_info::{Location, PackedLocations, Rewrite};

/// Source locations the interpreter can rewrite: a file's list, or its packed form.
pub(crate) trait OptionLocations {
    /// See [`update_source_code_info`].
    fn update(&mut self, interpreted: &HashMap<Vec<i32>, Vec<i32>>);
}

impl OptionLocations for Vec<Location> {
    fn update(&mut self, interpreted: &HashMap<Vec<i32>, Vec<i32>>) {
        update_source_code_info(self, interpreted);
    }
}

impl OptionLocations for PackedLocations {
    /// [`update_source_code_info`], on the packed form.
    fn update(&mut self, interpreted: &HashMap<Vec<i32>, Vec<i32>>) {
        if interpreted.is_empty() {
            return;
        }
        let mut removing: Option<Vec<i32>> = None;
        *self = self.rewrite(|path| {
            if let Some(prefix) = &removing {
                if path.starts_with(prefix) {
                    return Rewrite::Drop;
                }
                removing = None;
            }
            // Only statement locations (`[…, 999, i]`) are keys: no hashing for the rest.
            if path.len() < 2 || path[path.len() - 2] != super::UNINTERPRETED_OPTION {
                return Rewrite::Keep;
            }
            match interpreted.get(path) {
                Some(dest) => {
                    removing = Some(path.to_vec());
                    Rewrite::Path(dest)
                }
                None => Rewrite::Keep,
            }
        });
    }
}

/// Gives each location of an interpreted option statement (path `[…, 999, i]`) the path of
/// what the statement set, and drops the locations right after it that lie inside it (their
/// paths start with the old path). Other locations keep their order.
pub(crate) fn update_source_code_info(
    locations: &mut Vec<Location>,
    interpreted: &HashMap<Vec<i32>, Vec<i32>>,
) {
    if interpreted.is_empty() {
        return;
    }
    let mut out = Vec::with_capacity(locations.len());
    let mut removing: Option<Vec<i32>> = None;
    for mut loc in locations.drain(..) {
        if let Some(prefix) = &removing {
            if loc.path.starts_with(prefix) {
                continue;
            }
            removing = None;
        }
        if let Some(dest) = interpreted.get(&loc.path) {
            removing = Some(std::mem::replace(&mut loc.path, dest.clone()));
        }
        out.push(loc);
    }
    *locations = out;
}
