import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { relative } from "node:path";

/** Where and how a benchmark ran: every table in BENCHMARKS.md says it. */
export const machineLine = (): string => {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}`;
};

export const markdownTable = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");

export const appendReport = (file: string, title: string, command: string, body: string): void => {
  if (!existsSync(file))
    writeFileSync(
      file,
      "# Benchmarks\n\nMeasured figures, newest last. Each section names the command, the date and the machine.\n",
    );
  const section = [
    ``,
    `## ${title}`,
    ``,
    `- date: ${new Date().toISOString()}`,
    `- machine: ${machineLine()}`,
    `- command: \`${command}\``,
    ``,
    body,
    ``,
  ].join("\n");
  appendFileSync(file, section);
  process.stdout.write(`${section}\n`);
};

/** The command that produced a report, as typed: `npm run bench -- …` or `node tests/bench/….ts …`. */
export const commandLine = (): string => {
  const args = process.argv.slice(2);
  if (process.env.npm_lifecycle_event === "bench")
    return ["npm run bench", ...(args.length > 0 ? ["--", ...args] : [])].join(" ");
  return ["node", relative(process.cwd(), process.argv[1] ?? ""), ...args].join(" ");
};

/** 12,345 / 1.2 / – for NaN. */
export const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 }) : "–";

export const ratio = (a: number, b: number, digits = 2): string =>
  Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${fmt(a / b, digits)}×` : "–";
