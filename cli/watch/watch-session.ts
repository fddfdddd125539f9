import type { TypedEvent } from "../../server/domain/events.ts";
import type { TestRunDetail, TestRunSummary } from "../../server/domain/test-run.ts";
import type { Connection } from "../connection.ts";
import { type CliFailure, Failure, Unreachable } from "../errors.ts";
import {
  applyLabEvent,
  applyRunEvent,
  type ExitRules,
  type LabWatchState,
  labRuns,
  labStateFromList,
  newestFailures,
  type RunWatchState,
  runStateFromDetail,
  verdictOf,
} from "./watch-state.ts";
import { defaultStreamOptions, openWatchStream, type StreamOptions } from "./watch-stream.ts";
import {
  ansi,
  type ConnectionState,
  connectionPlainLine,
  failurePlainLine,
  labJson,
  labPlainLine,
  labScreen,
  redrawText,
  runJson,
  runPlainLine,
  runScreen,
} from "./watch-view.ts";

/**
 * `medi-test watch` while it runs: the stream applied to the state, the output (a screen
 * redrawn at most 10 times a second on a terminal, plain lines or NDJSON otherwise), and the
 * end — a verdict of the exit rules, Ctrl-C, the server refusing the stream, or giving up.
 */

export type WatchTarget =
  | { readonly _tag: "run"; readonly initial: TestRunDetail }
  | { readonly _tag: "all"; readonly initial: ReadonlyArray<TestRunSummary> };

export interface WatchSettings extends ExitRules {
  readonly json: boolean;
  /** Reconnecting for this long ends the watch (exit 3); undefined: never. */
  readonly giveUpAfterMs: number | undefined;
}

export interface WatchTerminal {
  readonly out: (text: string) => void;
  /** Redraw in place (stdout is a terminal and not --json). */
  readonly isTty: boolean;
  readonly color: boolean;
  /** The terminal's size now (it may be resized while watching). */
  readonly size: () => { readonly columns: number; readonly rows: number };
  /** Calls the handler on Ctrl-C; returns what stops listening. */
  readonly onInterrupt: ((handler: () => void) => () => void) | undefined;
}

/** At most 10 redraws a second. */
export const redrawIntervalMs = 100;

const clock = (ms: number): string => new Date(ms).toLocaleTimeString("en-GB", { hour12: false });

export const streamPathOf = (target: WatchTarget): string =>
  target._tag === "run" ? `/api/test-runs/${encodeURIComponent(target.initial.id)}/stream` : "/api/stream?all=1";

