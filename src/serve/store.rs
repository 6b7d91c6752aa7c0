//! The preview's site in memory. A rebuild writes through [`MemorySink`] into a new
//! [`Generation`] (seeded with the files of the last one, so an incremental rebuild only writes
//! what changed) and the [`Hub`] swaps it in whole: a request holds one generation from start to
//! end and never sees a half-built site.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crate::render::{RenderError, Sink};

/// One complete build of the site: file bytes by their path from the site root.
#[derive(Debug, Default, Clone)]
pub struct Generation {
    files: HashMap<Arc<str>, Arc<[u8]>>,
}

impl Generation {
    pub fn get(&self, path: &str) -> Option<&Arc<[u8]>> {
        self.files.get(path)
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(|path| &**path)
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Bytes held, for the console and for measuring.
    pub fn bytes(&self) -> usize {
        self.files.values().map(|bytes| bytes.len()).sum()
    }

    /// Forgets the files whose path starts with `prefix`.
    pub fn remove_prefix(&mut self, prefix: &str) {
        self.files.retain(|path, _| !path.starts_with(prefix));
    }

    pub fn remove(&mut self, path: &str) {
        self.files.remove(path);
    }
}

/// A [`Sink`] that collects files into a generation and remembers which it wrote; cloning a
/// generation only copies reference counts, so seeding a rebuild with the previous one is
/// cheap.
#[derive(Debug, Default)]
pub struct MemorySink {
    state: Mutex<(Generation, Vec<Arc<str>>)>,
}

impl MemorySink {
    pub fn new(seed: Generation) -> Self {
        MemorySink {
            state: Mutex::new((seed, Vec::new())),
        }
    }

    /// The generation and the paths written into it.
    pub fn into_parts(self) -> (Generation, Vec<Arc<str>>) {
        self.state
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub fn into_generation(self) -> Generation {
        self.into_parts().0
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), RenderError> {
        let bytes: Arc<[u8]> = Arc::from(bytes);
        let path: Arc<str> = Arc::from(path);
        let mut state = lock(&self.state);
        state.0.files.insert(Arc::clone(&path), bytes);
        state.1.push(path);
        Ok(())
    }
}

/// The paths a publication changed; `None` when it changed everything (or too much to list).
pub type Changed = Option<Arc<[Arc<str>]>>;

/// What a request or an event stream reads: the last good site and the current problems.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Counts every change of the snapshot, so event streams know when to speak.
    pub revision: u64,
    /// Counts the published sites; a page of another version is out of date.
    pub version: u64,
    pub site: Arc<Generation>,
    /// The paths the last publication changed, so pages showing other files need not reload.
    pub changed: Changed,
    /// The error overlay's HTML while the content is broken.
    pub overlay: Option<Arc<str>>,
}

/// The one place where the rebuild loop hands its results to the server threads.
#[derive(Debug, Default)]
pub struct Hub {
    state: Mutex<Snapshot>,
    changed: Condvar,
}

impl Hub {
    pub fn snapshot(&self) -> Snapshot {
        lock(&self.state).clone()
    }

    /// Swaps in a new site and clears the overlay; the old site is freed after unlocking.
    pub fn publish(&self, site: Arc<Generation>, changed: Changed) {
        let old = {
            let mut state = lock(&self.state);
            let old = std::mem::replace(&mut state.site, site);
            state.changed = changed;
            state.version += 1;
            state.overlay = None;
            state.revision += 1;
            old
        };
        self.changed.notify_all();
        drop(old);
    }

    /// Keeps the site and shows (or, with `None`, removes) the overlay.
    pub fn set_overlay(&self, overlay: Option<String>) {
        let mut state = lock(&self.state);
        state.overlay = overlay.map(Arc::from);
        state.revision += 1;
        self.changed.notify_all();
    }

    /// Waits until the revision differs from `seen`; `None` when `timeout` passed first.
    pub fn wait_newer(&self, seen: u64, timeout: Duration) -> Option<Snapshot> {
        let state = lock(&self.state);
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |state| state.revision == seen)
            .unwrap_or_else(PoisonError::into_inner);
        (state.revision != seen).then(|| state.clone())
    }
}

/// Locks even after a panic elsewhere: the data is replaced whole, never left half-written.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sink_seeded_with_a_generation_overwrites_and_keeps() {
        let first = MemorySink::default();
        first.write("a.html", b"one").unwrap();
        first.write("b.html", b"two").unwrap();
        let first = first.into_generation();
        let second = MemorySink::new(first.clone());
        second.write("a.html", b"three").unwrap();
        let (second, written) = second.into_parts();
        assert_eq!(written.len(), 1);
        assert_eq!(&*written[0], "a.html");
        assert_eq!(&**first.get("a.html").unwrap(), b"one");
        assert_eq!(&**second.get("a.html").unwrap(), b"three");
        assert_eq!(&**second.get("b.html").unwrap(), b"two");
        assert_eq!(second.bytes(), 8);
    }

    #[test]
    fn waiting_sees_publications_and_overlays() {
        let hub = Hub::default();
        let seen = hub.snapshot().revision;
        assert!(hub.wait_newer(seen, Duration::from_millis(1)).is_none());
        hub.set_overlay(Some("<p>broken</p>".into()));
        let snapshot = hub.wait_newer(seen, Duration::from_millis(1)).unwrap();
        assert_eq!(snapshot.version, 0);
        assert!(snapshot.overlay.is_some());
        hub.publish(Arc::new(Generation::default()), None);
        let snapshot = hub.wait_newer(snapshot.revision, Duration::ZERO).unwrap();
        assert_eq!(snapshot.version, 1);
        assert!(snapshot.overlay.is_none());
    }
}
