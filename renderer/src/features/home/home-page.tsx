import { useI18n } from "../../shared/i18n/use-i18n.ts";
import { Link } from "../../shared/router/link.tsx";
import { paths } from "../../shared/router/routes.ts";
import { LanguageToggle } from "../../shared/ui/language-toggle.tsx";

/** Where the printed URL leads: the wall for monitors, the tester pages for people. */
export const HomePage = () => {
  const { t } = useI18n();
  return (
    <div className="t-page">
      <main className="t-main t-narrow home">
        <div className="home-top">
          <h1>{t("app.name")}</h1>
          <LanguageToggle />
        </div>
        <p className="hint">{t("home.intro")}</p>
        <Link to={paths.board} className="home-choice">
          <span className="home-choice-title">{t("home.wall")}</span>
          <span className="home-choice-hint">{t("home.wallHint")}</span>
        </Link>
        <Link to={paths.runs} className="home-choice">
          <span className="home-choice-title">{t("home.runs")}</span>
          <span className="home-choice-hint">{t("home.runsHint")}</span>
        </Link>
      </main>
    </div>
  );
};

export const NotFoundPage = () => {
  const { t } = useI18n();
  return (
    <div className="t-page">
      <main className="t-main t-narrow">
        <h1>{t("notFound.text")}</h1>
        <Link to={paths.home}>{t("notFound.back")}</Link>
      </main>
    </div>
  );
};
