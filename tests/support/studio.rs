//! The shipped pack files as the policy studio loads them (`pkg/packs/`),
//! shared by the studio and case-runner tests.

use policycalc_packs::studio::Files;

pub(crate) fn shipped() -> Files {
    let mut files = Files::new();
    for dir in ["policies", "policies/local", "policies/sources"] {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_file() {
                files.insert(path.display().to_string(), std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    files
}
