import { doneCount, passRate, progress } from "../../server/domain/progress.ts";
import type { RunCounts } from "../../server/domain/run-counts.ts";
import type { ItemStatus } from "../../server/domain/test-item.ts";
import type { TestRunSummary } from "../../server/domain/test-run.ts";
import {
  etaOf,
  type FailureLine,
  type LabWatchState,
  labRuns,
  newestFailures,
  type RunWatchState,
} from "./watch-state.ts";

/**
 * What `medi-test watch` prints, as pure functions of the state: the screen redrawn on a
 * terminal, one plain line per change elsewhere, and the `--json` objects. English text; every
 * status has a glyph and a label, so colour (ANSI, only when asked for) is never the only cue.
 */

export type ConnectionPhase = "connecting" | "live" | "reconnecting";

export interface ConnectionState {
  readonly phase: ConnectionPhase;
  /** Local ms since the phase began. */
  readonly since: number;
}

export interface ViewOptions {
  /** ANSI colours: only when stdout is a terminal and NO_COLOR is unset. */
  readonly color: boolean;
  /** The terminal's columns. */
  readonly columns: number;
  /** A time of day for people ("14:03:12"), from local ms. */
  readonly clock: (ms: number) => string;
}

/**
 * Order of the bars and counts, with each status's glyph: the boards' glyphs, but ⊘ for blocked
 * (⛔ is two columns wide in a terminal) and ○ for untested ("·" separates a plain line's parts).
 */
export const statusRows: ReadonlyArray<{
  readonly status: ItemStatus;
  readonly glyph: string;
  readonly color: string;
}> = [
  { status: "passed", glyph: "✓", color: "32" },
  { status: "failed", glyph: "✗", color: "31" },
  { status: "blocked", glyph: "⊘", color: "35" },
  { status: "skipped", glyph: "↷", color: "90" },
  { status: "retest", glyph: "↻", color: "33" },
  { status: "untested", glyph: "○", color: "2" },
];

const glyphOf = (status: ItemStatus): string => statusRows.find((row) => row.status === status)?.glyph ?? "?";

const paint = (options: Pick<ViewOptions, "color">, code: string, text: string): string =>
  options.color && text !== "" ? `\x1b[${code}m${text}\x1b[0m` : text;

const fitTo = (text: string, columns: number): string => {
  const chars = [...text];
  if (chars.length <= columns) return text + " ".repeat(columns - chars.length);
  return `${chars.slice(0, Math.max(columns - 1, 0)).join("")}…`;
};

/** Whole percent, rounded down: 100% only when every item is done. */
export const percentText = (fraction: number): string => `${Math.floor(fraction * 100 + 1e-9)}%`;

/** A bar of `cells` for `part` of `whole`: █ filled, ░ empty (a non-zero part shows at least one cell). */
export const barText = (part: number, whole: number, cells: number): string => {
  const filled = whole <= 0 || part <= 0 ? 0 : Math.min(cells, Math.max(1, Math.round((part / whole) * cells)));
  return "█".repeat(filled) + "░".repeat(cells - filled);
};

export const durationText = (ms: number): string => {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "less than a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
};

const secondsText = (ms: number): string => {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return seconds < 120 ? `${seconds} s` : durationText(seconds * 1000);
};

/** "14:20 (in 25 min)", or "—" when the pace does not tell. `eta` and `now` are local ms. */
export const etaText = (eta: number | null, now: number, clock: ViewOptions["clock"]): string =>
  eta === null ? "—" : `${clock(eta).slice(0, 5)} (in ${durationText(eta - now)})`;

export const connectionText = (connection: ConnectionState, now: number, options: ViewOptions): string => {
  const since = `since ${options.clock(connection.since)}`;
  switch (connection.phase) {
    case "live":
      return `${paint(options, "32", "●")} live ${since}`;
    case "connecting":
      return `${paint(options, "33", "○")} connecting…`;
    case "reconnecting":
      return paint(options, "33", `↻ reconnecting… ${since} (${secondsText(now - connection.since)})`);
  }
};

const failureText = (failure: FailureLine): string => {
  const name = failure.key === null ? failure.title : `${failure.key}  ${failure.title}`;
  return failure.note === null ? name : `${name} — ${failure.note}`;
};

const countsText = (counts: RunCounts): string =>
  statusRows.map((row) => `${row.glyph} ${counts[row.status]} ${row.status}`).join("  ");

