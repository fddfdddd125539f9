import { describe, expect, it } from "vitest";
import { labStateFromList, runStateFromDetail } from "../../../cli/watch/watch-state.ts";
import {
  barText,
  type ConnectionState,
  durationText,
  etaText,
  failurePlainLine,
  labJson,
  labPlainLine,
  labRunLine,
  labScreen,
  percentText,
  redrawText,
  runJson,
  runPlainLine,
  runScreen,
  type ViewOptions,
} from "../../../cli/watch/watch-view.ts";
import { countsOf, detail, item, iso, summary, t0 } from "./watch-fixtures.ts";

const minute = 60_000;
/** A fixed clock: "HH:MM:SS" of UTC, so the text does not depend on the machine's time zone. */
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const plain: ViewOptions = { color: false, columns: 80, clock };
const colored: ViewOptions = { ...plain, color: true };
const live: ConnectionState = { phase: "live", since: t0 };
const hasEscape = (text: string) => text.includes("\x1b");

/** 10 items: 2 passed over two minutes and one failed after them, one blocked long ago, 6 untested. */
const runState = () =>
  runStateFromDetail(
    detail([
      item("p1", "passed", t0),
      item("p2", "passed", t0 + minute),
      item("f1", "failed", t0 + 2 * minute, { note: "-92 dBm\nsecond line", key: "radio.Rx.ch11", title: "RX ch 11" }),
      item("b1", "blocked", t0 - 60 * minute, { key: null, title: "Handover" }),
      ...Array.from({ length: 6 }, (_, i) => item(`u${i}`, "untested")),
    ]),
  );
const at = { now: t0 + 2 * minute, serverOffsetMs: 0 };

describe("the run screen", () => {
  it("shows title, status, a labelled bar per status, counts, pass rate, done %, ETA, failures and the link", () => {
    const lines = runScreen(runState(), live, at, plain);
    const text = lines.join("\n");
    expect(hasEscape(text)).toBe(false);
    expect(lines[0]).toBe("Firmware 2.4  running");
    for (const [label, count] of [
      ["✓ passed", 2],
      ["✗ failed", 1],
      ["⊘ blocked", 1],
      ["↷ skipped", 0],
      ["↻ retest", 0],
      ["○ untested", 6],
    ] as const)
      expect(text).toMatch(new RegExp(`^${label}\\s+[█░]{10,}\\s+${count}$`, "m"));
    // 4 of 10 done; 2 passed of 3 decided; 2 steady results over the last 2 min, 6 left: 6 more minutes.
    expect(text).toContain("Done 4 of 10 (40%) · pass rate 66% · ETA 10:08 (in 6 min)");
    expect(text).toContain("Newest failures (1 failed, 1 blocked):");
    expect(text).toContain("  ✗ radio.Rx.ch11  RX ch 11 — -92 dBm");
    expect(text).toContain("  ⊘ Handover");
    expect(text).not.toContain("second line");
    expect(lines.at(-1)).toBe("● live since 10:00:00");
  });

  it("colours with ANSI only when asked, and the text stays the same", () => {
    const text = runScreen(runState(), live, at, colored).join("\n");
    expect(text).toContain("\x1b[32m✓ passed");
    expect(text).toContain("\x1b[31m✗ failed");
    expect(text.replace(new RegExp(`${"\x1b"}\\[[0-9;]*m`, "g"), "")).toBe(
      runScreen(runState(), live, at, plain).join("\n"),
    );
  });

  it("says when the link dropped and for how long; ETA — when the pace does not tell", () => {
    const state = runStateFromDetail(detail([item("a", "passed"), item("b", "untested")]));
    const lines = runScreen(
      state,
      { phase: "reconnecting", since: t0 },
      { now: t0 + 12_000, serverOffsetMs: 0 },
      plain,
    );
    expect(lines.at(-1)).toBe("↻ reconnecting… since 10:00:00 (12 s)");
    expect(lines.join("\n")).toContain("ETA —");
    expect(lines.join("\n")).not.toContain("Newest failures");
    expect(runScreen(state, { phase: "connecting", since: t0 }, at, plain).at(-1)).toBe("○ connecting…");
  });

  it("a redraw goes home, clears each line's end and what is below", () => {
    expect(redrawText(["a", "b"])).toBe("\x1b[Ha\x1b[K\nb\x1b[K\n\x1b[J");
  });
});

