import { Effect, Option, Schema } from "effect";
import { Argument, Command, Flag } from "effect/cli";
import { writeFile } from "node:fs/promises";
import { RunIdParams } from "../../server/domain/requests.ts";
import { CliIo } from "../cli-io.ts";
import { withConnection } from "../client-command.ts";
import { connectionFlags } from "../connection.ts";
import { decodeInput } from "../decode-input.ts";
import { Failure } from "../errors.ts";
import { exportCsv } from "../export/export-csv.ts";
import { exportHtml } from "../export/export-html.ts";
import { exportJson } from "../export/export-json.ts";
import { exportJunit } from "../export/export-junit.ts";
import { fetchReport } from "../export/fetch-report.ts";
import type { ReportModel } from "../export/report-model.ts";
import { type ReportLang, ReportLangs, reportText } from "../export/report-text.ts";
import { printResult } from "../output.ts";

export const ExportFormats = ["json", "csv", "junit", "html"] as const;
export type ExportFormat = (typeof ExportFormats)[number];

const PathText = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(1_000));

/** The report in one format, as the text written out. */
export const renderReport = (model: ReportModel, format: ExportFormat, lang: ReportLang): string => {
  switch (format) {
    case "json":
      return exportJson(model);
    case "csv":
      return exportCsv(model, reportText(lang));
    case "junit":
      return exportJunit(model);
    case "html":
      return exportHtml(model, reportText(lang));
  }
};

export interface Exported {
  readonly runId: string;
  readonly format: ExportFormat;
  readonly out: string;
  readonly items: number;
  readonly bytes: number;
}

export const exportedLines = (result: Exported): ReadonlyArray<string> => [
  `Wrote the ${result.format} report of run ${result.runId} (${result.items} item${result.items === 1 ? "" : "s"}, ${result.bytes} bytes) to ${result.out}.`,
];

/**
 * `medi-test export <run> [--format json|csv|junit|html] [--out file] [--lang en|ja]`: a run with
 * its items, comments and progress over time, read through the API (viewer token) and written
 * to stdout or a file. Nothing is written until everything has been read.
 */
export const exportCommand = () =>
  Command.make(
    "export",
    {
      run: Argument.String("run").pipe(Argument.withDescription("the run's id")),
      format: Flag.Literals("format", ExportFormats).pipe(
        Flag.withDescription(
          "json: one document with run, counts, items, comments and progress · csv: one row per item (Excel-ready) · junit: JUnit XML · html: a printable report; default json",
        ),
        Flag.withDefault("json" as const),
      ),
      out: Flag.String("out").pipe(
        Flag.withDescription("write to this file (replaced if it exists) instead of stdout"),
        Flag.optional,
      ),
      lang: Flag.Literals("lang", ReportLangs).pipe(
        Flag.withDescription("language of the html report and the csv headers; default en"),
        Flag.withDefault("en" as const),
      ),
      ...connectionFlags(),
    },
    (input) =>
      Effect.gen(function* () {
        const io = yield* CliIo;
        const { id } = yield* decodeInput(RunIdParams, { id: input.run }, "the run id", "1 to 64 characters");
        const out = Option.isSome(input.out)
          ? yield* decodeInput(PathText, input.out.value, "--out", "a file path")
          : undefined;
        const model = yield* withConnection(input, (connection) => fetchReport(connection, id));
        const content = renderReport(model, input.format, input.lang);
        if (out === undefined) {
          io.out(content);
          return;
        }
        yield* Effect.tryPromise({
          try: () => writeFile(out, content, "utf8"),
          catch: (error) =>
            new Failure({ message: `${out}: cannot be written (${(error as NodeJS.ErrnoException).code ?? "error"})` }),
        });
        const result: Exported = {
          runId: id,
          format: input.format,
          out,
          items: model.items.length,
          bytes: Buffer.byteLength(content, "utf8"),
        };
        yield* printResult(input.json, result, () => exportedLines(result));
      }),
  ).pipe(Command.withDescription("Export a run as JSON, CSV, JUnit XML or a printable HTML report (viewer token)"));
