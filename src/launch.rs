//! A double-click on brochure.exe in Windows Explorer. Explorer gives the program a console of
//! its own; left alone, brochure would print its usage and exit, and the window would close
//! before anyone could read it. Started with no arguments in a console it is alone in, brochure
//! instead says in Chinese and English how to use it, waits for Enter and then starts the
//! preview of the site beside the program (the release package puts one there), or closes.

use std::io::BufRead;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};

use crate::cli::{Cli, Command};

/// What a double-click does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DoubleClick {
    /// A site is beside the program: explain, then preview it after Enter.
    PreviewSite(PathBuf),
    /// No site beside the program: explain, then close after Enter.
    Explain,
}

/// The facts about a start that tell a double-click from a command typed in a terminal.
#[derive(Debug, Clone, Copy)]
pub struct Start<'a> {
    /// Command-line arguments after the program's name.
    pub arguments: usize,
    /// Processes attached to the console: 1 when the console was made for brochure alone
    /// (Explorer), 2 or more in a terminal (its shell is attached too), 0 without a console.
    pub console_processes: u32,
    /// The folder holding the program.
    pub program_folder: Option<&'a Path>,
}

/// `Some` when the start looks like a double-click.
pub fn double_click(start: &Start) -> Option<DoubleClick> {
    if start.arguments > 0 || start.console_processes != 1 {
        return None;
    }
    Some(match start.program_folder {
        Some(folder) if folder.join("content").join("catalog.yaml").is_file() => {
            DoubleClick::PreviewSite(folder.to_owned())
        }
        _ => DoubleClick::Explain,
    })
}

/// Whether this process was started with a double-click (only ever on Windows).
pub fn detect() -> Option<DoubleClick> {
    let program = std::env::current_exe().ok();
    double_click(&Start {
        arguments: std::env::args_os().len().saturating_sub(1),
        console_processes: console_processes(),
        program_folder: program.as_deref().and_then(Path::parent),
    })
}

/// Explains, waits for Enter, then previews the site or closes; returns the exit code.
pub fn run(double_click: &DoubleClick) -> i32 {
    println!("{}", screen(double_click));
    wait_for_enter();
    match double_click {
        DoubleClick::Explain => 0,
        DoubleClick::PreviewSite(folder) => {
            let code = crate::cli::run(Cli {
                command: Command::Serve {
                    site: folder.clone(),
                    port: 1111,
                    bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
                    open: true,
                },
            });
            // The preview runs until the window is closed; returning means it failed, and
            // its error stays on screen until Enter.
            println!("\n{}", Message::CloseAfterEnter);
            wait_for_enter();
            code
        }
    }
}

/// The whole text shown on a double-click.
pub fn screen(double_click: &DoubleClick) -> String {
    let next = match double_click {
        DoubleClick::PreviewSite(_) => vec![Message::PreviewAfterEnter],
        DoubleClick::Explain => vec![Message::NoSiteBeside, Message::CloseAfterEnter],
    };
    std::iter::once(Message::HowToUse)
        .chain(next)
        .map(|message| message.to_string())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The texts of a double-click, each in Simplified Chinese, then English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    HowToUse,
    PreviewAfterEnter,
    NoSiteBeside,
    CloseAfterEnter,
}

