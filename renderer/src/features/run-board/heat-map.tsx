import { memo, useMemo, useRef } from "react";
import { useI18n } from "../../shared/i18n/use-i18n.ts";
import type { ItemStatus, TestItem } from "../../shared/live/wire.ts";
import { isolate } from "../../shared/ui/bidi.tsx";
import { cssVars } from "../../shared/ui/css-vars.ts";
import { StatusIcon } from "../../shared/ui/status-icon.tsx";
import { statusLabelKey } from "../../shared/ui/status-meta.ts";
import { useElementSize } from "../../shared/ui/use-element-size.ts";
import { heatMapLayout } from "./heat-map-layout.ts";
import { sectionLabels } from "./section-labels.ts";

interface Section {
  readonly name: string;
  /** The name without the prefix every section shares (section-labels.ts). */
  readonly label: string;
  readonly items: ReadonlyArray<TestItem>;
  /** Failed and blocked items, in order: what a collapsed section still shows. */
  readonly flagged: ReadonlyArray<TestItem>;
  readonly failed: number;
  readonly blocked: number;
  readonly done: number;
}

const finished: ReadonlySet<ItemStatus> = new Set(["passed", "failed", "blocked", "skipped"]);

export const groupBySection = (items: Iterable<TestItem>): ReadonlyArray<Section> => {
  const bySection = new Map<string, TestItem[]>();
  for (const item of items) {
    const list = bySection.get(item.section);
    if (list === undefined) bySection.set(item.section, [item]);
    else list.push(item);
  }
  const sections = [...bySection.entries()]
    .map(([name, list]) => {
      list.sort((a, b) => a.position - b.position);
      let failed = 0;
      let blocked = 0;
      let done = 0;
      const flagged: TestItem[] = [];
      for (const item of list) {
        if (item.status === "failed") failed += 1;
        if (item.status === "blocked") blocked += 1;
        if (item.status === "failed" || item.status === "blocked") flagged.push(item);
        if (finished.has(item.status)) done += 1;
      }
      return { name, items: list, flagged, failed, blocked, done };
    })
    .sort((a, b) => (a.items[0]?.position ?? 0) - (b.items[0]?.position ?? 0));
  const labels = sectionLabels(sections.map((section) => section.name));
  return sections.map((section, index) => ({ ...section, label: labels[index] ?? section.name }));
};

/** Heading line + margins of a section in px at 1080p, scaled with the board unit. */
const chromeUnits = 44;

const Heading = ({
  section,
  collapsed,
  continued,
}: {
  readonly section: Section;
  readonly collapsed: boolean;
  readonly continued: boolean;
}) => {
  const { t, fmt } = useI18n();
  return (
    <h3 className="hm-title" title={collapsed ? t("runBoard.collapsed") : undefined}>
      {collapsed ? (
        <span className="hm-fold" role="img" aria-label={t("runBoard.collapsed")}>
          ▸
        </span>
      ) : null}
      {continued ? <span className="hm-fold">…</span> : null}
      <bdi className="hm-name" title={section.label === section.name ? undefined : section.name}>
        {section.label || "—"}
      </bdi>
      <FlagCounts failed={section.failed} blocked={section.blocked} testId="hm" />
      <span className="hm-stat hm-done">
        {fmt.number(section.done)}/{fmt.number(section.items.length)}
      </span>
    </h3>
  );
};

/** Failed and blocked counts with their glyphs, each shown only when not zero. */
const FlagCounts = ({
  failed,
  blocked,
  testId,
}: {
  readonly failed: number;
  readonly blocked: number;
  readonly testId: string;
}) => {
  const { t, fmt } = useI18n();
  return (
    <>
      {failed > 0 ? (
        <span className="hm-stat st-failed-text" data-testid={`${testId}-failed`}>
          {fmt.number(failed)}
          <StatusIcon status="failed" label={t("status.failed")} />
        </span>
      ) : null}
      {blocked > 0 ? (
        <span className="hm-stat st-blocked-text" data-testid={`${testId}-blocked`}>
          {fmt.number(blocked)}
          <StatusIcon status="blocked" label={t("status.blocked")} />
        </span>
      ) : null}
    </>
  );
};

