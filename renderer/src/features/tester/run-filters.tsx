import type { KeyboardEvent, RefObject } from "react";
import { useI18n } from "../../shared/i18n/use-i18n.ts";
import { type ItemStatus, ItemStatuses, type TestItem } from "../../shared/live/wire.ts";
import { isolate } from "../../shared/ui/bidi.tsx";
import { statusLabelKey } from "../../shared/ui/status-meta.ts";

export interface Filters {
  readonly status: "all" | "open" | ItemStatus;
  readonly section: string;
  readonly mine: boolean;
  readonly query: string;
}

export const matchesFilters = (item: TestItem, filters: Filters, me: string | null): boolean => {
  if (filters.status === "open" && item.status !== "untested" && item.status !== "retest") return false;
  if (filters.status !== "all" && filters.status !== "open" && item.status !== filters.status) return false;
  if (filters.section !== "" && item.section !== filters.section && !item.section.startsWith(`${filters.section}/`))
    return false;
  if (filters.mine && (me === null || (item.assignee !== me && item.updatedBy !== me))) return false;
  const query = filters.query.trim().toLowerCase();
  if (query !== "" && !item.title.toLowerCase().includes(query) && !(item.key ?? "").toLowerCase().includes(query))
    return false;
  return true;
};

const statusOptions = ["all", "open", ...ItemStatuses] as const;

/** Filters by result, section and "mine", plus a title search that `/` jumps to. */
export const RunFilters = ({
  filters,
  onChange,
  sections,
  searchRef,
  shown,
  total,
  onDone,
}: {
  readonly filters: Filters;
  readonly onChange: (filters: Filters) => void;
  readonly sections: ReadonlyArray<string>;
  readonly searchRef: RefObject<HTMLInputElement | null>;
  readonly shown: number;
  readonly total: number;
  readonly onDone: () => void;
}) => {
  const { t } = useI18n();
  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Escape" || event.key === "Enter") {
      event.preventDefault();
      searchRef.current?.blur();
      onDone();
    }
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is too new for the browsers some labs keep on their wall PCs; the role says the same
    <div className="filters" role="search">
      <input
        ref={searchRef}
        className="input filter-search"
        type="search"
        value={filters.query}
        placeholder={t("run.search")}
        aria-label={t("run.search")}
        onChange={(event) => onChange({ ...filters, query: event.target.value })}
        onKeyDown={onSearchKey}
      />
      <label className="filter">
        <span className="field-label">{t("run.filterStatus")}</span>
        <select
          className="input"
          value={filters.status}
          onChange={(event) => {
            const value = statusOptions.find((option) => option === event.target.value) ?? "all";
            onChange({ ...filters, status: value });
          }}
        >
          {statusOptions.map((option) => (
            <option key={option} value={option}>
              {option === "all" ? t("run.allStatuses") : option === "open" ? t("run.open") : t(statusLabelKey[option])}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span className="field-label">{t("run.filterSection")}</span>
        <select
          className="input"
          value={filters.section}
          onChange={(event) => onChange({ ...filters, section: event.target.value })}
        >
          <option value="">{t("run.allSections")}</option>
          {sections.map((section) => (
            <option key={section} value={section}>
              {section === "" ? "—" : isolate(section)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter filter-check">
        <input
          type="checkbox"
          checked={filters.mine}
          onChange={(event) => onChange({ ...filters, mine: event.target.checked })}
        />
        <span>{t("run.mine")}</span>
      </label>
      <span className="hint">{t("run.itemsShown", { shown, total })}</span>
    </div>
  );
};
