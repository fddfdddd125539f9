import { DataDirRefusal } from "./infrastructure/data-dir-refusal.ts";

export interface StartFailure {
  readonly message: string;
  readonly exitCode: number;
}

/** The one line (and exit code) for a server that could not start. */
export const describeStartFailure = (error: unknown, options: { readonly stack: boolean }): StartFailure => {
  if (error instanceof DataDirRefusal) return { message: error.message, exitCode: 2 };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EADDRINUSE") return { message: "that port is already in use; pick another with --port", exitCode: 1 };
  if (code === "EACCES")
    return { message: "no permission to listen on that port or to use the data folder", exitCode: 1 };
  const detail = error instanceof Error ? ((options.stack ? error.stack : undefined) ?? error.message) : String(error);
  return { message: `could not start: ${detail}`, exitCode: 1 };
};
