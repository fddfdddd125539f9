import { Effect } from "effect";
import { readFile, stat } from "node:fs/promises";
import { UsageError } from "./errors.ts";

/** The largest input file read (the server's own body limit is at most 64 MiB). */
export const maxInputBytes = 64 * 1024 * 1024;

/** Reads and parses a JSON file; every problem is one UsageError line naming the file. */
export const readJsonFile = (path: string): Effect.Effect<unknown, UsageError> =>
  Effect.gen(function* () {
    const text = yield* Effect.tryPromise({
      try: async () => {
        const info = await stat(path);
        if (!info.isFile()) throw Object.assign(new Error("not a file"), { code: "not a file" });
        if (info.size > maxInputBytes) throw Object.assign(new Error("too large"), { code: "larger than 64 MiB" });
        return readFile(path, "utf8");
      },
      catch: (error) =>
        new UsageError({
          message: `${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
        }),
    });
    return yield* Effect.try({
      try: () => JSON.parse(text) as unknown,
      catch: (error) =>
        new UsageError({
          message: `${path}: is not valid JSON (${error instanceof Error ? error.message : "parse error"})`,
        }),
    });
  });
