//! Attachments leave the message only through here: a name that is safe on every
//! file system, a warning for files that run code, and saving that cannot write
//! outside the chosen folder or over an existing file.

use super::MailError;
use super::model::Risk;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The most bytes a saved name may have (file systems allow 255; the rest is room for
/// " (2)" and for paths).
const MAX_NAME_BYTES: usize = 200;

/// A file name that means the same on Windows, macOS and Linux and names a file in the
/// target folder, nothing else: no path separators or `..`, no drive letters, no
/// control or bidi-override characters (which make `exe.pdf` out of `fdp.exe`), no
/// reserved device names (`CON`, `COM1`, …), no trailing dots or spaces; at most 200
/// bytes with the extension kept; `attachment` when nothing is left.
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c => c,
        })
        .filter(|c| !c.is_control() && !is_invisible_format(*c))
        .collect();
    // Leading dots hide the file (and `..` climbs); trailing dots and spaces are
    // dropped by Windows, which turns `a.exe.` into `a.exe`.
    let mut trimmed = cleaned
        .trim_matches(|c: char| c.is_whitespace() || c == '.')
        .to_string();
    while trimmed.contains("..") {
        trimmed = trimmed.replace("..", ".");
    }
    let mut name = cap_length(&trimmed);
    if is_reserved_device(&name) {
        name.insert(0, '_');
    }
    if name.is_empty() {
        "attachment".to_string()
    } else {
        name
    }
}

/// Bidi overrides and isolates, zero-width characters and other invisible formatting
/// that can disguise an extension.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{061c}' | '\u{00ad}'
    )
}

/// Windows opens a device, not a file, for these names — with any extension.
fn is_reserved_device(name: &str) -> bool {
    let stem = name
        .split('.')
        .next()
        .unwrap_or_default()
        .trim_end()
        .to_ascii_uppercase();
    matches!(
        stem.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) || ((stem.starts_with("COM") || stem.starts_with("LPT"))
        && stem.len() == 4
        && stem[3..]
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '¹' | '²' | '³')))
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && matches!(stem.get(3..), Some("¹" | "²" | "³")))
}

fn cap_length(name: &str) -> String {
    if name.len() <= MAX_NAME_BYTES {
        return name.to_string();
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 16 => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    let mut end = MAX_NAME_BYTES - extension.len();
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{extension}", stem[..end].trim_end_matches([' ', '.']))
}

/// Extensions that run code when opened on some desktop Werkbank runs on.
const EXECUTABLE: &[&str] = &[
    "exe",
    "com",
    "scr",
    "pif",
    "bat",
    "cmd",
    "msi",
    "msp",
    "mst",
    "msix",
    "msixbundle",
    "appx",
    "appxbundle",
    "appref-ms",
    "application",
    "cpl",
    "dll",
    "ocx",
    "sys",
    "drv",
    "vbs",
    "vbe",
    "js",
    "jse",
    "wsf",
    "wsh",
    "wsc",
    "ws",
    "ps1",
    "ps1xml",
    "ps2",
    "psc1",
    "psm1",
    "psd1",
    "hta",
    "jar",
    "lnk",
    "url",
    "website",
    "reg",
    "inf",
    "scf",
    "gadget",
    "msc",
    "msh",
    "chm",
    "hlp",
    "sct",
    "shb",
    "shs",
    "xll",
    "xbap",
    "library-ms",
    "settingcontent-ms",
    "search-ms",
    "diagcab",
    "mde",
    "mdb",
    "accde",
    "ade",
    "adp",
    "sh",
    "bash",
    "zsh",
    "csh",
    "ksh",
    "command",
    "desktop",
    "run",
    "bin",
    "app",
    "pkg",
    "dmg",
    "action",
    "workflow",
    "apk",
    "deb",
    "rpm",
    "appimage",
    "py",
    "pyw",
    "pl",
    "rb",
    "iqy",
    "slk",
];
const MACROS: &[&str] = &[
    "docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppam", "ppsm", "sldm",
];
const DISK_IMAGES: &[&str] = &["iso", "img", "vhd", "vhdx", "udf"];
/// Extensions people trust at a glance: one of these before a risky one is a lure.
const HARMLESS_LOOKING: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "txt", "csv",
    "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "mp3", "mp4", "avi", "mov", "wav", "zip",
    "html", "htm", "eml", "msg", "xml", "json",
];
const EXECUTABLE_TYPES: &[&str] = &[
    "application/x-msdownload",
    "application/x-msdos-program",
    "application/x-ms-installer",
    "application/x-msi",
    "application/x-dosexec",
    "application/x-executable",
    "application/vnd.microsoft.portable-executable",
    "application/x-sh",
    "application/x-shellscript",
    "application/java-archive",
    "application/x-java-archive",
    "application/hta",
    "application/x-ms-shortcut",
    "application/vnd.ms-cab-compressed",
];

