import type { ItemStatus } from "../../server/domain/test-item.ts";
import type { RunStatus } from "../../server/domain/test-run.ts";
import { durationText } from "../../renderer/src/shared/i18n/duration.ts";
import { en as boardEn } from "../../renderer/src/shared/i18n/messages-en.ts";
import { ja as boardJa } from "../../renderer/src/shared/i18n/messages-ja.ts";
import { runStatusLabelKey, statusLabelKey } from "../../renderer/src/shared/ui/status-meta.ts";

/**
 * The words of an exported report in English and Japanese. Status and run-status labels and
 * durations are the boards' own (renderer/src/shared/i18n, status-meta), so a report says
 * what the wall says; the rest is the report's.
 */

export const ReportLangs = ["en", "ja"] as const;
export type ReportLang = (typeof ReportLangs)[number];

const reportEn = {
  "report.title": "Test run report",
  "report.status": "Status",
  "report.created": "Created",
  "report.started": "Started",
  "report.completed": "Completed",
  "report.generated": "Generated",
  "report.server": "Server",
  "report.labels": "Labels",
  "report.summary": "Summary",
  "report.total": "Total",
  "report.passRate": "Pass rate",
  "report.done": "Done",
  "report.duration": "Duration",
  "report.notStarted": "not started",
  "report.none": "—",
  "report.chart": "Progress over time",
  "report.chartDone": "done",
  "report.chartFailed": "failed",
  "report.chartTotal": "total",
  "report.chartEmpty": "No progress recorded yet.",
  "report.chartAlt": "Items done and failed over time, {points} points, from {from} to {to}",
  "report.sections": "Sections",
  "report.section": "Section",
  "report.noSection": "(no section)",
  "report.problems": "Failures and blocked items",
  "report.noProblems": "No failed or blocked items.",
  "report.note": "Note",
  "report.comments": "Comments",
  "report.runComments": "Comments on the run",
  "report.items": "All items",
  "report.key": "Key",
  "report.titleCol": "Title",
  "report.assignee": "Assignee",
  "report.recordedBy": "Recorded by",
  "report.recordedAt": "Recorded at",
  "report.durationCol": "Duration",
  "report.footer": "medi-test {version} · exported from {server}",
  "csv.section": "section",
  "csv.key": "key",
  "csv.title": "title",
  "csv.status": "status",
  "csv.note": "note",
  "csv.assignee": "assignee",
  "csv.recordedBy": "recorded by",
  "csv.recordedAt": "recorded at",
  "csv.duration": "duration (s)",
} as const;

export type ReportKey = keyof typeof reportEn;

const reportJa: Record<ReportKey, string> = {
  "report.title": "テストラン報告書",
  "report.status": "ステータス",
  "report.created": "作成",
  "report.started": "開始",
  "report.completed": "終了",
  "report.generated": "出力日時",
  "report.server": "サーバー",
  "report.labels": "ラベル",
  "report.summary": "概要",
  "report.total": "合計",
  "report.passRate": "合格率",
  "report.done": "完了",
  "report.duration": "所要時間",
  "report.notStarted": "未開始",
  "report.none": "—",
  "report.chart": "進捗の推移",
  "report.chartDone": "完了",
  "report.chartFailed": "不合格",
  "report.chartTotal": "合計",
  "report.chartEmpty": "進捗はまだ記録されていません。",
  "report.chartAlt": "完了と不合格の件数の推移（{points} 点、{from} から {to} まで）",
  "report.sections": "セクション別",
  "report.section": "セクション",
  "report.noSection": "（セクションなし）",
  "report.problems": "不合格とブロック",
  "report.noProblems": "不合格やブロックの項目はありません。",
  "report.note": "メモ",
  "report.comments": "コメント",
  "report.runComments": "テストランへのコメント",
  "report.items": "全項目",
  "report.key": "キー",
  "report.titleCol": "タイトル",
  "report.assignee": "担当者",
  "report.recordedBy": "記録者",
  "report.recordedAt": "記録日時",
  "report.durationCol": "所要時間",
  "report.footer": "medi-test {version} · {server} から出力",
  "csv.section": "セクション",
  "csv.key": "キー",
  "csv.title": "タイトル",
  "csv.status": "ステータス",
  "csv.note": "メモ",
  "csv.assignee": "担当者",
  "csv.recordedBy": "記録者",
  "csv.recordedAt": "記録日時",
  "csv.duration": "所要時間（秒）",
};

const fill = (template: string, vars: Readonly<Record<string, string | number>>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));

export interface ReportText {
  readonly lang: ReportLang;
  readonly t: (key: ReportKey, vars?: Readonly<Record<string, string | number>>) => string;
  readonly status: (status: ItemStatus) => string;
  readonly runStatus: (status: RunStatus) => string;
  readonly number: (n: number) => string;
  /** 0..1 as a whole percentage: "87 %" / "87%". */
  readonly percent: (share: number) => string;
  /** A moment (ISO) as date and time in the report's time zone. */
  readonly dateTime: (iso: string) => string;
  /** A moment (ms) as a short axis label. */
  readonly axisTime: (ms: number, spanMs: number) => string;
  readonly duration: (ms: number) => string;
  /** A test's own duration: tenths of a second under a minute ("1.2 s"), else as `duration`. */
  readonly testDuration: (ms: number) => string;
  /** The time zone the report's times are in ("Asia/Tokyo"). */
  readonly zone: string;
}

export interface ReportTextOptions {
  /** IANA time zone; the machine's own when omitted. */
  readonly timeZone?: string;
}

export const reportText = (lang: ReportLang, options: ReportTextOptions = {}): ReportText => {
  const words = lang === "ja" ? reportJa : reportEn;
  const board = lang === "ja" ? boardJa : boardEn;
  const locale = lang === "ja" ? "ja-JP" : "en-GB";
  const zone = options.timeZone === undefined ? {} : { timeZone: options.timeZone };
  const numbers = new Intl.NumberFormat(locale);
  const tenths = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", ...zone });
  const clock = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", ...zone });
  const clockSeconds = new Intl.DateTimeFormat(locale, {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    ...zone,
  });
  const dayClock = new Intl.DateTimeFormat(locale, {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    ...zone,
  });
  return {
    lang,
    t: (key, vars = {}) => fill(words[key], vars),
    status: (status) => board[statusLabelKey[status]],
    runStatus: (status) => board[runStatusLabelKey[status]],
    number: (n) => numbers.format(n),
    percent: (share) => percent.format(share),
    dateTime: (iso) => {
      const ms = Date.parse(iso);
      return Number.isFinite(ms) ? dateTime.format(ms) : iso;
    },
    axisTime: (ms, spanMs) =>
      (spanMs > 20 * 3_600_000 ? dayClock : spanMs < 10 * 60_000 ? clockSeconds : clock).format(ms),
    zone: dateTime.resolvedOptions().timeZone,
    duration: (ms) => {
      const text = durationText(ms);
      return fill(board[text.key], text.vars);
    },
    testDuration: (ms) => {
      if (ms >= 60_000) {
        const text = durationText(ms);
        return fill(board[text.key], text.vars);
      }
      return fill(board["duration.seconds"], { s: tenths.format(Math.max(0, ms) / 1_000) });
    },
  };
};
