import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Effect, Result } from "effect";
import { type JunitTally, junitResults, tallyOf } from "../server/domain/junit/junit-results.ts";
import { MaxItemsPerRequest } from "../server/domain/requests.ts";
import { junitTextKept, readJunitBody } from "../server/http/junit/junit-body.ts";
import { UsageError } from "./errors.ts";
import { maxInputBytes } from "./read-json-file.ts";

export interface CheckedJunitFile {
  readonly file: string;
  readonly bytes: number;
  readonly tally: JunitTally;
}

const reasonOf = (error: unknown): string =>
  error instanceof Error ? error.message.replace(/^The JUnit file /, "") : "cannot be read";

/**
 * Reads a JUnit file here exactly as the server will (the same streaming parser and rules), so a
 * malformed file among several is named with its line and column before any of them is sent.
 */
export const checkJunitFile = (file: string): Effect.Effect<CheckedJunitFile, UsageError> =>
  Effect.tryPromise({
    try: async () => {
      const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
        throw new Error(`cannot be read (${error.code ?? "error"})`);
      });
      if (!info.isFile()) throw new Error("is not a file");
      if (info.size > maxInputBytes) throw new Error("is larger than 64 MiB");
      const cases = await readJunitBody(createReadStream(file), {
        maxBytes: maxInputBytes,
        maxCases: MaxItemsPerRequest,
        maxText: junitTextKept,
      });
      const results = junitResults(cases);
      if (Result.isFailure(results)) {
        throw new Error(`is not valid at line ${results.failure.line}: ${results.failure.message}`);
      }
      if (results.success.length === 0) throw new Error("holds no test cases");
      return { file, bytes: info.size, tally: tallyOf(cases.length, results.success) };
    },
    catch: (error) => new UsageError({ message: `${file}: ${reasonOf(error)}` }),
  });
