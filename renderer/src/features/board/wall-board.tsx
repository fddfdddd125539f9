import { useMemo, useRef } from "react";
import { shareOrigin, useServerInfo } from "../../shared/api/use-server-info.ts";
import { useI18n } from "../../shared/i18n/use-i18n.ts";
import { useLabStream } from "../../shared/live/use-lab-stream.ts";
import { AccessNotice } from "../../shared/ui/access-notice.tsx";
import { useRouter } from "../../shared/router/use-router.ts";
import { ConnectionBadge } from "../../shared/ui/connection-badge.tsx";
import { cssVars } from "../../shared/ui/css-vars.ts";
import { useBurnInShift } from "../../shared/ui/use-burn-in-shift.ts";
import { useElementSize } from "../../shared/ui/use-element-size.ts";
import { useDocumentTitle } from "../../shared/ui/use-document-title.ts";
import { useNow } from "../../shared/ui/use-now.ts";
import { parseRotate, planGrid } from "./grid-layout.ts";
import { RunTile } from "./run-tile.tsx";
import { tileModel, wallEntries } from "./tile-model.ts";
import { useRotation } from "./use-rotation.ts";

/** Pages turn every 20 s when the runs do not fit and the URL does not say otherwise. */
const defaultRotateMs = 20_000;

const streamPathFor = (runIds: ReadonlyArray<string> | null): string =>
  runIds === null ? "/api/stream?all=1" : `/api/stream?runs=${runIds.map(encodeURIComponent).join(",")}`;

/**
 * The wall: every active run (`?all=1` stream) or the runs in `?runs=a,b`, in a grid that fills
 * the screen without scrolling and pages (`?rotate=20s`) when they do not fit. `?title=` names
 * the lab in the header.
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
  const server = useServerInfo();
  const title = params.get("title") ?? (server.labName === "" ? t("board.title") : server.labName);
  useDocumentTitle(title);

  const { state, connection, access } = useLabStream(streamPathFor(requested));
  const now = useNow(1_000);
  const serverNow = now + connection.serverOffsetMs;
  const stale = connection.phase === "stale";

  const gridRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(gridRef);
  const unit = Math.min(window.innerWidth, window.innerHeight) / 1080;
  // Which runs show changes only when runs change or a minute passes, not on every clock tick.
  const minute = Math.floor(serverNow / 60_000);
  const entries = useMemo(() => wallEntries(state.runs, requested, minute * 60_000), [state.runs, requested, minute]);
  const layout = planGrid({ width: size.width, height: size.height, count: entries.length, unit });
  const page = useRotation(layout.pages, rotateMs);
  const shown = entries.slice(page * layout.perPage, page * layout.perPage + layout.perPage);
  const [shiftX, shiftY] = useBurnInShift();

  const gridStyle = cssVars(
    { "--ts": layout.scale.toFixed(3) },
    {
      gridTemplateColumns: `repeat(${layout.cols}, minmax(0, 1fr))`,
      gridTemplateRows: `repeat(${layout.rows}, minmax(0, 1fr))`,
    },
  );

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
          {layout.pages > 1 ? (
            <span className="wall-page" data-testid="wall-page">
              {t("board.page", { page: page + 1, pages: layout.pages })}
            </span>
          ) : null}
          <time className="wall-clock" dateTime={new Date(serverNow).toISOString()}>
            {fmt.time(serverNow, false)}
          </time>
        </div>
      </header>
      <main className="wall-grid" ref={gridRef} style={gridStyle} aria-busy={!state.ready}>
        {!state.ready ? (
          <p className="wall-empty">{t("board.loading")}</p>
        ) : shown.length === 0 ? (
          <p className="wall-empty">{t("board.noRuns")}</p>
        ) : (
          shown.map((entry) => (
            <RunTile
              key={entry.run.id}
              model={tileModel(entry, serverNow, 3)}
              serverNow={serverNow}
              density={layout.density}
              origin={shareOrigin(window.location, server)}
            />
          ))
        )}
      </main>
    </div>
  );
};
