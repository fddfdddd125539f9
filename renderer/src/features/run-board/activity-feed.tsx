import { memo, type ReactNode } from "react";
import { useI18n } from "../../shared/i18n/use-i18n.ts";
import type { ActivityEntry } from "../../shared/live/activity.ts";
import { isolated } from "../../shared/ui/bidi.tsx";
import { StatusIcon } from "../../shared/ui/status-icon.tsx";
import { runStatusLabelKey, statusLabelKey } from "../../shared/ui/status-meta.ts";

/**
 * One line of the feed: what happened, then when. Who, what and when always show whole; only an
 * item's title (or a comment's text) gives way — a result line ellipsizes the title on one line,
 * other lines wrap to at most two and end the text in an ellipsis. The time never wraps away.
 */
const Line = ({ entry }: { readonly entry: ActivityEntry }) => {
  const { t, tn, fmt } = useI18n();
  const who = entry.actor ?? t("activity.someone");
  const time = (
    <time className="feed-when" dateTime={new Date(entry.at).toISOString()}>
      — {fmt.time(entry.at, false)}
    </time>
  );
  const text = (content: ReactNode) => (
    <>
      <span className="feed-text">{content}</span>
      {time}
    </>
  );
  switch (entry.kind) {
    case "result":
      // "Ken: Handover 5G→LTE ✗ — 14:02"
      return (
        <>
          <bdi className="feed-who">{who}</bdi>
          <span className="feed-colon">:</span>
          <bdi className="feed-title">{entry.title}</bdi>
          {entry.status === null ? null : (
            <StatusIcon status={entry.status} label={t(statusLabelKey[entry.status])} className="feed-what" />
          )}
          {time}
        </>
      );
    case "comment":
      return text(
        entry.title === null
          ? tn("activity.commentedRun", isolated({ who, body: entry.body ?? "" }))
          : tn("activity.commented", isolated({ who, title: entry.title, body: entry.body ?? "" })),
      );
    case "claim":
      return text(tn("activity.claimed", isolated({ who, title: entry.title ?? "" })));
    case "status":
      return text(
        t("activity.statusChanged", {
          status: entry.runStatus === null ? "" : t(runStatusLabelKey[entry.runStatus]),
        }),
      );
    case "created":
      return text(t("activity.created"));
    case "batch": {
      // "CI nightly: 911 results, 880 ✓ 31 ✗ — 02:14"
      const tally = entry.tally ?? { results: 0, passed: 0, failed: 0 };
      return text(
        tn("activity.batch", {
          ...isolated({ who }),
          n: fmt.number(tally.results),
          passed: fmt.number(tally.passed),
          failed: fmt.number(tally.failed),
        }),
      );
    }
    case "items":
      return text(t("activity.itemsAdded", { n: entry.count ?? 0 }));
  }
};

/** The newest updates first; the list is bounded by the store, the view shows what fits. */
export const ActivityFeed = memo(
  ({ entries, limit }: { readonly entries: ReadonlyArray<ActivityEntry>; readonly limit: number }) => {
    const { t } = useI18n();
    if (entries.length === 0) return <p className="feed-empty">{t("runBoard.noActivity")}</p>;
    return (
      <ol className="feed">
        {entries.slice(0, limit).map((entry) => (
          <li
            key={entry.seq}
            className={`feed-line feed-${entry.kind}${entry.status === null ? "" : ` feed-${entry.status}`}`}
          >
            <Line entry={entry} />
          </li>
        ))}
      </ol>
    );
  },
);