/** Runs until the watch ends; resolves with the failure to report, or undefined for exit 0. */
export const runWatchSession = (
  connection: Connection,
  target: WatchTarget,
  settings: WatchSettings,
  terminal: WatchTerminal,
  streamOptions: StreamOptions = defaultStreamOptions,
): Promise<CliFailure | undefined> =>
  new Promise((resolve) => {
    let run: RunWatchState | undefined = target._tag === "run" ? runStateFromDetail(target.initial) : undefined;
    let lab: LabWatchState | undefined = target._tag === "all" ? labStateFromList(target.initial) : undefined;
    let link: ConnectionState = { phase: "connecting", since: Date.now() };
    let serverOffsetMs = 0;
    let ended = false;
    const redrawing = terminal.isTty && !settings.json;

    // What was printed last, so only changes are printed again.
    let lastJson = "";
    let lastPlain = "";
    const printedFailures = new Set<string>();
    let firstPlain = true;
    const printedRuns = new Map<string, { readonly line: string; readonly name: string }>();
    let printedLink = "";
    let lastDrawAt = 0;
    let drawTimer: ReturnType<typeof setTimeout> | undefined;

    const clocks = () => ({ now: Date.now(), serverOffsetMs });
    const view = () => ({ color: terminal.color, ...terminal.size(), clock });

    const draw = () => {
      drawTimer = undefined;
      lastDrawAt = Date.now();
      const lines =
        run !== undefined
          ? runScreen(run, link, clocks(), view())
          : lab !== undefined
            ? labScreen(lab, link, clocks(), view())
            : [];
      terminal.out(redrawText(lines));
    };

    const printPlain = () => {
      const stamp = clock(Date.now());
      if (run !== undefined) {
        const line = runPlainLine(run, link, clocks());
        if (line !== lastPlain) terminal.out(`${stamp} ${line}\n`);
        lastPlain = line;
        if (firstPlain) {
          // At the start only the newest few, oldest of them first: a run may already have hundreds.
          firstPlain = false;
          for (const id of run.failing.keys()) printedFailures.add(id);
          for (const failure of [...newestFailures(run)].reverse())
            terminal.out(`${stamp} ${failurePlainLine(failure)}\n`);
        }
        for (const failure of run.failing.values()) {
          if (printedFailures.has(failure.itemId)) continue;
          printedFailures.add(failure.itemId);
          terminal.out(`${stamp} ${failurePlainLine(failure)}\n`);
        }
        for (const id of printedFailures) if (!run.failing.has(id)) printedFailures.delete(id);
        return;
      }
      if (lab === undefined) return;
      for (const summary of labRuns(lab)) {
        const line = labPlainLine(summary);
        if (printedRuns.get(summary.id)?.line !== line) terminal.out(`${stamp} ${line}\n`);
        printedRuns.set(summary.id, { line, name: summary.name });
      }
      for (const [id, printed] of printedRuns)
        if (!lab.runs.has(id)) {
          printedRuns.delete(id);
          terminal.out(`${stamp} ${printed.name}: deleted\n`);
        }
      const linkLine = connectionPlainLine(link);
      if (linkLine !== printedLink) terminal.out(`${stamp} ${linkLine}\n`);
      printedLink = linkLine;
    };

    const printJson = () => {
      const value = run !== undefined ? runJson(run, link, clocks()) : lab !== undefined ? labJson(lab, link) : null;
      const text = JSON.stringify(value);
      if (text !== lastJson) terminal.out(`${text}\n`);
      lastJson = text;
    };

    /** Shows the state: at once, or (a redraw) within the throttle. */
    const show = (now: boolean) => {
      if (settings.json) return printJson();
      if (!redrawing) return printPlain();
      if (now || Date.now() - lastDrawAt >= redrawIntervalMs) {
        clearTimeout(drawTimer);
        return draw();
      }
      drawTimer ??= setTimeout(draw, redrawIntervalMs - (Date.now() - lastDrawAt));
    };

    let stream: { readonly close: () => void } | undefined;
    let stopInterrupt: (() => void) | undefined;
    let ticker: ReturnType<typeof setInterval> | undefined;

    const finish = (result: CliFailure | undefined) => {
      if (ended) return;
      ended = true;
      stream?.close();
      clearInterval(ticker);
      stopInterrupt?.();
      show(true);
      if (redrawing) terminal.out(ansi.showCursor);
      resolve(result);
    };

    const judge = () => {
      if (run === undefined) return;
      const verdict = verdictOf(run, settings);
      if (verdict._tag === "done") finish(undefined);
      else if (verdict._tag === "failed") finish(new Failure({ message: verdict.reason }));
    };

    const setPhase = (phase: ConnectionState["phase"]) => {
      if (link.phase === phase) return;
      link = { phase, since: Date.now() };
      show(false);
    };

    if (redrawing) terminal.out(`${ansi.hideCursor}\x1b[2J`);
    show(true);
    judge();
    if (ended) return;

    stopInterrupt = terminal.onInterrupt?.(() => finish(undefined));
    ticker = setInterval(() => {
      const waited = Date.now() - link.since;
      if (link.phase !== "live" && settings.giveUpAfterMs !== undefined && waited >= settings.giveUpAfterMs) {
        finish(
          new Unreachable({
            url: connection.url,
            reason: `no connection for ${Math.round(waited / 1000)} s (--give-up-after)`,
          }),
        );
        return;
      }
      // The terminal's "reconnecting… (12 s)" and ETA move with the clock, and its size may change.
      if (redrawing) show(false);
    }, 1_000);

    stream = openWatchStream(
      connection,
      streamPathOf(target),
      {
        onOpen: () => setPhase("live"),
        onDrop: () => setPhase("reconnecting"),
        onServerTime: (serverMs) => {
          serverOffsetMs = serverMs - Date.now();
        },
        onRefused: (error) => finish(error),
        onEvent: (event: TypedEvent) => {
          if (ended) return;
          if (run !== undefined) run = applyRunEvent(run, event);
          if (lab !== undefined) lab = applyLabEvent(lab, event);
          show(false);
          judge();
        },
      },
      streamOptions,
    );
  });
