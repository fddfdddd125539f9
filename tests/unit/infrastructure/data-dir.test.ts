import { describe, expect, it } from "vitest";
import { type ModeFs, securePaths } from "../../../server/infrastructure/data-dir.ts";

/** A file system as FAT or some network shares present it: chmod "works", modes never change. */
const modelessFs = (): ModeFs => ({ chmod: () => undefined, mode: () => 0o755 });

describe("securePaths", () => {
  const entries = [
    { path: "/media/usb/lab-data", mode: 0o700 },
    { path: "/media/usb/lab-data/medi-test.sqlite", mode: 0o600 },
  ] as const;

  it("warns once per path that stays readable by others, naming it and the mode it keeps", () => {
    const warnings = securePaths(entries, modelessFs(), "linux");
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^cannot make \/media\/usb\/lab-data private \(the file system keeps mode 0755\): other users of this computer may be able to read the lab's data$/,
    );
  });

  it("warns with the error code when chmod is refused (a folder owned by someone else)", () => {
    const refusing: ModeFs = {
      chmod: () => {
        throw Object.assign(new Error("operation not permitted"), { code: "EPERM" });
      },
      mode: () => 0o700,
    };
    expect(securePaths(entries, refusing, "linux")[1]).toMatch(/medi-test\.sqlite private \(EPERM\)/);
  });

  it("is silent where modes took, and on Windows (access lives in ACLs there)", () => {
    const modes = new Map<string, number>();
    const working: ModeFs = {
      chmod: (path, mode) => void modes.set(path, mode),
      mode: (path) => modes.get(path) ?? 0o755,
    };
    expect(securePaths(entries, working, "linux")).toEqual([]);
    expect(securePaths(entries, modelessFs(), "win32")).toEqual([]);
  });
});
