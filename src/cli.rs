//! The command line: parses arguments, runs the driver, prints problems and a summary, and
//! maps outcomes to exit codes (0 success, 1 content errors, 2 usage or I/O errors).

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::diagnostics::{Diagnostics, display_path};
use crate::import::{ImportError, ImportOptions, ImportReport, Outcome};
use crate::scaffold::{self, NewOptions};
use crate::serve::ServeOptions;
use crate::site::{BuildError, BuildOptions, Site};

#[derive(Debug, Parser)]
#[command(
    name = "brochure",
    version = crate::VERSION,
    about = "Static site generator for investment-promotion catalogs (招商引资项目册)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the web catalog (and the print catalog) into the output folder.
    Build {
        /// The site folder, holding content/.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The output folder [default: SITE/output].
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The site's public address, overriding base_url in catalog.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Do not write catalog.pdf.
        #[arg(long)]
        no_pdf: bool,
    },
    /// Check the content and list every problem; exit 1 when there are errors.
    Check {
        /// The site folder, holding content/.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Check instead every link of the built output; exit 1 when one is broken.
        #[arg(long)]
        links: bool,
        /// The output folder whose links are checked [default: SITE/output].
        #[arg(short, long, requires = "links")]
        output: Option<PathBuf>,
    },
    /// Turn spreadsheet rows (.xlsx, .xls, .ods, .csv) into project files.
    Import {
        /// The spreadsheet.
        file: PathBuf,
        /// The site folder, holding content/.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The sheet to read [default: the first with a header row].
        #[arg(long)]
        sheet: Option<String>,
        /// Replace the sheet's fields in existing files, keeping their text.
        #[arg(long)]
        update: bool,
        /// Check and count, but write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write a project skeleton with every field, ready to fill in.
    New {
        /// The project's file name (lower-case letters, digits and '-').
        slug: String,
        /// The site folder, holding content/.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The chain's id or name.
        #[arg(long)]
        chain: Option<String>,
        /// The county's id or name.
        #[arg(long)]
        county: Option<String>,
    },
    /// Create a new site that builds at once.
    Init {
        /// The folder to create.
        dir: PathBuf,
        /// Copy the built-in theme into DIR/themes/default for customisation.
        #[arg(long)]
        with_theme: bool,
    },
    /// Preview the site: serve it from memory, rebuild on every save, reload the browser.
    Serve {
        /// The site folder, holding content/.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but loopback shows the preview to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Typeset the print catalog as a PDF.
    Pdf {
        /// The site folder, holding content/.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The PDF file to write [default: SITE/catalog.pdf].
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

/// Runs the command and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Build {
            site,
            output,
            base_url,
            no_pdf,
        } => build(
            &Site::new(site),
            &BuildOptions {
                output,
                base_url,
                no_pdf,
            },
        ),
        Command::Check {
            site,
            links: true,
            output,
        } => check_links(&Site::new(site), output),
        Command::Check { site, .. } => check(&Site::new(site)),
        Command::Import {
            file,
            site,
            sheet,
            update,
            dry_run,
        } => import(
            &site,
            &ImportOptions {
                file,
                sheet,
                update,
                dry_run,
            },
        ),
        Command::New {
            slug,
            site,
            chain,
            county,
        } => new_project(
            &site,
            &NewOptions {
                slug,
                chain,
                county,
            },
        ),
        Command::Init { dir, with_theme } => init(&dir, with_theme),
        Command::Serve {
            site,
            port,
            bind,
            open,
        } => serve(&Site::new(site), &ServeOptions { bind, port, open }),
        Command::Pdf { site, output } => pdf(&Site::new(site), output.as_deref()),
    }
}

fn import(site: &Path, options: &ImportOptions) -> i32 {
    match crate::import::import(site, options) {
        Ok(report) => {
            print_import_report(&report);
            0
        }
        Err(ImportError::Rows(problems)) => {
            for problem in &problems {
                eprintln!("{problem}");
            }
            let errors = problems.iter().filter(|p| p.is_error()).count();
            eprintln!(
                "{errors} error{} in the sheet; nothing was written",
                if errors == 1 { "" } else { "s" }
            );
            1
        }
        Err(err) => {
            eprintln!("error: {err}");
            err.exit_code()
        }
    }
}