describe("plain lines and JSON", () => {
  it("one plain line per change, without escape codes", () => {
    const line = runPlainLine(runState(), live, at);
    expect(line).toBe(
      "Firmware 2.4: running · 4/10 done (40%) · ✓ 2 passed  ✗ 1 failed  ⊘ 1 blocked  ↷ 0 skipped  ↻ 0 retest  ○ 6 untested · pass rate 66% · ETA in 6 min · live",
    );
    expect(runPlainLine(runState(), { phase: "reconnecting", since: t0 }, at)).toMatch(/ · reconnecting…$/);
    const failure = runState().failing.get("f1");
    expect(failure && failurePlainLine(failure)).toBe("✗ failed: radio.Rx.ch11  RX ch 11 — -92 dBm");
  });

  it("--json: the documented shape", () => {
    expect(runJson(runState(), live, at)).toEqual({
      runId: "run-1",
      name: "Firmware 2.4",
      status: "running",
      counts: { total: 10, untested: 6, passed: 2, failed: 1, blocked: 1, skipped: 0, retest: 0 },
      passRate: 0.6667,
      donePct: 40,
      eta: iso(t0 + 8 * minute),
      failures: [
        {
          itemId: "f1",
          key: "radio.Rx.ch11",
          title: "RX ch 11",
          status: "failed",
          note: "-92 dBm",
          at: iso(t0 + 2 * minute),
        },
        { itemId: "b1", key: null, title: "Handover", status: "blocked", note: null, at: iso(t0 - 60 * minute) },
      ],
      connection: "live",
      connectionSince: iso(t0),
    });
  });

  it("the server's clock drives the ETA; it is shown in local time", () => {
    // The server is 1 h ahead: the same pace, the same ETA in server time, an hour earlier locally.
    const ahead = { now: t0 + 2 * minute - 3_600_000, serverOffsetMs: 3_600_000 };
    expect(runJson(runState(), live, ahead).eta).toBe(iso(t0 + 8 * minute));
    expect(runScreen(runState(), live, ahead, plain).join("\n")).toContain("ETA 09:08 (in 6 min)");
  });
});

describe("--all", () => {
  const counts = countsOf([item("a", "passed"), item("b", "failed"), item("c", "blocked"), item("d", "untested")]);
  const radio = summary(counts, "running", "r1", "Radio regression", t0);
  const display = summary(countsOf([item("a", "untested")]), "planned", "r2", "Display EVT", t0 - minute);
  const runs = [radio, display];

  it("one line per run: name, bar, done %, failed count, status", () => {
    expect(labRunLine(radio, plain)).toBe(
      `${"Radio regression".padEnd(30)}  ███████████████░░░░░   75%  ✗ 1 ⊘ 1  running`,
    );
    const lines = labScreen(labStateFromList(runs), live, at, { ...plain, rows: 24 });
    expect(lines[0]).toBe("2 runs");
    expect(lines.filter((line) => line.includes("%"))).toHaveLength(2);
    expect(hasEscape(lines.join("\n"))).toBe(false);
    expect(hasEscape(labScreen(labStateFromList(runs), live, at, { ...colored, rows: 24 }).join("\n"))).toBe(true);
    expect(labPlainLine(display)).toBe("Display EVT: planned · 0/1 done (0%) · ✗ 0 failed · ⊘ 0 blocked");
  });

  it("as many runs as the terminal has rows for", () => {
    const many = Array.from({ length: 30 }, (_, i) => summary(counts, "running", `r${i}`, `Run ${i}`, t0 + i));
    const lines = labScreen(labStateFromList(many), live, at, { ...plain, rows: 10 });
    expect(lines.length).toBeLessThanOrEqual(10);
    expect(lines).toContain("… and 25 more");
  });

  it("--json lists every run", () => {
    expect(labJson(labStateFromList(runs), live)).toEqual({
      runs: [
        { runId: "r1", name: "Radio regression", status: "running", counts, passRate: 0.5, donePct: 75 },
        {
          runId: "r2",
          name: "Display EVT",
          status: "planned",
          counts: countsOf([item("a", "untested")]),
          passRate: null,
          donePct: 0,
        },
      ],
      connection: "live",
      connectionSince: iso(t0),
    });
  });
});

describe("small parts", () => {
  it("bars, percents and durations", () => {
    expect(barText(0, 10, 10)).toBe("░░░░░░░░░░");
    expect(barText(1, 1000, 10)).toBe("█░░░░░░░░░");
    expect(barText(10, 10, 10)).toBe("██████████");
    expect(barText(0, 0, 4)).toBe("░░░░");
    expect(percentText(0.999)).toBe("99%");
    expect(percentText(0.29)).toBe("29%");
    expect(durationText(20_000)).toBe("less than a minute");
    expect(durationText(25 * minute)).toBe("25 min");
    expect(durationText(125 * minute)).toBe("2 h 5 min");
    expect(etaText(null, t0, clock)).toBe("—");
    expect(etaText(t0 + 90 * minute, t0, clock)).toBe("11:30 (in 1 h 30 min)");
  });
});
