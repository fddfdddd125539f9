import { useMemo, useRef } from "react";
import { shareOrigin, useServerInfo } from "../../shared/api/use-server-info.ts";
import { useI18n } from "../../shared/i18n/use-i18n.ts";
import type { RunEntry } from "../../shared/live/live-state.ts";
import { useLabStream } from "../../shared/live/use-lab-stream.ts";
import { AccessNotice } from "../../shared/ui/access-notice.tsx";
import { useRouter } from "../../shared/router/use-router.ts";
import { ConnectionBadge } from "../../shared/ui/connection-badge.tsx";
import { cssVars } from "../../shared/ui/css-vars.ts";
import { useBurnInShift } from "../../shared/ui/use-burn-in-shift.ts";
import { useElementSize } from "../../shared/ui/use-element-size.ts";
import { useDocumentTitle } from "../../shared/ui/use-document-title.ts";
import { useNow } from "../../shared/ui/use-now.ts";
import { CornerQr } from "./corner-qr.tsx";
import { boardUnit, parseRotate, planGrid } from "./grid-layout.ts";
import { labSummary } from "./lab-summary.ts";
import { LabSummaryStrip } from "./lab-summary-strip.tsx";
import { RunRow } from "./run-row.tsx";
import { RunTile } from "./run-tile.tsx";
import { sameShown, type TileModel, tileModel, wallEntries } from "./tile-model.ts";
import { useRotation } from "./use-rotation.ts";
import { wallPages } from "./wall-pages.ts";

/** How often the time-dependent parts of a run's model (ETA, testers, "new") are remade. */
const modelRefreshMs = 5_000;

/** Pages turn every 20 s when the runs do not fit and the URL does not say otherwise. */
const defaultRotateMs = 20_000;

const streamPathFor = (runIds: ReadonlyArray<string> | null): string =>
  runIds === null ? "/api/stream?all=1" : `/api/stream?runs=${runIds.map(encodeURIComponent).join(",")}`;

/**
 * The wall: every active run (`?all=1` stream) or the runs in `?runs=a,b`, most urgent first, in
 * a grid that fills the screen without scrolling — full tiles, then compact tiles, then one-line
 * rows — and pages (`?rotate=20s`) only when even rows do not fit, with runs that have a new
 * failure pinned to every page. A summary strip gives the lab in one line. `?title=` names the
 * lab in the header; `?qr=off` hides the corner code.
 */
