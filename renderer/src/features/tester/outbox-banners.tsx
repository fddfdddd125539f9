import { useI18n } from "../../shared/i18n/use-i18n.ts";
import { Link } from "../../shared/router/link.tsx";
import { paths } from "../../shared/router/routes.ts";
import type { OutboxSnapshot } from "./outbox.ts";

/** What the tester must know about their changes, in their words. */
export const OutboxBanners = ({
  box,
  signedIn,
  here,
}: {
  readonly box: OutboxSnapshot;
  readonly signedIn: boolean;
  readonly here: string;
}) => {
  const { t } = useI18n();
  const waiting = box.entries.filter((entry) => entry.state !== "conflict").length;
  return (
    <>
      {signedIn ? null : (
        <p className="banner">
          <Link to={paths.login(here)}>{t("run.signInToRecord")}</Link>
        </p>
      )}
      {box.problem.kind === "no-answer" && waiting > 0 ? (
        <p className="banner banner-warn" role="alert" data-testid="offline-banner">
          {t("run.offline")} {t("run.pending", { n: waiting })}
        </p>
      ) : null}
      {box.problem.kind === "session" ? (
        <p className="banner banner-warn" role="alert">
          <Link to={paths.login(here)}>{t("run.sessionEnded")}</Link>
        </p>
      ) : null}
      {box.problem.kind === "refused" ? (
        <p className="banner banner-error" role="alert">
          {t("run.refused", { message: box.problem.message })}
        </p>
      ) : null}
    </>
  );
};
