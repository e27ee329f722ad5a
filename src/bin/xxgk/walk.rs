//! The files the command line names: files as given, directories searched.
//!
//! `parse`, `sum` and `check` all take their files from here. A file named
//! on the command line is read whatever its name; a directory is searched
//! recursively for report files ([`EXTENSIONS`]), hidden entries skipped,
//! each directory in name order. A file reached twice (named twice, through
//! two links, or by name and in a directory) is read once, where it is
//! first reached; so is a directory. Symbolic links to files are read;
//! links to directories are entered only with `--follow`, and then a link
//! back to a directory already entered (a loop) is not entered again.

use std::collections::HashSet;
use std::fs::Metadata;
use std::path::{Path, PathBuf};

/// Extensions searched for in directories, as `--help` and the README list
/// them (a test checks that all three agree).
pub(crate) const EXTENSIONS: [&str; 7] = ["txt", "md", "html", "htm", "shtml", "xhtml", "docx"];

/// What tells a file or directory from every other: device and inode.
#[cfg(unix)]
type Id = (u64, u64);

/// What tells a file or directory from every other: its canonical path.
#[cfg(not(unix))]
type Id = PathBuf;

#[cfg(unix)]
fn id(_path: &Path, meta: &Metadata) -> Option<Id> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn id(path: &Path, _meta: &Metadata) -> Option<Id> {
    std::fs::canonicalize(path).ok()
}

/// The walk's state.
struct Walk {
    /// Enter links to directories.
    follow: bool,
    files: Vec<PathBuf>,
    /// Files and directories already reached.
    seen: HashSet<Id>,
    /// Links to directories left alone (without `--follow`).
    links_not_followed: usize,
}

/// The files of `paths`, in order, each once (see the module docs). A
/// directory that cannot be listed is reported on stderr and skipped; a
/// path that does not exist is kept, for its reader to report.
pub(crate) fn files(paths: &[PathBuf], follow: bool) -> Vec<PathBuf> {
    let mut walk = Walk {
        follow,
        files: Vec::new(),
        seen: HashSet::new(),
        links_not_followed: 0,
    };
    let mut stdin = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if !std::mem::replace(&mut stdin, true) {
                walk.files.push(path.clone());
            }
            continue;
        }
        // Named on the command line: a link is followed.
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk.dir(path, &meta),
            Ok(meta) => walk.file(path, &meta),
            Err(_) => walk.files.push(path.clone()),
        }
    }
    if walk.links_not_followed > 0 {
        eprintln!(
            "xxgk: {} links to directories not followed (--follow follows them)",
            walk.links_not_followed
        );
    }
    walk.files
}

/// Whether a file found in a directory is searched for by its name.
fn searched(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

impl Walk {
    /// Whether the file or directory is reached for the first time (one
    /// that cannot be told apart counts as new).
    fn first_time(&mut self, path: &Path, meta: &Metadata) -> bool {
        id(path, meta).is_none_or(|id| self.seen.insert(id))
    }

    fn file(&mut self, path: &Path, meta: &Metadata) {
        if self.first_time(path, meta) {
            self.files.push(path.to_path_buf());
        }
    }

    fn dir(&mut self, dir: &Path, meta: &Metadata) {
        if !self.first_time(dir, meta) {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("xxgk: {}: {e}", dir.display());
                return;
            }
        };
        let mut entries: Vec<(PathBuf, Option<std::fs::FileType>)> = entries
            .filter_map(|e| e.ok().map(|e| (e.path(), e.file_type().ok())))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, kind) in entries {
            let hidden = path
                .file_name()
                .is_none_or(|n| n.to_string_lossy().starts_with('.'));
            if hidden {
                continue;
            }
            let link = kind.is_some_and(|k| k.is_symlink());
            // What the entry is, through a link.
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => {
                    if !link || self.follow {
                        self.dir(&path, &meta);
                    } else {
                        self.links_not_followed += 1;
                    }
                }
                Ok(meta) if searched(&path) => self.file(&path, &meta),
                Ok(_) => {}
                // A dangling link, or an entry gone since it was listed:
                // its reader says so.
                Err(_) if searched(&path) => self.files.push(path),
                Err(_) => {}
            }
        }
    }
}