/** The line under a map that does not fit: how many sections it leaves out, and their failures. */
const NotShown = ({ sections }: { readonly sections: ReadonlyArray<Section> }) => {
  const { t, fmt } = useI18n();
  const failed = sections.reduce((n, section) => n + section.failed, 0);
  const blocked = sections.reduce((n, section) => n + section.blocked, 0);
  return (
    <p className="hm-more" data-testid="hm-more">
      <span>{t("runBoard.notShown", { n: fmt.number(sections.length) })}</span>
      {failed === 0 && blocked === 0 ? (
        <span className="hm-done" data-testid="hm-more-clean">
          {t("runBoard.notShownClean")}
        </span>
      ) : (
        <FlagCounts failed={failed} blocked={blocked} testId="hm-more" />
      )}
    </p>
  );
};

const Cell = ({ item }: { readonly item: TestItem }) => {
  const { t } = useI18n();
  return (
    <span
      className={`cell st-${item.status}`}
      title={`${isolate(item.title)} — ${t(statusLabelKey[item.status])}${item.updatedBy === null ? "" : ` — ${isolate(item.updatedBy)}`}`}
      data-status={item.status}
      data-item-id={item.id}
    />
  );
};

/**
 * One square per item, grouped by section, coloured and patterned by result, so a block of
 * failures in "Radio/Handover" jumps out even for colour-blind viewers. Sections flow through
 * lanes; when even the smallest cell does not fit, the least telling sections collapse to their
 * heading and their failed and blocked cells (heat-map-layout.ts); when even that does not fit,
 * a last line says how many sections, failures and blocks are left out.
 */
export const HeatMap = memo(
  ({ items, unit }: { readonly items: ReadonlyMap<string, TestItem>; readonly unit: number }) => {
    const ref = useRef<HTMLDivElement>(null);
    const size = useElementSize(ref);
    const sections = useMemo(() => groupBySection(items.values()), [items]);
    const gap = Math.max(2, Math.round(3 * unit));
    const laneGap = Math.round(24 * unit);
    const layout = useMemo(
      () =>
        heatMapLayout({
          width: size.width,
          height: size.height,
          sections: sections.map((s) => ({ items: s.items.length, flagged: s.flagged.length, done: s.done })),
          sectionChrome: chromeUnits * unit,
          gap,
          laneGap,
          minLaneWidth: Math.round(340 * unit),
          maxLanes: 4,
          maxCell: Math.round(72 * unit),
          // Readable from 5 m: 10 px at 1080p, more on larger screens, never less.
          minCell: Math.max(10, Math.round(10 * unit)),
          footer: chromeUnits * unit,
        }),
      [size.width, size.height, sections, unit, gap, laneGap],
    );
    const lanes = Array.from({ length: layout.lanes }, (_, lane) =>
      layout.pieces.filter((piece) => piece.lane === lane),
    );
    const hidden =
      size.height > 0 && layout.hidden.length > 0 ? layout.hidden.flatMap((index) => sections[index] ?? []) : null;
    return (
      <div
        className="heatmap"
        ref={ref}
        data-cell={layout.cell}
        data-lanes={layout.lanes}
        style={cssVars({
          "--cell": `${layout.cell}px`,
          "--cell-gap": `${gap}px`,
          "--lane-gap": `${laneGap}px`,
          "--lane-width": `${layout.laneWidth}px`,
        })}
      >
        {lanes.map((pieces, lane) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lanes are positions, fixed by the layout
          <div className="hm-lane" key={lane}>
            {pieces.map((piece) => {
              const section = sections[piece.section];
              if (section === undefined) return null;
              const collapsed = layout.collapsed.has(piece.section);
              const shown = (collapsed ? section.flagged : section.items).slice(piece.from, piece.to);
              return (
                <section
                  key={`${piece.section}-${piece.from}`}
                  className={`hm-section${collapsed ? " is-collapsed" : ""}`}
                  aria-label={section.name || "—"}
                  data-collapsed={collapsed ? "true" : undefined}
                >
                  <Heading section={section} collapsed={collapsed} continued={piece.continued} />
                  <div className="hm-cells">
                    {shown.map((item) => (
                      <Cell key={item.id} item={item} />
                    ))}
                  </div>
                </section>
              );
            })}
          </div>
        ))}
        {hidden === null ? null : <NotShown sections={hidden} />}
      </div>
    );
  },
);
