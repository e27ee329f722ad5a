//! `xxgk`: read 政府信息公开工作年度报告 from the command line.
//!
//! `xxgk parse FILE` prints the report's JSON on stdout (`-` reads stdin);
//! exit status 0 on success, 2 with the error on stderr otherwise.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "xxgk",
    version,
    about = "Read 政府信息公开工作年度报告 into typed, checked data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse one report and print its JSON.
    Parse {
        /// The report's text file (UTF-8), or `-` for stdin.
        file: PathBuf,
    },
}

fn read(file: &PathBuf) -> Result<String, String> {
    let bytes = if file.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("stdin: {e}"))?;
        buf
    } else {
        std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?
    };
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: invalid UTF-8 at byte {}",
            file.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { file } => {
            let result = read(&file).and_then(|text| {
                xxgk::parse(&text).map_err(|e| format!("{}: {e}", file.display()))
            });
            match result {
                Ok(report) => match serde_json::to_string_pretty(&report) {
                    Ok(json) => {
                        println!("{json}");
                        ExitCode::SUCCESS
                    }
                    Err(e) => {
                        eprintln!("xxgk: {e}");
                        ExitCode::from(2)
                    }
                },
                Err(e) => {
                    eprintln!("xxgk: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
