import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { build, type Rolldown } from "vite";
import { launchBrowser } from "../e2e/support/browser.ts";
import { appendReport, commandLine, fmt, markdownTable } from "./report.ts";
import { type DecodeTiming, messageNames } from "./wire-decode-run.ts";

/**
 * How long the renderer takes to read the stream's largest messages (wall and run snapshots, a
 * bulk import) in Chromium: its code bundled and minified as Vite builds the boards, each message
 * in a fresh page. `node tests/bench/wire-decode.ts [--repeats 15] [--no-report]`.
 */
const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    repeats: { type: "string", default: "15" },
    "no-report": { type: "boolean", default: false },
  },
});
const repeats = Number(values.repeats);

const bundle = async (): Promise<string> => {
  const output = await build({
    configFile: false,
    logLevel: "warn",
    mode: "production",
    build: {
      write: false,
      minify: true,
      lib: { entry: resolve(import.meta.dirname, "wire-decode-page.ts"), formats: ["iife"], name: "wireDecodeBench" },
    },
  });
  const outputs = (Array.isArray(output) ? output : [output]) as ReadonlyArray<Rolldown.RolldownOutput>;
  const chunk = outputs.flatMap((o) => o.output).find((file) => file.type === "chunk");
  if (chunk === undefined || chunk.type !== "chunk") throw new Error("the bench page did not bundle");
  return chunk.code;
};

const code = await bundle();
const browser = await launchBrowser();
const timings: DecodeTiming[] = [];
try {
  for (const name of messageNames) {
    // A fresh context per message: its first read is as cold as a board's first snapshot.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addScriptTag({ content: code });
    timings.push(await page.evaluate<DecodeTiming>(`measureDecoding(${JSON.stringify(name)}, ${repeats})`));
    await context.close();
  }
} finally {
  await browser.close();
}

const ms = (value: number): string => fmt(value, 1);
const body = [
  "Chromium (headless) reads one message as a board does: `JSON.parse`, then decoding it with the contract's schema and",
  "expanding it into the events a page applies (`toWireEvent`, `liveEventsOf`: renderer/src/shared/live/wire.ts), the",
  "code bundled and minified by Vite. Each message in a fresh page: its first read is cold, as a board's first snapshot;",
  `warm: the median of the ${repeats} reads after it.`,
  "",
  markdownTable(
    ["message", "size", "JSON.parse ms, first / warm", "decoding ms, first / warm"],
    timings.map((t) => [
      t.name,
      `${fmt(t.bytes / 1e6, 2)} MB`,
      `${ms(t.first.parseMs)} / ${ms(t.warm.parseMs)}`,
      `${ms(t.first.decodeMs)} / ${ms(t.warm.decodeMs)}`,
    ]),
  ),
].join("\n");
if (values["no-report"]) process.stdout.write(`${body}\n`);
else appendReport("BENCHMARKS.md", "Renderer: reading the largest stream messages", commandLine(), body);
