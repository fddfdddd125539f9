import { Fragment, type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { durationText } from "./duration.ts";
import { type Formatters, type I18n, I18nContext, type Lang, type Vars } from "./i18n-context.ts";
import { en, type MessageKey } from "./messages-en.ts";
import { ja } from "./messages-ja.ts";

const storageKey = "medi-test.lang";
const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, ja };

const isLang = (value: string | null | undefined): value is Lang => value === "en" || value === "ja";

/** ?lang= (kiosk URLs) wins, then the saved choice, then the browser's languages. */
export const detectLang = (): Lang => {
  const fromUrl = new URLSearchParams(window.location.search).get("lang");
  if (isLang(fromUrl)) return fromUrl;
  try {
    const saved = window.localStorage.getItem(storageKey);
    if (isLang(saved)) return saved;
  } catch {
    // storage can be disabled (kiosk profiles); the browser language still works
  }
  const languages = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  for (const language of languages) {
    const base = language.toLowerCase().split("-")[0];
    if (base === "ja") return "ja";
    if (base === "en") return "en";
  }
  return "en";
};

const fill = (template: string, vars: Vars | undefined): string =>
  vars === undefined
    ? template
    : template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));

const fillNodes = (template: string, vars: Readonly<Record<string, ReactNode>>): ReactNode => {
  const parts = template.split(/(\{\w+\})/);
  return parts.map((part, index) => {
    const match = /^\{(\w+)\}$/.exec(part);
    const name = match?.[1];
    const value = name !== undefined && name in vars ? vars[name] : part;
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one message template, fixed in number and order
    return <Fragment key={index}>{value}</Fragment>;
  });
};

const makeFormatters = (lang: Lang, t: I18n["t"]): Formatters => {
  const locale =
    lang === "ja" ? "ja-JP" : navigator.language.toLowerCase().startsWith("en") ? navigator.language : "en";
  const timeWithSeconds = new Intl.DateTimeFormat(locale, {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  const timeShort = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", hourCycle: "h23" });
  const number = new Intl.NumberFormat(locale);
  const percents = new Map<number, Intl.NumberFormat>();
  const percentFormat = (digits: number): Intl.NumberFormat => {
    let format = percents.get(digits);
    if (format === undefined) {
      format = new Intl.NumberFormat(locale, {
        style: "percent",
        maximumFractionDigits: digits,
        minimumFractionDigits: 0,
      });
      percents.set(digits, format);
    }
    return format;
  };
  return {
    time: (ms, seconds = true) => (seconds ? timeWithSeconds : timeShort).format(ms),
    date: (ms) => date.format(ms),
    number: (n) => number.format(n),
    percent: (fraction, digits = 0) => percentFormat(digits).format(fraction),
    ago: (ms) => {
      const seconds = Math.max(0, Math.floor(ms / 1_000));
      if (seconds < 3) return t("time.justNow");
      if (seconds < 60) return t("time.secondsAgo", { n: seconds });
      const minutes = Math.floor(seconds / 60);
      if (minutes < 60) return t("time.minutesAgo", { n: minutes });
      const hours = Math.floor(minutes / 60);
      if (hours < 48) return t("time.hoursAgo", { n: hours });
      return t("time.daysAgo", { n: Math.floor(hours / 24) });
    },
    duration: (ms) => {
      const { key, vars } = durationText(ms);
      return t(key, vars);
    },
  };
};

export const I18nProvider = ({ children }: { readonly children: ReactNode }) => {
  const [lang, setLangState] = useState<Lang>(detectLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(storageKey, next);
    } catch {
      // not persisted; the choice still holds for this page
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(() => {
    const dictionary = dictionaries[lang];
    const t = (key: MessageKey, vars?: Vars) => fill(dictionary[key], vars);
    const tn = (key: MessageKey, vars: Readonly<Record<string, ReactNode>>) => fillNodes(dictionary[key], vars);
    return { lang, setLang, t, tn, fmt: makeFormatters(lang, t) };
  }, [lang, setLang]);
  return <I18nContext value={value}>{children}</I18nContext>;
};
