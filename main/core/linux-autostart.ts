import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Launch at login on Linux, where Electron's setLoginItemSettings does nothing: an XDG autostart
 * entry in ~/.config/autostart (what GNOME, KDE and XFCE read).
 */
export const autostartFileName = "medi-test.desktop";

// Exec quoting (a backslash before each double quote, backtick, dollar and backslash), then the
// desktop-file string escape (every backslash doubled), and a literal percent sign written twice.
const quoteExec = (path: string): string =>
  `"${path
    .replace(/(["`$\\])/g, "\\$1")
    .replace(/\\/g, "\\\\")
    .replace(/%/g, "%%")}"`;

export const autostartEntry = (executable: string): string =>
  [
    "[Desktop Entry]",
    "Type=Application",
    "Name=medi-test",
    "Comment=Live test-run boards for the lab walls",
    `Exec=${quoteExec(executable)}`,
    "X-GNOME-Autostart-enabled=true",
    "Terminal=false",
    "",
  ].join("\n");

/** Writes or removes the entry; returns whether it now exists. */
export const setLinuxAutostart = (configDir: string, executable: string, enabled: boolean): boolean => {
  const dir = join(configDir, "autostart");
  const file = join(dir, autostartFileName);
  if (!enabled) {
    rmSync(file, { force: true });
    return false;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, autostartEntry(executable), { mode: 0o644 });
  return existsSync(file);
};