impl Message {
    pub fn chinese(self) -> &'static str {
        match self {
            Message::HowToUse => {
                "brochure 是命令行程序，要在命令行窗口里输入命令使用，双击只显示这段说明。\n\
                 \n\
                 1. 打开 brochure.exe 所在的文件夹，在窗口上方的地址栏输入 cmd，按回车，打开命令行窗口。\n\
                 2. 输入 brochure serve --open 并回车：浏览器打开项目册预览；\n\
                 \x20  修改 content 文件夹里的文件并保存，预览会自动刷新。\n\
                 3. 输入 brochure build 并回车：网站和 PDF 生成在 output 文件夹里（PDF 是 output\\catalog.pdf）。\n\
                 其他命令：brochure check（检查内容）、brochure import 表格.xlsx（从表格导入项目）、\n\
                 brochure --help（全部命令）。详见文件夹里的“快速上手.txt”。"
            }
            Message::PreviewAfterEnter => {
                "按回车键开始预览本文件夹里的项目册（浏览器会自动打开；关闭本窗口即停止预览）。"
            }
            Message::NoSiteBeside => {
                "本文件夹里没有项目册（content\\catalog.yaml）：可在命令行窗口输入 brochure init 新文件夹名 新建一个。"
            }
            Message::CloseAfterEnter => "按回车键关闭本窗口。",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            Message::HowToUse => {
                "brochure is a command-line program: type its commands in a terminal; a double-click \
                 only shows this text.\n\
                 \n\
                 1. Open the folder holding brochure.exe, type cmd in the address bar at the top of \
                 the window and press Enter: a terminal opens.\n\
                 2. Type brochure serve --open and press Enter: the browser shows a preview of the \
                 catalog, which reloads whenever you save a file under content.\n\
                 3. Type brochure build and press Enter: the web catalog and the PDF are written to \
                 the output folder (the PDF is output\\catalog.pdf).\n\
                 More: brochure check (check the content), brochure import sheet.xlsx (import \
                 projects from a spreadsheet), brochure --help (every command)."
            }
            Message::PreviewAfterEnter => {
                "Press Enter to preview the catalog in this folder (the browser opens; close this \
                 window to stop the preview)."
            }
            Message::NoSiteBeside => {
                "There is no catalog in this folder (content\\catalog.yaml): create one by typing \
                 brochure init NEW-FOLDER in a terminal."
            }
            Message::CloseAfterEnter => "Press Enter to close this window.",
        }
    }
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\n{}", self.chinese(), self.english())
    }
}

fn wait_for_enter() {
    let mut line = String::new();
    // End of input or an unreadable console ends the wait as Enter would.
    let _ = std::io::stdin().lock().read_line(&mut line);
}

#[cfg(windows)]
fn console_processes() -> u32 {
    let mut ids = [0u32; 4];
    // SAFETY: the buffer is valid for writes of its whole length, which is passed with it.
    unsafe {
        windows_sys::Win32::System::Console::GetConsoleProcessList(
            ids.as_mut_ptr(),
            ids.len() as u32,
        )
    }
}

#[cfg(not(windows))]
fn console_processes() -> u32 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/catalog.yaml"), "title: 测试\n").unwrap();
        dir
    }

    fn start(arguments: usize, console_processes: u32, folder: &Path) -> Start<'_> {
        Start {
            arguments,
            console_processes,
            program_folder: Some(folder),
        }
    }

    #[test]
    fn a_console_of_its_own_without_arguments_is_a_double_click() {
        let site = site_folder();
        assert_eq!(
            double_click(&start(0, 1, site.path())),
            Some(DoubleClick::PreviewSite(site.path().to_owned()))
        );
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(
            double_click(&start(0, 1, empty.path())),
            Some(DoubleClick::Explain)
        );
        let no_folder = Start {
            program_folder: None,
            ..start(0, 1, empty.path())
        };
        assert_eq!(double_click(&no_folder), Some(DoubleClick::Explain));
    }

    #[test]
    fn terminals_arguments_and_no_console_are_not() {
        let site = site_folder();
        assert_eq!(double_click(&start(0, 2, site.path())), None);
        assert_eq!(double_click(&start(0, 0, site.path())), None);
        assert_eq!(double_click(&start(1, 1, site.path())), None);
    }

    #[test]
    fn the_screen_says_what_to_type_and_what_enter_does() {
        let preview = screen(&DoubleClick::PreviewSite(PathBuf::from("site")));
        assert!(preview.contains("brochure serve --open"), "{preview}");
        assert!(preview.contains("地址栏输入 cmd"), "{preview}");
        assert!(preview.contains("按回车键开始预览"), "{preview}");
        assert!(!preview.contains("按回车键关闭"), "{preview}");
        let explain = screen(&DoubleClick::Explain);
        assert!(explain.contains("brochure init"), "{explain}");
        assert!(
            explain.ends_with(Message::CloseAfterEnter.english()),
            "{explain}"
        );
    }
}
