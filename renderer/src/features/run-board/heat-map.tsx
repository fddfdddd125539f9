import { memo, useMemo, useRef } from "react";
import { useI18n } from "../../shared/i18n/use-i18n.ts";
import type { ItemStatus, TestItem } from "../../shared/live/wire.ts";
import { isolate } from "../../shared/ui/bidi.tsx";
import { cssVars } from "../../shared/ui/css-vars.ts";
import { StatusIcon } from "../../shared/ui/status-icon.tsx";
import { statusLabelKey } from "../../shared/ui/status-meta.ts";
import { useElementSize } from "../../shared/ui/use-element-size.ts";
import { heatMapCellSize } from "./heat-map-layout.ts";

interface Section {
  readonly name: string;
  readonly items: ReadonlyArray<TestItem>;
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
  return [...bySection.entries()]
    .map(([name, list]) => {
      list.sort((a, b) => a.position - b.position);
      let failed = 0;
      let blocked = 0;
      let done = 0;
      for (const item of list) {
        if (item.status === "failed") failed += 1;
        if (item.status === "blocked") blocked += 1;
        if (finished.has(item.status)) done += 1;
      }
      return { name, items: list, failed, blocked, done };
    })
    .sort((a, b) => (a.items[0]?.position ?? 0) - (b.items[0]?.position ?? 0));
};

/** Heading line + margins of a section in px at 1080p, scaled with the board unit. */
const chromeUnits = 44;

/**
 * One square per item, grouped by section, coloured and patterned by result, so a block of
 * failures in "Radio/Handover" jumps out even for colour-blind viewers.
 */
export const HeatMap = memo(
  ({ items, unit }: { readonly items: ReadonlyMap<string, TestItem>; readonly unit: number }) => {
    const { t, fmt } = useI18n();
    const ref = useRef<HTMLDivElement>(null);
    const size = useElementSize(ref);
    const sections = useMemo(() => groupBySection(items.values()), [items]);
    const gap = Math.max(2, Math.round(3 * unit));
    const cell = heatMapCellSize({
      width: size.width,
      height: size.height,
      sectionSizes: sections.map((s) => s.items.length),
      sectionChrome: chromeUnits * unit,
      gap,
      maxCell: Math.round(72 * unit),
      minCell: 4,
    });
    return (
      <div className="heatmap" ref={ref} style={cssVars({ "--cell": `${cell}px`, "--cell-gap": `${gap}px` })}>
        {sections.map((section) => (
          <section key={section.name} className="hm-section" aria-label={section.name || "—"}>
            <h3 className="hm-title">
              <bdi className="hm-name">{section.name || "—"}</bdi>
              {section.failed > 0 ? (
                <span className="hm-stat st-failed-text">
                  {fmt.number(section.failed)}
                  <StatusIcon status="failed" label={t("status.failed")} />
                </span>
              ) : null}
              {section.blocked > 0 ? (
                <span className="hm-stat st-blocked-text">
                  {fmt.number(section.blocked)}
                  <StatusIcon status="blocked" label={t("status.blocked")} />
                </span>
              ) : null}
              <span className="hm-stat hm-done">
                {fmt.number(section.done)}/{fmt.number(section.items.length)}
              </span>
            </h3>
            <div className="hm-cells">
              {section.items.map((item) => (
                <span
                  key={item.id}
                  className={`cell st-${item.status}`}
                  title={`${isolate(item.title)} — ${t(statusLabelKey[item.status])}${item.updatedBy === null ? "" : ` — ${isolate(item.updatedBy)}`}`}
                  data-status={item.status}
                />
              ))}
            </div>
          </section>
        ))}
      </div>
    );
  },
);