/// Why opening this attachment deserves a warning, if it does. The name is judged as
/// [`safe_file_name`] leaves it, i.e. as the file will really be called.
pub fn risky(name: &str, content_type: &str) -> Option<Risk> {
    let name = safe_file_name(name).to_lowercase();
    let parts: Vec<&str> = name.split('.').collect();
    let extension = if parts.len() > 1 {
        parts[parts.len() - 1].trim()
    } else {
        ""
    };
    let before = if parts.len() > 2 {
        parts[parts.len() - 2].trim()
    } else {
        ""
    };
    let dangerous = EXECUTABLE.contains(&extension)
        || MACROS.contains(&extension)
        || DISK_IMAGES.contains(&extension);
    if dangerous && HARMLESS_LOOKING.contains(&before) {
        return Some(Risk::DoubleExtension {
            shown: before.to_string(),
            real: extension.to_string(),
        });
    }
    let extension = extension.to_string();
    if EXECUTABLE.contains(&extension.as_str()) {
        return Some(Risk::Executable { extension });
    }
    if MACROS.contains(&extension.as_str()) {
        return Some(Risk::Macros { extension });
    }
    if DISK_IMAGES.contains(&extension.as_str()) {
        return Some(Risk::DiskImage { extension });
    }
    let content_type = content_type.trim().to_ascii_lowercase();
    let content_type = content_type.split(';').next().unwrap_or_default().trim();
    if EXECUTABLE_TYPES.contains(&content_type) {
        return Some(Risk::Executable { extension });
    }
    None
}

/// Writes the part `part_id` of `raw_message` into `dir` under its safe name; an
/// existing file is never replaced ("name (2).ext", …). Returns the path written.
pub fn save_attachment(
    raw_message: &[u8],
    part_id: &str,
    dir: &Path,
) -> Result<PathBuf, MailError> {
    let part = super::part_content(raw_message, part_id)?;
    if !dir.is_dir() {
        return Err(MailError::InvalidInput {
            reason: format!("{} is not a folder", dir.display()),
        });
    }
    let name = safe_file_name(&part.name);
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem.to_string(), format!(".{ext}")),
        _ => (name.clone(), String::new()),
    };
    for n in 1..=1000u32 {
        let candidate = if n == 1 {
            name.clone()
        } else {
            format!("{stem} ({n}){extension}")
        };
        let path = dir.join(&candidate);
        // `create_new` is O_EXCL: it neither overwrites nor follows a symlink planted
        // under that name.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                let written = file.write_all(&part.bytes).and_then(|()| file.sync_all());
                return match written {
                    Ok(()) => Ok(path),
                    Err(e) => {
                        let _ = std::fs::remove_file(&path);
                        Err(io_error(&path, &e))
                    }
                };
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io_error(&path, &e)),
        }
    }
    Err(MailError::InvalidInput {
        reason: format!("too many files named {name} in {}", dir.display()),
    })
}

fn io_error(path: &Path, error: &std::io::Error) -> MailError {
    MailError::InvalidInput {
        reason: format!("cannot write {}: {error}", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_leave_the_folder_or_name_a_device() {
        assert_eq!(safe_file_name("../../etc/passwd"), "_._etc_passwd");
        assert_eq!(
            safe_file_name("..\\..\\Windows\\win.ini"),
            "_._Windows_win.ini"
        );
        assert_eq!(safe_file_name("C:\\x.txt"), "C__x.txt");
        assert_eq!(safe_file_name("CON"), "_CON");
        assert_eq!(safe_file_name("com1.txt"), "_com1.txt");
        assert_eq!(safe_file_name("LPT9"), "_LPT9");
        assert_eq!(safe_file_name("COM10.txt"), "COM10.txt");
        assert_eq!(safe_file_name("nul .txt"), "_nul .txt");
        assert_eq!(safe_file_name("a.exe. . "), "a.exe");
        assert_eq!(safe_file_name(".bashrc"), "bashrc");
        assert_eq!(safe_file_name(""), "attachment");
        assert_eq!(safe_file_name(" .. "), "attachment");
        assert_eq!(safe_file_name("a\u{0}b\r\nc.txt"), "abc.txt");
    }

    #[test]
    fn bidi_overrides_cannot_disguise_an_extension() {
        let name = safe_file_name("Rechnung\u{202e}fdp.exe");
        assert_eq!(name, "Rechnungfdp.exe");
        assert_eq!(
            risky("Rechnung\u{202e}fdp.exe", "application/pdf"),
            Some(Risk::Executable {
                extension: "exe".into()
            })
        );
    }

    #[test]
    fn long_names_keep_their_extension() {
        let name = safe_file_name(&format!("{}.pdf", "ä".repeat(300)));
        assert!(name.len() <= 200);
        assert!(name.ends_with("ä.pdf"));
    }

    #[test]
    fn executables_and_double_extensions_are_risky() {
        assert_eq!(
            risky("rechnung.pdf.exe", "application/pdf"),
            Some(Risk::DoubleExtension {
                shown: "pdf".into(),
                real: "exe".into()
            })
        );
        assert_eq!(
            risky("setup.EXE", ""),
            Some(Risk::Executable {
                extension: "exe".into()
            })
        );
        assert_eq!(
            risky("Bericht.docm", ""),
            Some(Risk::Macros {
                extension: "docm".into()
            })
        );
        assert_eq!(
            risky("scan.iso", ""),
            Some(Risk::DiskImage {
                extension: "iso".into()
            })
        );
        assert_eq!(
            risky("harmlos.txt", "application/x-msdownload"),
            Some(Risk::Executable {
                extension: "txt".into()
            })
        );
        assert_eq!(risky("Bericht 2026.pdf", "application/pdf"), None);
        assert_eq!(risky("v1.2.docx", ""), None);
    }
}
