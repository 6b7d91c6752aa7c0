//! The command line: parses arguments, runs the driver, prints problems and a summary, and
//! maps outcomes to exit codes (0 success, 1 content errors, 2 usage or I/O errors).

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::diagnostics::{Diagnostics, display_path};
use crate::serve::ServeOptions;
use crate::site::{BuildError, BuildOptions, Site};

#[derive(Debug, Parser)]
#[command(
    name = "brochure",
    version,
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
        Command::Check { site } => check(&Site::new(site)),
        Command::Serve {
            site,
            port,
            bind,
            open,
        } => serve(&Site::new(site), &ServeOptions { bind, port, open }),
    }
}

fn build(site: &Site, options: &BuildOptions) -> i32 {
    match site.build(options) {
        Ok(report) => {
            print_problems(&report.warnings);
            println!(
                "built {} pages and {} other files for {} projects in {:.2} s → {}",
                report.pages,
                report.files.saturating_sub(report.pages),
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
