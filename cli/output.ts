import { Effect } from "effect";
import { CliIo } from "./cli-io.ts";

/** `--json`: the value as one JSON document; otherwise the human lines. */
export const printResult = (json: boolean, value: unknown, human: () => ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const io = yield* CliIo;
    io.out(json ? `${JSON.stringify(value, null, 2)}\n` : `${human().join("\n")}\n`);
  });

/** Columns padded to their widest cell; the last column is not padded. */
export const formatTable = (rows: ReadonlyArray<ReadonlyArray<string>>): ReadonlyArray<string> => {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - [...cell].length)))
      .join("  ")
      .trimEnd(),
  );
};
