use clap::Parser;

fn main() {
    let cli = brochure::cli::Cli::parse();
    std::process::exit(brochure::cli::run(cli));
}
