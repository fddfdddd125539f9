import type { CSSProperties } from "react";

/** Inline custom properties (`--ts`, `--cell`), which React's style type does not list. */
export const cssVars = (vars: Readonly<Record<`--${string}`, string>>, style: CSSProperties = {}): CSSProperties => ({
  ...style,
  ...(vars as CSSProperties),
});
