//! Writing an output file so that nothing is lost: the bytes go to a temporary file beside the
//! target and are renamed into place, so a kill leaves no half-written file under the final
//! name; an existing file is never replaced unless the user asked for it.
//!
//! `write_new` is the only way an output file is written (reports, PDFs, bundles, slips, keys,
//! extracted payloads, ledgers).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::problem::{About, Code, Problem};

/// Refuses an existing `path` unless `force`, and a `path` whose folder does not exist: a
/// command calls it before its work, so that it does not run for minutes only to refuse at the
/// end.
pub fn may_write(path: &Path, force: bool) -> Result<(), Problem> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    existing_folder(folder).map_err(|p| p.with_about(About::Output(path.to_path_buf())))?;
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(exists(path));
    }
    Ok(())
}

/// The one rule for where outputs go: into a folder that exists. Rinko creates no folder but
/// its own data folder, since a mistyped path would otherwise put patient files somewhere
/// nobody looks.
pub fn existing_folder(folder: &Path) -> Result<(), Problem> {
    let problem =
        |message: String| Problem::new(Code::OutputFolder, message, About::Output(folder.into()));
    match std::fs::metadata(folder) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(problem(format!(
            "保存先「{}」はフォルダーではありません。保存先のフォルダーを指定してください。",
            folder.display()
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(problem(format!(
            "保存先のフォルダー「{}」がありません。Rinko はフォルダーを作りません。先にフォルダーを作るか、別の保存先を指定してください。",
            folder.display()
        ))),
        Err(e) => Err(problem(format!(
            "保存先のフォルダー「{}」を使えません（{}）。",
            folder.display(),
            crate::read::io_reason_ja(&e)
        ))),
    }
}

fn exists(path: &Path) -> Problem {
    Problem::new(
        Code::OutputExists,
        format!("{} は既にあります。上書きしません。", path.display()),
        About::Output(path.to_path_buf()),
    )
}

/// Writes `bytes` to `path`. Without `force` an existing `path` is an error and stays as it was.
pub fn write_new(path: &Path, bytes: &[u8], force: bool) -> Result<(), Problem> {
    may_write(path, force)?;
    let temp = temp_beside(path);
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        if force {
            return std::fs::rename(&temp, path);
        }
        // A hard link fails if the name was taken meanwhile; file systems without links (FAT on
        // removable media) get a rename after the check above.
        match std::fs::hard_link(&temp, path) {
            Ok(()) => std::fs::remove_file(&temp),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
            Err(_) if std::fs::symlink_metadata(path).is_err() => std::fs::rename(&temp, path),
            Err(e) => Err(e),
        }
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            exists(path)
        } else {
            Problem::new(
                Code::OutputWrite,
                format!(
                    "{} を書き出せません: {}",
                    path.display(),
                    crate::read::io_reason_ja(&e)
                ),
                About::Output(path.to_path_buf()),
            )
        }
    })
}

fn temp_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.rinko-{}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_replaces_without_force_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.pdf");
        write_new(&path, b"one", false).unwrap();
        assert_eq!(
            write_new(&path, b"two", false).unwrap_err().code,
            Code::OutputExists
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write_new(&path, b"three", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.pdf"]);
        let missing = dir.path().join("missing/out.pdf");
        let refused = write_new(&missing, b"x", false).unwrap_err();
        assert_eq!(refused.code, Code::OutputFolder);
        assert_eq!(refused.about, About::Output(missing));
    }
}
