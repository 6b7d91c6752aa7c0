//! The Typst `World` of one catalog: the theme's print template and the generated data as
//! in-memory files, images read from the site's `content/assets/`, and the loaded fonts.
//! Each file remembers where it came from, so Typst's diagnostics name a file an editor or a
//! theme author can open.

use std::collections::HashMap;
use std::path::PathBuf;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_kit::fonts::FontStore;

/// Files given to Typst by their absolute virtual path (`/print/catalog.typ`).
#[derive(Default)]
pub struct VirtualFiles {
    files: HashMap<FileId, VirtualFile>,
}

struct VirtualFile {
    bytes: Bytes,
    source: Option<Source>,
    /// What diagnostics call this file.
    origin: String,
}

impl VirtualFiles {
    /// Adds a file; `.typ` files are parsed as Typst sources.
    pub fn add(&mut self, path: &str, bytes: Vec<u8>, origin: impl Into<String>) {
        let id = file_id(path);
        let source = path
            .ends_with(".typ")
            .then(|| Source::new(id, String::from_utf8_lossy(&bytes).into_owned()));
        self.files.insert(
            id,
            VirtualFile {
                bytes: Bytes::new(bytes),
                source,
                origin: origin.into(),
            },
        );
    }
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("generated virtual paths are valid");
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

/// One compilation's world.
pub struct CatalogWorld {
    library: LazyHash<Library>,
    fonts: FontStore,
    main: FileId,
    files: VirtualFiles,
    /// The site's `content/` folder; `/assets/…` is read from it.
    content: PathBuf,
}

impl CatalogWorld {
    pub fn new(fonts: FontStore, files: VirtualFiles, main: &str, content: PathBuf) -> Self {
        CatalogWorld {
            library: LazyHash::new(Library::builder().build()),
            fonts,
            main: file_id(main),
            files,
            content,
        }
    }

    /// Whether the main file exists.
    pub fn has_main(&self) -> bool {
        self.files.files.contains_key(&self.main)
    }

    /// `origin:line: message` and its hints, one per diagnostic.
    pub fn describe(&self, diagnostics: &[SourceDiagnostic]) -> Vec<String> {
        diagnostics
            .iter()
            .map(|diagnostic| {
                let mut text = match self.locate(diagnostic) {
                    Some(place) => format!("{place}: {}", diagnostic.message),
                    None => diagnostic.message.to_string(),
                };
                for hint in &diagnostic.hints {
                    text.push_str(&format!("\n    hint: {}", hint.v));
                }
                text
            })
            .collect()
    }

    fn locate(&self, diagnostic: &SourceDiagnostic) -> Option<String> {
        let id = diagnostic.span.id()?;
        let origin = self.files.files.get(&id).map_or_else(
            || id.vpath().get_with_slash().to_owned(),
            |file| file.origin.clone(),
        );
        let line = self
            .range(diagnostic.span)
            .zip(self.source(id).ok())
            .and_then(|(range, source)| source.lines().byte_to_line(range.start));
        Some(match line {
            Some(line) => format!("{origin}:{}", line + 1),
            None => origin,
        })
    }

    fn asset(&self, id: FileId) -> FileResult<Bytes> {
        let vpath = id.vpath();
        let path = vpath.get_with_slash();
        if *id.root() != VirtualRoot::Project || !path.starts_with("/assets/") {
            return Err(FileError::NotFound(PathBuf::from(path)));
        }
        let real = vpath.realize(&self.content).map_err(FileError::Realize)?;
        std::fs::read(&real)
            .map(Bytes::new)
            .map_err(|err| FileError::from_io(err, &real))
    }
}

impl World for CatalogWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        match self.files.files.get(&id) {
            Some(VirtualFile {
                source: Some(source),
                ..
            }) => Ok(source.clone()),
            Some(_) => Err(FileError::NotSource),
            None => {
                let text = self.asset(id)?;
                let text = std::str::from_utf8(&text).map_err(|_| FileError::InvalidUtf8)?;
                Ok(Source::new(id, text.to_owned()))
            }
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        match self.files.files.get(&id) {
            Some(file) => Ok(file.bytes.clone()),
            None => self.asset(id),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