/// Warnings, each file written, then the counts.
fn print_import_report(report: &ImportReport) {
    for warning in &report.warnings {
        eprintln!("{warning}");
    }
    for (path, outcome) in &report.files {
        let verb = match (outcome, report.dry_run) {
            (Outcome::Created, false) => "created",
            (Outcome::Updated, false) => "updated",
            (Outcome::Created, true) => "would create",
            (Outcome::Updated, true) => "would update",
            _ => continue,
        };
        println!("{verb} {}", display_path(path));
    }
    let counts = format!(
        "{} created, {} updated, {} unchanged, {} skipped",
        report.count(Outcome::Created),
        report.count(Outcome::Updated),
        report.count(Outcome::Unchanged),
        report.count(Outcome::Skipped)
    );
    if report.dry_run {
        println!("dry run, nothing written: {counts}");
    } else {
        println!("{counts}");
    }
    if report.count(Outcome::Skipped) > 0 {
        println!(
            "skipped files exist already and differ from the sheet: use --update to replace \
             their fields (their text is kept)"
        );
    }
}

fn new_project(site: &Path, options: &NewOptions) -> i32 {
    match scaffold::new_project(site, options) {
        Ok(path) => {
            println!(
                "created {}: fill in the fields, then run `brochure check`",
                display_path(&path)
            );
            0
        }
        Err(err) => {
            eprintln!("error: {err}");
            err.exit_code()
        }
    }
}

fn init(dir: &Path, with_theme: bool) -> i32 {
    match scaffold::init(dir, with_theme) {
        Ok(files) => {
            println!(
                "created a new site in {} ({files} files): build it with `brochure build {}`",
                display_path(dir),
                display_path(dir)
            );
            0
        }
        Err(err) => {
            eprintln!("error: {err}");
            err.exit_code()
        }
    }
}

fn pdf(site: &Site, output: Option<&Path>) -> i32 {
    match site.pdf(output) {
        Ok((file, warnings)) => {
            print_problems(&warnings);
            println!("wrote {}", display_path(&file));
            0
        }
        Err(err) => {
            report_failure(&err);
            err.exit_code()
        }
    }
}

fn build(site: &Site, options: &BuildOptions) -> i32 {
    match site.build(options) {
        Ok(report) => {
            print_problems(&report.warnings);
            println!(
                "built {} pages and {} other files{} for {} projects in {:.2} s → {}",
                report.pages,
                report.files.saturating_sub(report.pages),
                if report.pdf {
                    " (with catalog.pdf)"
                } else {
                    ""
                },
                report.projects,
                report.elapsed.as_secs_f64(),
                display_path(&report.output)
            );
            0
        }
        Err(err) => {
            report_failure(&err);
            eprintln!("build failed: the previous output was left untouched");
            err.exit_code()
        }
    }
}

fn check(site: &Site) -> i32 {
    match site.check() {
        Ok((catalog, problems)) => {
            print_problems(&problems);
            if problems.has_errors() {
                1
            } else {
                println!(
                    "ok: {} projects in {} chains and {} counties",
                    catalog.projects.len(),
                    catalog.chains.len(),
                    catalog.counties.len()
                );
                0
            }
        }
        Err(err) => {
            report_failure(&err);
            err.exit_code()
        }
    }
}

/// `check --links`: the links of the built output; those under catalog.yaml's base_url are
/// checked in the output too.
fn check_links(site: &Site, output: Option<PathBuf>) -> i32 {
    let output = output.unwrap_or_else(|| site.default_output());
    let catalog = site.root.join("content/catalog.yaml");
    let base_url = std::fs::read_to_string(&catalog)
        .ok()
        .and_then(|text| crate::config::Config::parse(&catalog, &text).0.base_url);
    match crate::links::check_links(&output, base_url.as_deref()) {
        Ok(report) => {
            for broken in &report.broken {
                eprintln!("{broken}");
            }
            println!("{report}");
            i32::from(!report.broken.is_empty())
        }
        Err(err) => {
            eprintln!("error: {err}");
            2
        }
    }
}

fn serve(site: &Site, options: &ServeOptions) -> i32 {
    match crate::serve::serve(site, options) {
        Ok(()) => 0,
        Err(err) => {
            eprintln!("error: {err}");
            2
        }
    }
}

fn print_problems(problems: &Diagnostics) {
    if !problems.is_empty() {
        eprint!("{}", problems.report());
    }
}

fn report_failure(err: &BuildError) {
    match err {
        BuildError::Content(problems) => print_problems(problems),
        other => eprintln!("error: {other}"),
    }
}