const rateText = (counts: RunCounts): string => {
  const rate = passRate(counts);
  return rate === null ? "—" : percentText(rate);
};

/** What the clock says the server's time is: `serverOffsetMs` = server − local. */
export interface Clocks {
  /** Local ms. */
  readonly now: number;
  /** Server − local, from the stream's heartbeats (0 until one came). */
  readonly serverOffsetMs: number;
}

/** ETA in local ms. */
const localEta = (state: RunWatchState, clocks: Clocks): number | null => {
  const eta = etaOf(state, clocks.now + clocks.serverOffsetMs);
  return eta === null ? null : eta - clocks.serverOffsetMs;
};

/** The screen for one run, redrawn in place on a terminal. */
export const runScreen = (
  state: RunWatchState,
  connection: ConnectionState,
  clocks: Clocks,
  options: ViewOptions,
): ReadonlyArray<string> => {
  const { run } = state;
  const c = run.counts;
  const columns = Math.max(options.columns, 40);
  const cells = Math.min(50, Math.max(10, columns - 24));
  const digits = Math.max(String(c.total).length, 1);
  const bars = statusRows.map((row) => {
    const label = `${row.glyph} ${row.status.padEnd(8)}`;
    const bar = paint(options, row.color, barText(c[row.status], c.total, cells));
    return `${paint(options, row.color, label)}  ${bar}  ${String(c[row.status]).padStart(digits)}`;
  });
  const failures = newestFailures(state);
  const lines = [
    `${paint(options, "1", fitTo(run.name, Math.max(columns - 16, 10)).trimEnd())}  ${run.status}`,
    "",
    ...bars,
    "",
    `Done ${doneCount(c)} of ${c.total} (${percentText(progress(c))}) · pass rate ${rateText(c)} · ETA ${etaText(localEta(state, clocks), clocks.now, options.clock)}`,
  ];
  if (failures.length > 0) {
    lines.push("", `Newest failures (${c.failed} failed, ${c.blocked} blocked):`);
    for (const failure of failures) {
      const glyph = paint(options, failure.status === "failed" ? "31" : "35", glyphOf(failure.status));
      lines.push(`  ${glyph} ${fitTo(failureText(failure), columns - 4).trimEnd()}`);
    }
  }
  lines.push("", connectionText(connection, clocks.now, options));
  return lines;
};

/** One plain line for a change when stdout is no terminal (without the time that prefixes it). */
export const runPlainLine = (state: RunWatchState, connection: ConnectionState, clocks: Clocks): string => {
  const { run } = state;
  const c = run.counts;
  const eta = localEta(state, clocks);
  return [
    `${run.name}: ${run.status}`,
    `${doneCount(c)}/${c.total} done (${percentText(progress(c))})`,
    countsText(c),
    `pass rate ${rateText(c)}`,
    `ETA ${eta === null ? "—" : `in ${durationText(eta - clocks.now)}`}`,
    connectionPlainLine(connection),
  ].join(" · ");
};

/** The plain line for a failure that is new since the last line printed. */
export const failurePlainLine = (failure: FailureLine): string =>
  `${glyphOf(failure.status)} ${failure.status}: ${failureText(failure)}`;

/**
 * `--json`: one object per line per change. Stable: fields are only ever added.
 * `passRate` 0..1 or null; `donePct` whole percent (rounded down); `eta` ISO server time or null;
 * `failures` newest first, at most 5; `connection` "connecting" | "live" | "reconnecting".
 */
export interface RunJson {
  readonly runId: string;
  readonly name: string;
  readonly status: TestRunSummary["status"];
  readonly counts: RunCounts;
  readonly passRate: number | null;
  readonly donePct: number;
  readonly eta: string | null;
  readonly failures: ReadonlyArray<{
    readonly itemId: string;
    readonly key: string | null;
    readonly title: string;
    readonly status: FailureLine["status"];
    readonly note: string | null;
    readonly at: string;
  }>;
  readonly connection: ConnectionPhase;
  readonly connectionSince: string;
}

const isoOf = (ms: number): string => new Date(ms).toISOString();
const rounded = (value: number | null): number | null => (value === null ? null : Math.round(value * 10_000) / 10_000);

