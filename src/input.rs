//! Which files a command works on: files as given, folders searched recursively for `*.xml`
//! (any case), in a deterministic order.

use std::path::{Path, PathBuf};

use crate::problem::{About, Code, Problem};

/// A path that cannot be read is a usage error: the message names it.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Problem> {
    let mut files = Vec::new();
    for path in paths {
        let unreadable = |message: String| {
            Problem::new(Code::InputUnreadable, message, About::Input(path.clone()))
        };
        let meta = std::fs::metadata(path).map_err(|e| {
            unreadable(format!(
                "「{}」を読み込めません（{}）。",
                path.display(),
                crate::read::io_reason_ja(&e)
            ))
        })?;
        if meta.is_dir() {
            collect_folder(path, &mut files).map_err(unreadable)?;
        } else if meta.is_file() {
            files.push(path.clone());
        } else {
            // A FIFO or device would block or never end.
            return Err(unreadable(format!(
                "「{}」は通常のファイルではありません。",
                path.display()
            )));
        }
    }
    // One folder's walk lists each file once; duplicates come from arguments that overlap.
    // The set borrows the paths: a copy of each would be a batch's list over again.
    if paths.len() > 1 {
        let mut seen = std::collections::HashSet::with_capacity(files.len());
        let first: Vec<bool> = files.iter().map(|f| seen.insert(f.as_path())).collect();
        drop(seen);
        let mut first = first.into_iter();
        files.retain(|_| first.next().unwrap_or(true));
    }
    files.shrink_to_fit();
    Ok(files)
}

fn collect_folder(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .max_depth(64)
        .sort_by_file_name();
    for entry in walker {
        // A broken link is a file the user expects to be checked: it is listed, and reading it
        // makes a finding on it, so that the rest of the batch is still checked.
        if let Err(e) = &entry {
            if let Some(path) = e.path().filter(|p| is_xml_name(p) && is_link(p)) {
                if e.loop_ancestor().is_none() {
                    files.push(path.to_path_buf());
                    continue;
                }
            }
        }
        let entry = entry.map_err(|e| {
            let at = e.path().unwrap_or(dir).display().to_string();
            match e.io_error() {
                Some(io) => format!(
                    "「{at}」を読み込めません（{}）。",
                    crate::read::io_reason_ja(io)
                ),
                None => format!("「{at}」を読み込めません（フォルダーのリンクが循環しています）。"),
            }
        })?;
        // Not only regular files: a FIFO or device named *.xml is listed too, and reading it
        // makes a finding instead of a silent skip.
        if !entry.file_type().is_dir() && is_xml_name(entry.path()) {
            // A joined path has room to grow; a batch keeps 10,000 of them until its end.
            let mut path = entry.into_path();
            path.shrink_to_fit();
            files.push(path);
        }
    }
    Ok(())
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

fn is_xml_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_searched_recursively_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("b")).unwrap();
        for f in ["b/2.XML", "a.xml", "c.txt", "b/1.xml"] {
            std::fs::write(dir.path().join(f), "<a/>").unwrap();
        }
        let files = collect(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<String> = files
            .iter()
            .map(|f| {
                f.strip_prefix(dir.path())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        assert_eq!(names, ["a.xml", "b/1.xml", "b/2.XML"]);
    }

    #[test]
    fn overlapping_arguments_list_each_file_once_where_first_met() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("b")).unwrap();
        for f in ["a.xml", "b/1.xml", "b/2.xml"] {
            std::fs::write(dir.path().join(f), "<a/>").unwrap();
        }
        let (b1, top) = (dir.path().join("b/1.xml"), dir.path().to_path_buf());
        let files = collect(&[b1.clone(), top.clone(), b1.clone()]).unwrap();
        let expected = [b1, top.join("a.xml"), top.join("b/2.xml")];
        assert_eq!(files, expected);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_not_read() {
        let err = collect(&[PathBuf::from("/dev/zero")]).unwrap_err();
        assert_eq!(err.about, About::Input(PathBuf::from("/dev/zero")));
        let err = err.message;
        assert!(err.contains("通常のファイルではありません"), "{err}");
    }

    #[test]
    fn a_missing_path_is_named() {
        let err = collect(&[PathBuf::from("/no/such/rinko-file.xml")]).unwrap_err();
        assert_eq!(err.code, Code::InputUnreadable);
        let err = err.message;
        assert!(
            err.contains("/no/such/rinko-file.xml") && err.contains("見つかりません"),
            "{err}"
        );
    }
}
