import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";

/** Where and how a benchmark ran: every table in BENCHMARKS.md says it. */
export const machineLine = (): string => {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}`;
};

export const markdownTable = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

export const appendReport = (file: string, title: string, command: string, body: string): void => {
  if (!existsSync(file)) writeFileSync(file, "# Benchmarks\n\nMeasured figures, newest last. Each section names the command, the date and the machine.\n");
  const section = [``, `## ${title}`, ``, `- date: ${new Date().toISOString()}`, `- machine: ${machineLine()}`, `- command: \`${command}\``, ``, body, ``].join("\n");
  appendFileSync(file, section);
  process.stdout.write(`${section}\n`);
};
