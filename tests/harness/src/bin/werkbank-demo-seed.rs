//! Writes the demo sample data for alice into the running harness servers.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match werkbank_harness::seed::demo().await {
        Ok(()) => {
            println!("demo data for alice@example.test is in place");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("seeding failed: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
