import { useSession } from "../../shared/api/use-session.ts";
import { useI18n } from "../../shared/i18n/use-i18n.ts";
import type { ConnectionStatus } from "../../shared/live/event-stream-client.ts";
import { Link } from "../../shared/router/link.tsx";
import { paths } from "../../shared/router/routes.ts";
import { useRouter } from "../../shared/router/use-router.ts";
import { isolated } from "../../shared/ui/bidi.tsx";
import { ConnectionBadge } from "../../shared/ui/connection-badge.tsx";
import { LanguageToggle } from "../../shared/ui/language-toggle.tsx";

/** The bar on top of every tester page: where am I, am I live, who am I, which language. */
export const TesterHeader = ({ connection }: { readonly connection: ConnectionStatus | null }) => {
  const { t, tn } = useI18n();
  const { session, signOut } = useSession();
  const { location } = useRouter();
  return (
    <header className="t-head">
      <Link to={paths.home} className="t-brand">
        {t("app.name")}
      </Link>
      <nav className="t-nav" aria-label={t("app.name")}>
        <Link to={paths.runs}>{t("runs.title")}</Link>
        <Link to={paths.board}>{t("runs.wall")}</Link>
      </nav>
      {connection === null ? null : <ConnectionBadge connection={connection} className="t-conn" />}
      <div className="t-user">
        {session === null ? (
          <Link className="btn btn-quiet" to={paths.login(location.pathname + location.search)}>
            {t("login.signIn")}
          </Link>
        ) : (
          <>
            <span className="t-user-name">{tn("login.signedInAs", isolated({ name: session.name }))}</span>
            <button type="button" className="btn btn-quiet" onClick={signOut}>
              {t("login.signOut")}
            </button>
          </>
        )}
        <LanguageToggle />
      </div>
    </header>
  );
};
