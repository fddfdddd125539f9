import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cpuProfRootOf, profileReport, selfTimes } from "../../bench/cpu-profile.ts";

const frame = (functionName: string, url = "", lineNumber = 0) => ({ functionName, url, lineNumber, columnNumber: 0 });

/** root → work → hot; samples: idle, work, hot, hot, work (each delta the time before the next). */
const profile = {
  nodes: [
    { id: 1, callFrame: frame("(root)") },
    { id: 2, callFrame: frame("work", "file:///lab/node_modules/fastify/lib/route.js", 9) },
    { id: 3, callFrame: frame("hot", `file://${process.cwd()}/out/server/main.js`, 41) },
    { id: 4, callFrame: frame("(idle)") },
  ],
  samples: [4, 2, 3, 3, 2],
  timeDeltas: [0, 4_000, 1_000, 2_000, 3_000],
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the bench's CPU profile summary", () => {
  it("gives each sample the time up to the next one and names functions by file and line", () => {
    const times = selfTimes([profile, profile]);
    expect(times).toEqual([
      { name: "hot out/server/main.js:42", micros: 2 * (2_000 + 3_000) },
      { name: "(idle)", micros: 2 * 4_000 },
      { name: "work fastify/lib/route.js:10", micros: 2 * 1_000 },
    ]);
  });

  it("prints where the profiles are and the top functions without idle time", () => {
    const dir = mkdtempSync(join(tmpdir(), "medi-cpuprof-test-"));
    dirs.push(dir);
    writeFileSync(join(dir, "CPU.1.cpuprofile"), JSON.stringify(profile));
    const report = profileReport(dir, 1);
    expect(report).toContain(join(dir, "CPU.1.cpuprofile"));
    expect(report).toContain("Top 1 by self time of 6 ms busy");
    expect(report).toMatch(/hot out\/server\/main\.js:42 +5\.0 ms +83\.3 %/);
    expect(report).not.toContain("(idle)  ");
    expect(profileReport(join(dir, "none"))).toBe(`No CPU profiles were written in ${join(dir, "none")}.`);
  });

  it("profiles only with --cpu-prof, into --cpu-prof-dir when given", () => {
    const dir = mkdtempSync(join(tmpdir(), "medi-cpuprof-test-"));
    dirs.push(dir);
    expect(cpuProfRootOf(["write-path", "--quick"])).toBeUndefined();
    expect(cpuProfRootOf(["--cpu-prof", "--cpu-prof-dir", join(dir, "p")])).toBe(join(dir, "p"));
  });
});
