//! `brochure serve`: a live preview. The site is built into memory ([`store`]), served over
//! HTTP ([`http`]) with a reload script and an error overlay injected into HTML responses only
//! ([`inject`]), and rebuilt as files change ([`watch`]): one project file is re-parsed alone
//! and only the pages showing it are rendered again ([`affected`], [`preview`]). Errors never
//! stop the server: the last good site stays served with the errors laid over it.

pub mod affected;
pub mod http;
pub mod inject;
pub mod preview;
pub mod store;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Instant;

use crate::diagnostics::{Diagnostic, display_path};
use crate::site::Site;
use preview::{Outcome, Preview};
use store::Hub;
use watch::{Batch, Plan, Watcher, classify};

/// Options of `brochure serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The address to listen on; loopback unless asked otherwise.
    pub bind: IpAddr,
    /// The port; 0 picks a free one (printed with the URL).
    pub port: u16,
    /// Open the preview in the default browser.
    pub open: bool,
}

/// Why serve could not start (once it runs, nothing stops it but the user).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "{0} is not a brochure site: there is no content/catalog.yaml (create one with `brochure init DIR`)"
    )]
    NotASite(String),
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot watch the site for changes: {0}")]
    Watch(#[from] notify_debouncer_full::notify::Error),
}

/// Builds the site into memory, serves it and rebuilds on every change, until interrupted.
pub fn serve(site: &Site, options: &ServeOptions) -> Result<(), ServeError> {
    let root = site
        .root
        .canonicalize()
        .ok()
        .filter(|root| root.join("content").join("catalog.yaml").is_file())
        .ok_or_else(|| ServeError::NotASite(display_path(&site.root)))?;
    let address = SocketAddr::new(options.bind, options.port);
    let listener =
        TcpListener::bind(address).map_err(|source| ServeError::Bind { address, source })?;
    let address = listener.local_addr().unwrap_or(address);
    let url = if address.ip().is_unspecified() {
        format!("http://localhost:{}/", address.port())
    } else {
        format!("http://{address}/")
    };
    let hub = Arc::new(Hub::default());
    let mut preview = Preview::new(root.clone()).served_at(&url);
    rebuild(&mut preview, &Plan::everything(), &hub, true);
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {} makes the preview reachable from other machines; it is meant for your own computer (the default is 127.0.0.1)",
            options.bind
        );
    }
    let server_hub = Arc::clone(&hub);
    std::thread::Builder::new()
        .name("brochure-server".into())
        .spawn(move || http::run(listener, server_hub))
        .map_err(|source| ServeError::Bind { address, source })?;

    let (batches, incoming) = mpsc::channel();
    let mut watcher = Watcher::start(&root, batches)?;
    println!(
        "serving {} at {url} (Ctrl+C to stop)",
        display_path(&site.root)
    );
    if options.open {
        open_browser(&url);
    }
    for batch in incoming {
        let plan = plan_for(&preview, &root, &batch);
        if !plan.is_empty() {
            rebuild(&mut preview, &plan, &hub, false);
        }
        if let Err(err) = watcher.watch_themes() {
            eprintln!("warning: cannot watch themes/: {err}");
        }
    }
    Ok(())
}

/// Sorts a batch of changed paths into a plan.
fn plan_for(preview: &Preview, root: &Path, batch: &Batch) -> Plan {
    let mut plan = if batch.rescan {
        Plan::everything()
    } else {
        Plan::default()
    };
    for path in &batch.paths {
        let Ok(relative) = path.strip_prefix(root) else {
            continue;
        };
        if let Some(change) = classify(relative, preview.theme_name(), |p| {
            preview.is_project_folder(p)
        }) {
            plan.add(change, relative);
        }
    }
    plan
}

/// Rebuilds, hands the result to the server and prints one line about it; the initial build
/// also prints every warning.
fn rebuild(preview: &mut Preview, plan: &Plan, hub: &Hub, initial: bool) {
    let started = Instant::now();
    let outcome = preview.rebuild(plan, &mut |site, changed| hub.publish(site, changed));
    let millis = started.elapsed().as_millis();
    let what = if initial {
        "built".to_owned()
    } else {
        format!("{} changed:", plan.describe())
    };
    match outcome {
        Outcome::Published {
            pages,
            files,
            first,
            warnings,
        } => {
            if initial {
                print_problems(&warnings);
            }
            let size = hub.snapshot().site.bytes() as f64 / 1_048_576.0;
            let edited = first.map_or_else(String::new, |at| {
                format!(", the edited pages served after {} ms", at.as_millis())
            });
            println!(
                "{what} {pages} pages and {files} other files in {millis} ms{edited} ({size:.1} MB in memory{})",
                count(warnings.len(), ", {} warning")
            );
        }
        Outcome::Broken { errors } => {
            print_problems(&errors);
            hub.set_overlay(Some(inject::overlay(&errors.iter().collect::<Vec<_>>())));
            println!(
                "{what} {} in {millis} ms; still serving the last good site",
                count(errors.len(), "{} error")
            );
        }
    }
}

/// `pattern` with `{}` replaced by `n` and an `s` added for plurals; empty for none.
fn count(n: usize, pattern: &str) -> String {
    match n {
        0 => String::new(),
        1 => pattern.replace("{}", "1"),
        n => format!("{}s", pattern.replace("{}", &n.to_string())),
    }
}

fn print_problems(problems: &[Diagnostic]) {
    for problem in problems {
        eprintln!("{problem}");
    }
}

/// Opens `url` with the system's handler; a failure is only a warning.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "windows") {
        let mut command = std::process::Command::new("cmd");
        command.args(["/C", "start", ""]);
        command
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    match command.arg(url).spawn() {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(err) => eprintln!("warning: cannot open a browser ({err}); open {url} yourself"),
    }
}
