//! Rinko's desktop app: a window over the workflow layer (`rinko_core::ops`). This file opens
//! the window and wires the OS to the commands: drops of files and folders go to the page
//! through its drop channel, navigation away from the app is refused, new windows are never
//! opened. What the page can ask for is in `commands`, each command allowed by name in
//! `capabilities/main.json`.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod assets;
mod commands;

use tauri::webview::NewWindowResponse;
use tauri::{DragDropEvent, Manager, WebviewUrl, WebviewWindowBuilder, WindowEvent};

use commands::{Dragged, Session};

fn main() {
    let mut context = tauri::generate_context!();
    assets::add_fonts(&mut context);
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(Session::default())
        .invoke_handler(tauri::generate_handler![
            commands::session,
            commands::watch_drops,
            commands::pick,
            commands::check,
            commands::cancel,
            commands::export,
            commands::explain,
            commands::preview,
            commands::print,
            commands::records,
            commands::verify_log,
            commands::export_ledger,
            commands::about,
            commands::seal_form,
            commands::check_institution,
            commands::generate_key,
            commands::seal,
            commands::pick_bundle,
            commands::verify_bundle,
            commands::trusted_keys,
            commands::pick_pack,
            commands::import_pack,
            commands::remove_set,
            commands::trust_key,
        ])
        .setup(|app| {
            let window =
                WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                    .title("Rinko — 臨個票・意見書の検査")
                    .inner_size(1280.0, 820.0)
                    .min_inner_size(900.0, 600.0)
                    .on_navigation(is_app_origin)
                    .on_new_window(|_, _| NewWindowResponse::Deny)
                    .build()?;
            let handle = app.handle().clone();
            window.on_window_event(move |event| {
                if let WindowEvent::DragDrop(drag) = event {
                    let drop = match drag {
                        DragDropEvent::Enter { .. } => Dragged::Enter,
                        DragDropEvent::Leave => Dragged::Leave,
                        DragDropEvent::Drop { paths, .. } => Dragged::Drop(paths.clone()),
                        _ => return,
                    };
                    handle.state::<Session>().dropped(drop);
                }
            });
            Ok(())
        })
        .build(context);
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            // Before any window exists there is nowhere else to say it.
            eprintln!("Rinko を起動できません: {e}");
            std::process::exit(2);
        }
    }
}

/// The app's own pages: `tauri://localhost` (Linux, macOS) or `http(s)://tauri.localhost`
/// (Windows). Anything else, a link or a redirect, stays out of the window.
fn is_app_origin(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_app_origin;

    #[test]
    fn only_the_apps_own_origin_may_be_shown() {
        for ok in [
            "tauri://localhost/index.html",
            "http://tauri.localhost/",
            "https://tauri.localhost/x",
        ] {
            assert!(is_app_origin(&ok.parse().unwrap()), "{ok}");
        }
        for refused in [
            "https://example.org/",
            "http://localhost:1420/",
            "file:///etc/passwd",
            "tauri://evil.example/",
            "http://tauri.localhost.example.org/",
            "data:text/html,hi",
        ] {
            assert!(!is_app_origin(&refused.parse().unwrap()), "{refused}");
        }
    }
}
