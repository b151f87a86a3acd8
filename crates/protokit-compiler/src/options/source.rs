//! protoc's `OptionInterpreter::UpdateSourceCodeInfo`.

use std::collections::HashMap;

use crate::source_info::Location;

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
