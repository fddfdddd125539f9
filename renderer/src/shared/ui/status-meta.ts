import type { MessageKey } from "../i18n/messages-en.ts";
import type { ItemStatus, RunStatus } from "../live/wire.ts";

/** Text glyphs for each result (as in the lab's vocabulary: ✓ ✗ ⛔ ↷ ↻ ·). */
export const statusGlyph: Record<ItemStatus, string> = {
  passed: "✓",
  failed: "✗",
  blocked: "⛔",
  skipped: "↷",
  retest: "↻",
  untested: "·",
};

export const statusLabelKey: Record<ItemStatus, MessageKey> = {
  passed: "status.passed",
  failed: "status.failed",
  blocked: "status.blocked",
  skipped: "status.skipped",
  retest: "status.retest",
  untested: "status.untested",
};

export const runStatusLabelKey: Record<RunStatus, MessageKey> = {
  planned: "runStatus.planned",
  running: "runStatus.running",
  paused: "runStatus.paused",
  completed: "runStatus.completed",
  aborted: "runStatus.aborted",
};

/** Order of the segments in a progress bar and of the counts next to it. */
export const barOrder: ReadonlyArray<ItemStatus> = ["passed", "failed", "blocked", "skipped", "retest", "untested"];

/** The results a tester records, with their keys. */
export const resultKeys: ReadonlyArray<{ readonly status: ItemStatus; readonly key: string }> = [
  { status: "passed", key: "p" },
  { status: "failed", key: "f" },
  { status: "blocked", key: "b" },
  { status: "skipped", key: "s" },
  { status: "retest", key: "r" },
];
