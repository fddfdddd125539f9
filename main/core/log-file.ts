import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The desktop app's log: one line per event in `path`, rotated to `path.1` past `maxBytes`, so a
 * wall PC left on for a year keeps a bounded record of restarts and reloads.
 */
export const makeLogFile = (path: string, maxBytes = 1024 * 1024, echo: (line: string) => void = () => {}) => {
  mkdirSync(dirname(path), { recursive: true });
  return (message: string): void => {
    const line = `${new Date().toISOString()} ${message.replace(/[\r\n]+/g, " ")}\n`;
    echo(line);
    try {
      if (existsSync(path) && statSync(path).size + line.length > maxBytes) {
        rmSync(`${path}.1`, { force: true });
        renameSync(path, `${path}.1`);
      }
      appendFileSync(path, line, { mode: 0o600 });
    } catch {
      // A full or read-only disk must not take the boards down; the echo still has the line.
    }
  };
};
