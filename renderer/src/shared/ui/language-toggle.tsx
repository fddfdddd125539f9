import { useI18n } from "../i18n/use-i18n.ts";

/** Switches English ↔ Japanese; the choice is kept in localStorage. */
export const LanguageToggle = () => {
  const { lang, setLang, t } = useI18n();
  return (
    <button
      type="button"
      className="btn btn-quiet lang-toggle"
      onClick={() => setLang(lang === "ja" ? "en" : "ja")}
      title={t("lang.label")}
      lang={lang === "ja" ? "en" : "ja"}
    >
      {t("lang.switchTo")}
    </button>
  );
};
