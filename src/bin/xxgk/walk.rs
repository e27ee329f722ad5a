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
//!
//! The files are handed out as the walk reaches them, never gathered in a
//! list, so that a batch's memory does not grow with its number of files.
//! To count them first (for the progress bar) and to know which may be
//! reached twice, the tree is walked three times; only directories and the
//! files that can be reached by more than one route (named on the command
//! line, the targets of links, files with several hard links) are
//! remembered.

use std::collections::HashSet;
use std::fs::Metadata;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

/// Extensions searched for in directories, as `--help` and the README list
/// them (a test checks that all three agree).
pub(crate) const EXTENSIONS: [&str; 8] =
    ["txt", "md", "html", "htm", "shtml", "xhtml", "docx", "pdf"];

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

/// Whether a file has other names than this one (hard links).
#[cfg(unix)]
fn linked(meta: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.nlink() > 1
}

/// Elsewhere, every file counts as one that may have other names: all are
/// remembered.
#[cfg(not(unix))]
fn linked(_meta: &Metadata) -> bool {
    true
}

/// A file the walk reaches.
struct Arrival<'a> {
    path: &'a Path,
    /// `None` for stdin and for a path that cannot be looked at.
    id: Option<Id>,
    /// Reached by a route another may share: named on the command line,
    /// through a link, or a file of several names.
    shared: bool,
}

/// The files of the command line's paths, to be walked.
pub(crate) struct Files {
    paths: Vec<PathBuf>,
    follow: bool,
    /// Files that another route may reach too.
    shared: HashSet<Id>,
    /// How many files [`Files::for_each`] hands out.
    count: usize,
}

/// [`files`], or, where there is none, the exit status 2 with its note on
/// stderr (what every command does when nothing is found).
pub(crate) fn some_files(paths: &[PathBuf], follow: bool) -> Result<Files, std::process::ExitCode> {
    let files = files(paths, follow);
    if files.is_empty() {
        eprintln!("xxgk: no report files found");
        return Err(std::process::ExitCode::from(2));
    }
    Ok(files)
}

/// The files of `paths` (see the module docs). A note on stderr says how
/// many links to directories were left alone.
pub(crate) fn files(paths: &[PathBuf], follow: bool) -> Files {
    let mut files = Files {
        paths: paths.to_vec(),
        follow,
        shared: HashSet::new(),
        count: 0,
    };
    // First walk: the files more than one route may reach.
    let mut shared = HashSet::new();
    let walk = files.walk(true, &mut |a| {
        if let (true, Some(id)) = (a.shared, a.id) {
            shared.insert(id);
        }
        ControlFlow::Continue(())
    });
    files.shared = shared;
    if walk.links_not_followed > 0 {
        eprintln!(
            "xxgk: {} links to directories not followed (--follow follows them)",
            walk.links_not_followed
        );
    }
    // Second: how many files there are, each once.
    let mut once = Once::new(&files.shared);
    let mut count = 0;
    files.walk(false, &mut |a| {
        count += usize::from(once.first_time(a));
        ControlFlow::Continue(())
    });
    files.count = count;
    files
}

impl Files {
    /// How many files there are (as the walk found them).
    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// Whether there is no file.
    pub(crate) fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Calls `f` on each file, in order, once; `f` may stop the walk.
    pub(crate) fn for_each(&self, mut f: impl FnMut(&Path) -> ControlFlow<()>) {
        let mut once = Once::new(&self.shared);
        self.walk(false, &mut |a| {
            let path = a.path;
            if once.first_time(a) {
                f(path)
            } else {
                ControlFlow::Continue(())
            }
        });
    }

    /// Walks the paths, calling `visit` on every file reached (twice if it
    /// is reached twice); directories are entered once. Directories that
    /// cannot be listed are reported on stderr when `report` is set (in one
    /// of the three walks).
    fn walk(&self, report: bool, visit: &mut dyn FnMut(Arrival<'_>) -> ControlFlow<()>) -> Walk {
        let mut walk = Walk {
            report,
            follow: self.follow,
            dirs: HashSet::new(),
            links_not_followed: 0,
        };
        for path in &self.paths {
            let flow = if path.as_os_str() == "-" {
                visit(Arrival {
                    path,
                    id: None,
                    shared: true,
                })
            } else {
                // Named on the command line: a link is followed.
                match std::fs::metadata(path) {
                    Ok(meta) if meta.is_dir() => walk.dir(path, &meta, visit),
                    Ok(meta) => visit(Arrival {
                        path,
                        id: id(path, &meta),
                        shared: true,
                    }),
                    // Its reader says why.
                    Err(_) => visit(Arrival {
                        path,
                        id: None,
                        shared: true,
                    }),
                }
            };
            if flow.is_break() {
                break;
            }
        }
        walk
    }
}

/// Tells the first arrival at a file from later ones.
struct Once<'a> {
    shared: &'a HashSet<Id>,
    /// The shared files reached so far.
    reached: HashSet<Id>,
    stdin: bool,
}

impl<'a> Once<'a> {
    fn new(shared: &'a HashSet<Id>) -> Self {
        Once {
            shared,
            reached: HashSet::new(),
            stdin: false,
        }
    }

    fn first_time(&mut self, a: Arrival<'_>) -> bool {
        match a.id {
            // A file no other route reaches (its directory is entered once).
            Some(id) if !a.shared && !self.shared.contains(&id) => true,
            Some(id) => self.reached.insert(id),
            None if a.path.as_os_str() == "-" => !std::mem::replace(&mut self.stdin, true),
            None => true,
        }
    }
}

/// One walk's state.
struct Walk {
    /// Report directories that cannot be listed.
    report: bool,
    /// Enter links to directories.
    follow: bool,
    /// Directories entered.
    dirs: HashSet<Id>,
    /// Links to directories left alone (without `--follow`).
    links_not_followed: usize,
}

/// Whether a file found in a directory is searched for by its name.
fn searched(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

impl Walk {
    fn dir(
        &mut self,
        dir: &Path,
        meta: &Metadata,
        visit: &mut dyn FnMut(Arrival<'_>) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        if id(dir, meta).is_some_and(|id| !self.dirs.insert(id)) {
            return ControlFlow::Continue(());
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                if self.report {
                    eprintln!("xxgk: {}: {e}", dir.display());
                }
                return ControlFlow::Continue(());
            }
        };
        let mut entries: Vec<(PathBuf, bool)> = entries
            .filter_map(|e| {
                let e = e.ok()?;
                let link = e.file_type().is_ok_and(|t| t.is_symlink());
                Some((e.path(), link))
            })
            .filter(|(path, _)| {
                path.file_name()
                    .is_some_and(|n| !n.to_string_lossy().starts_with('.'))
            })
            .collect();
        entries.sort_unstable();
        for (path, link) in entries {
            // What the entry is, through a link.
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => {
                    if !link || self.follow {
                        self.dir(&path, &meta, visit)?;
                    } else {
                        self.links_not_followed += 1;
                    }
                }
                Ok(meta) if searched(&path) => visit(Arrival {
                    path: &path,
                    id: id(&path, &meta),
                    shared: link || linked(&meta),
                })?,
                Ok(_) => {}
                // A dangling link, or an entry gone since it was listed:
                // its reader says so.
                Err(_) if searched(&path) => visit(Arrival {
                    path: &path,
                    id: None,
                    shared: link,
                })?,
                Err(_) => {}
            }
        }
        ControlFlow::Continue(())
    }
}
