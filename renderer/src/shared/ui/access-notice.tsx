import type { Refusal } from "../api/read-access.ts";
import { useI18n } from "../i18n/use-i18n.ts";
import type { MessageKey } from "../i18n/messages-en.ts";
import { Link } from "../router/link.tsx";
import { paths } from "../router/routes.ts";
import { useRouter } from "../router/use-router.ts";

/** A board cannot sign in: it needs a read token in its address. */
const boardText: Record<Refusal, MessageKey> = {
  "read-token-missing": "access.boardNeedsToken",
  "read-token-rejected": "access.boardTokenRejected",
  "session-rejected": "access.boardNeedsToken",
};

/** A person at a tester page can: the lab PIN is their way in. */
const testerText: Record<Refusal, MessageKey> = {
  "read-token-missing": "access.signInToView",
  "read-token-rejected": "access.tokenRejected",
  "session-rejected": "access.sessionEnded",
};

/** Which credential this page lacks, in words, instead of a board that reconnects forever. */
export const AccessNotice = ({
  refusal,
  variant,
}: {
  readonly refusal: Refusal;
  readonly variant: "board" | "tester";
}) => {
  const { t } = useI18n();
  const { location } = useRouter();
  if (variant === "board") {
    return (
      <div className="wall">
        <main className="access-notice" role="alert" data-testid="access-notice" data-refusal={refusal}>
          <h1 className="access-title">{t("access.title")}</h1>
          <p>{t(boardText[refusal])}</p>
        </main>
      </div>
    );
  }
  return (
    <div className="banner banner-error" role="alert" data-testid="access-notice" data-refusal={refusal}>
      <p className="access-text">{t(testerText[refusal])}</p>
      <Link className="btn btn-primary" to={paths.login(location.pathname)}>
        {t("access.signIn")}
      </Link>
    </div>
  );
};
