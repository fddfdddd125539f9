import type { ReactElement } from "react";
import type { ItemStatus, RunStatus } from "../live/wire.ts";

/**
 * Status glyphs drawn as SVG: they look the same on every machine (a wall PC may lack a font
 * with ⛔ or ↻) and take the status colour. Decorative unless `label` is given.
 */
const paths: Record<ItemStatus, ReactElement> = {
  passed: (
    <path
      d="M4 12.5l5.2 5.2L20.5 6.3"
      fill="none"
      stroke="currentColor"
      strokeWidth="3.2"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  ),
  failed: <path d="M6 6l12 12M18 6L6 18" fill="none" stroke="currentColor" strokeWidth="3.2" strokeLinecap="round" />,
  blocked: (
    <>
      <circle cx="12" cy="12" r="9.5" fill="currentColor" />
      <rect x="6" y="10.3" width="12" height="3.4" rx="0.6" fill="var(--icon-cut, #0b0e13)" />
    </>
  ),
  skipped: (
    <path
      d="M4 17c0-6.5 5-10 10-10 2.6 0 4.4 1 5.6 2.6M20.5 4.5v5.6h-5.6"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.8"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  ),
  retest: (
    <path
      d="M19.5 13.5a7.6 7.6 0 1 1-2.2-6.9M19.8 3.8v5.4h-5.4"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.8"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  ),
  untested: <circle cx="12" cy="12" r="3.6" fill="currentColor" />,
};

const runPaths: Record<RunStatus, ReactElement> = {
  planned: <circle cx="12" cy="12" r="7.5" fill="none" stroke="currentColor" strokeWidth="2.8" />,
  running: <path d="M7 4.5v15l12.5-7.5z" fill="currentColor" />,
  paused: <path d="M7 5h3.6v14H7zM13.4 5H17v14h-3.6z" fill="currentColor" />,
  completed: (
    <path
      d="M4 12.5l5.2 5.2L20.5 6.3"
      fill="none"
      stroke="currentColor"
      strokeWidth="3.2"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  ),
  aborted: <rect x="6" y="6" width="12" height="12" rx="1" fill="currentColor" />,
};

interface IconProps {
  readonly label?: string;
  readonly className?: string;
}

const Svg = ({ label, className, children }: IconProps & { readonly children: ReactElement }) => (
  // biome-ignore lint/a11y/noSvgWithoutTitle: labelled by aria-label (role img) or hidden from assistive technology when the text beside it says it
  <svg
    className={className === undefined ? "icon" : `icon ${className}`}
    viewBox="0 0 24 24"
    {...(label === undefined ? { "aria-hidden": true } : { role: "img", "aria-label": label })}
    focusable="false"
  >
    {children}
  </svg>
);

export const StatusIcon = ({ status, ...rest }: IconProps & { readonly status: ItemStatus }) => (
  <Svg {...rest} className={`st-${status}-text${rest.className === undefined ? "" : ` ${rest.className}`}`}>
    {paths[status]}
  </Svg>
);

export const RunStatusIcon = ({ status, ...rest }: IconProps & { readonly status: RunStatus }) => (
  <Svg {...rest}>{runPaths[status]}</Svg>
);