export const runJson = (state: RunWatchState, connection: ConnectionState, clocks: Clocks): RunJson => {
  const { run } = state;
  const eta = etaOf(state, clocks.now + clocks.serverOffsetMs);
  return {
    runId: run.id,
    name: run.name,
    status: run.status,
    counts: run.counts,
    passRate: rounded(passRate(run.counts)),
    donePct: Math.floor(progress(run.counts) * 100 + 1e-9),
    eta: eta === null ? null : isoOf(eta),
    failures: newestFailures(state).map((failure) => ({
      itemId: failure.itemId,
      key: failure.key,
      title: failure.title,
      status: failure.status,
      note: failure.note,
      at: isoOf(failure.at),
    })),
    connection: connection.phase,
    connectionSince: isoOf(connection.since),
  };
};

/** One run's line in `watch --all`: name, bar, done %, failed count, status. */
export const labRunLine = (run: TestRunSummary, options: Pick<ViewOptions, "color" | "columns">): string => {
  const c = run.counts;
  const columns = Math.max(options.columns, 50);
  const nameWidth = Math.min(40, Math.max(12, columns - 50));
  const bar = barText(doneCount(c), c.total, 20);
  const failed = c.failed + c.blocked;
  const failedText = `✗ ${c.failed}${c.blocked > 0 ? ` ⊘ ${c.blocked}` : ""}`;
  return [
    fitTo(run.name, nameWidth),
    paint(options, failed > 0 ? "31" : "32", bar),
    percentText(progress(c)).padStart(4),
    failed > 0 ? paint(options, "31", failedText) : failedText,
    run.status,
  ].join("  ");
};

/** The screen for `watch --all`: a heading, one line per run (as many as fit), the connection. */
export const labScreen = (
  state: LabWatchState,
  connection: ConnectionState,
  clocks: Clocks,
  options: ViewOptions & { readonly rows: number },
): ReadonlyArray<string> => {
  const runs = labRuns(state);
  const room = Math.max(options.rows - 4, 1);
  const shown = runs.length > room ? runs.slice(0, room - 1) : runs;
  const lines = [
    paint(options, "1", `${runs.length} run${runs.length === 1 ? "" : "s"}`),
    "",
    ...(runs.length === 0 ? ["No runs yet."] : shown.map((run) => labRunLine(run, options))),
  ];
  if (shown.length < runs.length) lines.push(`… and ${runs.length - shown.length} more`);
  lines.push("", connectionText(connection, clocks.now, options));
  return lines;
};

/** A run's plain line in `watch --all` when stdout is no terminal. */
export const labPlainLine = (run: TestRunSummary): string => {
  const c = run.counts;
  return `${run.name}: ${run.status} · ${doneCount(c)}/${c.total} done (${percentText(progress(c))}) · ✗ ${c.failed} failed · ⊘ ${c.blocked} blocked`;
};

export const connectionPlainLine = (connection: ConnectionState): string =>
  connection.phase === "live" ? "live" : connection.phase === "connecting" ? "connecting…" : "reconnecting…";

export interface LabJson {
  readonly runs: ReadonlyArray<{
    readonly runId: string;
    readonly name: string;
    readonly status: TestRunSummary["status"];
    readonly counts: RunCounts;
    readonly passRate: number | null;
    readonly donePct: number;
  }>;
  readonly connection: ConnectionPhase;
  readonly connectionSince: string;
}

export const labJson = (state: LabWatchState, connection: ConnectionState): LabJson => ({
  runs: labRuns(state).map((run) => ({
    runId: run.id,
    name: run.name,
    status: run.status,
    counts: run.counts,
    passRate: rounded(passRate(run.counts)),
    donePct: Math.floor(progress(run.counts) * 100 + 1e-9),
  })),
  connection: connection.phase,
  connectionSince: isoOf(connection.since),
});

/** What a terminal needs around a redraw: home and clear below, the cursor hidden meanwhile. */
export const ansi = {
  hideCursor: "\x1b[?25l",
  showCursor: "\x1b[?25h",
  home: "\x1b[H",
  clearBelow: "\x1b[J",
  clearLine: "\x1b[K",
} as const;

/** A whole redraw: cursor home, each line cleared to its end, the rest of the screen cleared. */
export const redrawText = (lines: ReadonlyArray<string>): string =>
  `${ansi.home}${lines.map((line) => `${line}${ansi.clearLine}`).join("\n")}\n${ansi.clearBelow}`;
