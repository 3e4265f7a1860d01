//! Compiles the app's permissions: every command the webview may call is listed here by name,
//! and `capabilities/main.json` allows each of them to the main window, and nothing else.

/// The app's commands (src/commands.rs), the only ones the webview can call.
const COMMANDS: &[&str] = &[
    "session",
    "watch_drops",
    "pick",
    "check",
    "cancel",
    "export",
    "explain",
    "preview",
    "print",
    "records",
    "verify_log",
    "export_ledger",
    "about",
    "seal_form",
    "check_institution",
    "generate_key",
    "seal",
    "pick_bundle",
    "verify_bundle",
    "trusted_keys",
    "pick_pack",
    "import_pack",
    "remove_set",
    "trust_key",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri-build: {e:#}");
    }
}
