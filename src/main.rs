use clap::Parser;

fn main() {
    if let Some(double_click) = brochure::launch::detect() {
        std::process::exit(brochure::launch::run(&double_click));
    }
    let cli = brochure::cli::Cli::parse();
    std::process::exit(brochure::cli::run(cli));
}
