import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { issueToken } from "./auth-helpers.ts";
import type { TestLab } from "./lab-server.ts";

/**
 * Fills a lab with `count` runs as a real one looks: long English and Japanese names, labels,
 * 40–300 items in sections, a mix of clean, failing (1–40 failures), blocked, paused, planned and
 * finished runs, results recorded by named testers and one CI token. Deterministic: run `i` is
 * always the same.
 */

const products = [
  "Release 4.2 regression · iOS",
  "Firmware 7.1 smoke · bench B",
  "決済モジュール 結合テスト",
  "Android 15 compatibility",
  "受入テスト 第3版 · 病棟端末",
  "Infusion pump UI · nightly",
  "Radio stack regression · EU",
  "検査装置 ファームウェア 2.8",
  "Accessibility audit · tablet",
  "Lab analyser integration",
];

export interface SeedShape {
  readonly status: "running" | "paused" | "planned" | "completed" | "aborted";
  readonly items: number;
  readonly passed: number;
  readonly failed: number;
  readonly blocked: number;
  readonly skipped: number;
}

/** The shape of run `i`: what it holds and how far it is. */
export const seedShape = (i: number): SeedShape => {
  const items = [40, 120, 300, 80, 200, 2_000, 60, 150][i % 8] ?? 100;
  const share = ((i * 37) % 100) / 100;
  const done = i % 9 === 4 ? items : Math.floor(items * share);
  const failed = i % 3 === 0 ? Math.min(done, 1 + ((i * 7) % 40)) : 0;
  const blocked = i % 5 === 1 ? Math.min(done - failed, 1 + (i % 4)) : 0;
  const skipped = i % 4 === 2 ? Math.min(done - failed - blocked, 3) : 0;
  const passed = Math.max(0, done - failed - blocked - skipped);
  const status =
    i % 9 === 4 ? "completed" : i % 13 === 7 ? "paused" : i % 17 === 11 && done === 0 ? "planned" : "running";
  return { status, items, passed, failed, blocked, skipped };
};

export const seedName = (i: number): string => {
  const base = products[i % products.length] ?? "Run";
  return i < products.length ? base : `${base} #${Math.floor(i / products.length) + 1}`;
};

const resultsFor = (run: TestRunDetail, shape: SeedShape) => {
  const statuses = [
    ...Array<string>(shape.passed).fill("passed"),
    ...Array<string>(shape.failed).fill("failed"),
    ...Array<string>(shape.blocked).fill("blocked"),
    ...Array<string>(shape.skipped).fill("skipped"),
  ];
  return statuses.map((status, index) => ({ itemId: run.items[index]?.id ?? "", status }));
};

export interface SeededRun {
  readonly run: TestRunDetail;
  readonly shape: SeedShape;
}

/** Creates run `i` with its results (bulk, as the CI token or a tester) and its status. */
export const seedRun = async (lab: TestLab, i: number, tokens: ReadonlyArray<string>): Promise<SeededRun> => {
  const shape = seedShape(i);
  const sections = ["Login", "Orders/Checkout", "Settings", "Reports", "Devices/Pairing", "同期", "Alarms", "Export"];
  const items = Array.from({ length: shape.items }, (_, n) => ({
    title: `${sections[n % sections.length]} case ${n + 1}`,
    section: sections[Math.floor((n * sections.length) / shape.items)] ?? "Main",
  }));
  const created = await lab.api<TestRunDetail>("POST", "/api/test-runs", {
    name: seedName(i),
    labels: { build: `4.2.${i}`, bench: String.fromCharCode(65 + (i % 6)) },
    items,
  });
  if (created.status !== 201) throw new Error(`create run failed: ${created.status} ${JSON.stringify(created.body)}`);
  const run = created.body;
  const results = resultsFor(run, shape);
  const token = tokens[i % tokens.length];
  for (let start = 0; start < results.length; start += 500) {
    const response = await lab.api(
      "POST",
      `/api/test-runs/${run.id}/results`,
      { results: results.slice(start, start + 500) },
      token === undefined ? {} : { token },
    );
    if (response.status !== 200) throw new Error(`results failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  if (shape.status !== "running" && !(shape.status === "planned" && results.length === 0)) {
    const response = await lab.api("PUT", `/api/test-runs/${run.id}/status`, { status: shape.status });
    if (response.status !== 200) throw new Error(`status failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return { run, shape };
};

/** A lab with `count` runs; testers "Aiko Tanaka", "Ken", "佐藤 花子" and "CI nightly" record. */
export const seedLab = async (lab: TestLab, count: number): Promise<SeededRun[]> => {
  const names = ["Aiko Tanaka", "Ken", "佐藤 花子", "CI nightly"];
  const tokens = await Promise.all(names.map(async (name) => (await issueToken(lab, name, "tester")).token));
  const seeded: SeededRun[] = [];
  for (let i = 0; i < count; i++) seeded.push(await seedRun(lab, i, tokens));
  return seeded;
};
