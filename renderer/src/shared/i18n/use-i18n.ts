import { useContext } from "react";
import { type I18n, I18nContext } from "./i18n-context.ts";

export const useI18n = (): I18n => {
  const value = useContext(I18nContext);
  if (value === null) throw new Error("useI18n needs an I18nProvider above it");
  return value;
};