export const WallBoard = () => {
  const { t, fmt } = useI18n();
  const { location } = useRouter();
  const params = new URLSearchParams(location.search);
  const runsParam = params.get("runs");
  const requested = useMemo(
    () =>
      runsParam === null
        ? null
        : runsParam
            .split(",")
            .map((id) => id.trim())
            .filter((id) => id.length > 0),
    [runsParam],
  );
  const rotateMs = parseRotate(params.get("rotate")) ?? defaultRotateMs;
  const showQr = params.get("qr") !== "off";
  const server = useServerInfo();
  const title = params.get("title") ?? (server.labName === "" ? t("board.title") : server.labName);
  useDocumentTitle(title);

  const { state, connection, access } = useLabStream(streamPathFor(requested));
  const now = useNow(1_000);
  const serverNow = now + connection.serverOffsetMs;
  const stale = connection.phase === "stale";

  const gridRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(gridRef);
  const unit = boardUnit(window.innerWidth, window.innerHeight);
  // Which runs show, and in what order, changes only when runs change or a minute passes.
  const minute = Math.floor(serverNow / 60_000);
  const entries = useMemo(() => wallEntries(state.runs, requested, minute * 60_000), [state.runs, requested, minute]);
  // Models are remade when their run changes or every few seconds (ETA, testers, "new"), not
  // on every clock tick: a run that did not change keeps its model and its row is not redrawn.
  const modelNow = Math.floor(serverNow / modelRefreshMs) * modelRefreshMs;
  const modelCache = useRef(new WeakMap<RunEntry, { model: TileModel; at: number }>());
  const models = useMemo(() => {
    const cache = modelCache.current;
    return entries.map((entry) => {
      const known = cache.get(entry);
      if (known !== undefined && known.at === modelNow) return known.model;
      const made = tileModel(entry, modelNow, 3);
      const model = known !== undefined && sameShown(known.model, made) ? known.model : made;
      cache.set(entry, { model, at: modelNow });
      return model;
    });
  }, [entries, modelNow]);
  const summary = useMemo(() => labSummary(models), [models]);
  const layout = planGrid({ width: size.width, height: size.height, count: models.length, unit });
  const pages = wallPages(models, layout.capacity, (model) => model.newFailure);
  const page = useRotation(pages.length, rotateMs);
  const shown = pages[Math.min(page, pages.length - 1)] ?? [];
  const [shiftX, shiftY] = useBurnInShift();
  const rowLevel = layout.level === "row";
  // Paged rows: columns of equal length, not one full column and a stub.
  const rows =
    pages.length > 1
      ? Math.min(layout.rows, Math.ceil(Math.max(...pages.map((p) => p.length)) / layout.cols))
      : layout.rows;

  const gridStyle = cssVars(
    { "--ts": layout.scale.toFixed(3) },
    rowLevel
      ? {
          gridTemplateColumns: `repeat(${layout.cols}, minmax(0, 1fr))`,
          gridTemplateRows: `repeat(${rows}, calc(var(--row-h) * var(--ts)))`,
          gridAutoFlow: "column",
          alignContent: "start",
        }
      : {
          gridTemplateColumns: `repeat(${layout.cols}, minmax(0, 1fr))`,
          gridTemplateRows: `repeat(${layout.rows}, minmax(0, 1fr))`,
        },
  );
  const testerUrl = `${shareOrigin(window.location, server)}/runs`;

  if (access.kind === "refused") return <AccessNotice refusal={access.refusal} variant="board" />;
  return (
    <div
      className={`wall${stale ? " is-stale" : ""}`}
      style={{ transform: `translate(calc(${shiftX} * var(--u)), calc(${shiftY} * var(--u)))` }}
    >
      <header className="wall-head">
        <h1 className="wall-title">
          <bdi>{title}</bdi>
        </h1>
        <ConnectionBadge connection={connection} className="wall-conn" />
        <div className="wall-head-right">
          {pages.length > 1 ? (
            <span className="wall-page" data-testid="wall-page">
              {t("board.page", { page: Math.min(page, pages.length - 1) + 1, pages: pages.length })}
            </span>
          ) : null}
          {/* Without a stream the server's time is a guess: the clock says so. */}
          <time
            className={`wall-clock${stale ? " is-unknown" : ""}`}
            dateTime={new Date(serverNow).toISOString()}
            title={stale ? t("board.clockUnknown") : undefined}
            data-testid="wall-clock"
            data-key="clock"
          >
            {fmt.time(serverNow, false)}
            {stale ? (
              <span className="wall-clock-mark" role="img" aria-label={t("board.clockUnknown")}>
                ?
              </span>
            ) : null}
          </time>
          {showQr ? <CornerQr url={testerUrl} /> : null}
        </div>
      </header>
      {state.ready && models.length > 0 ? <LabSummaryStrip summary={summary} /> : null}
      <main
        className={`wall-grid level-${layout.level}`}
        data-level={layout.level}
        data-lean={layout.leanRows ? "true" : undefined}
        ref={gridRef}
        style={gridStyle}
        aria-busy={!state.ready}
      >
        {!state.ready ? (
          <p className="wall-empty">{t("board.loading")}</p>
        ) : shown.length === 0 ? (
          <p className="wall-empty">{t("board.noRuns")}</p>
        ) : (
          shown.map((model) =>
            rowLevel ? (
              <RunRow key={model.id} model={model} lean={layout.leanRows} />
            ) : (
              <RunTile
                key={model.id}
                model={model}
                serverNow={serverNow}
                level={layout.level === "full" ? "full" : "compact"}
                density={layout.density}
              />
            ),
          )
        )}
      </main>
    </div>
  );
};
