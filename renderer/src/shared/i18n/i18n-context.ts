import { createContext, type ReactNode } from "react";
import type { MessageKey } from "./messages-en.ts";

export type Lang = "en" | "ja";

export type Vars = Readonly<Record<string, string | number>>;

export interface Formatters {
  /** Time of day, 24-hour, e.g. 14:03:12 (`seconds: false` → 14:03). */
  readonly time: (ms: number, seconds?: boolean) => string;
  readonly date: (ms: number) => string;
  readonly number: (n: number) => string;
  readonly percent: (fraction: number, digits?: number) => string;
  /** "12s ago", "3 min ago" for a duration in ms. */
  readonly ago: (ms: number) => string;
  /** How long something took, e.g. "3 h 12 min" / "3時間12分", for a duration in ms. */
  readonly duration: (ms: number) => string;
}

export interface I18n {
  readonly lang: Lang;
  readonly setLang: (lang: Lang) => void;
  readonly t: (key: MessageKey, vars?: Vars) => string;
  /** Like `t`, with React nodes (icons, buttons) in the placeholders. */
  readonly tn: (key: MessageKey, vars: Readonly<Record<string, ReactNode>>) => ReactNode;
  readonly fmt: Formatters;
}

export const I18nContext = createContext<I18n | null>(null);
