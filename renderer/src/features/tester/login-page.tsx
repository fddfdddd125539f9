import { type FormEvent, useEffect, useMemo, useState } from "react";
import { ApiError, createApiClient, NoAnswerError } from "../../shared/api/api-client.ts";
import { useSession } from "../../shared/api/use-session.ts";
import { useI18n } from "../../shared/i18n/use-i18n.ts";
import { matchRoute, paths } from "../../shared/router/routes.ts";
import { useRouter } from "../../shared/router/use-router.ts";
import { useDocumentTitle } from "../../shared/ui/use-document-title.ts";
import { earlyKeys } from "./run-key-map.ts";
import { TesterHeader } from "./tester-header.tsx";

interface SessionAnswer {
  readonly token: string;
  readonly name: string;
  readonly id: string;
}

const lastNameKey = "medi-test.last-name";

const safeNext = (value: string | null): string =>
  value?.startsWith("/") && !value.startsWith("//") ? value : paths.runs;

/** Lab PIN + display name → a tester token (POST /api/session), kept in localStorage. */
export const LoginPage = () => {
  const { t } = useI18n();
  const { signIn } = useSession();
  // The PIN is the credential: an ended session's token sent along would be refused, and the
  // refusal read as a wrong PIN.
  const api = useMemo(() => createApiClient(() => null), []);
  const { location, navigate } = useRouter();
  useDocumentTitle(t("login.title"));
  const [pin, setPin] = useState("");
  const [name, setName] = useState(() => {
    try {
      return window.localStorage.getItem(lastNameKey) ?? "";
    } catch {
      return "";
    }
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Keys from an earlier visit are not this tester's intent now.
  useEffect(() => earlyKeys.clear(), []);
  // Once the form is sent the fields are done: the run's keys pressed while the sign-in finishes
  // (p f b s r, j/k, …) are kept for the run page instead of landing in the name field.
  const next = safeNext(new URLSearchParams(location.search).get("next"));
  const toRun = matchRoute(next.split("?")[0] ?? next).page === "run";
  useEffect(() => {
    if (!busy || !toRun) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return;
      if (earlyKeys.push(event.key, Date.now())) event.preventDefault();
    };
    document.addEventListener("keydown", onKeyDown, true);
    return () => document.removeEventListener("keydown", onKeyDown, true);
  }, [busy, toRun]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await api.request<SessionAnswer>("POST", "/api/session", { pin: pin.trim(), name: name.trim() });
      try {
        window.localStorage.setItem(lastNameKey, answer.name);
      } catch {
        // only a convenience
      }
      signIn({ token: answer.token, name: answer.name, id: answer.id });
      navigate(next, { replace: true });
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) setError(t("login.wrongPin"));
      else if (caught instanceof ApiError && caught.status === 429)
        setError(t("login.tooMany", { seconds: caught.retryAfter ?? 60 }));
      else if (caught instanceof NoAnswerError) setError(t("login.noAnswer"));
      else setError(t("login.failed", { message: caught instanceof Error ? caught.message : String(caught) }));
      earlyKeys.clear();
      setPin("");
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="t-page">
      <TesterHeader connection={null} />
      <main className="t-main t-narrow">
        <h1>{t("login.title")}</h1>
        <form className="form" onSubmit={(event) => void submit(event)}>
          <label className="field">
            <span className="field-label">{t("login.pin")}</span>
            <input
              className="input input-pin"
              name="pin"
              value={pin}
              onChange={(event) => setPin(event.target.value)}
              inputMode="numeric"
              autoComplete="off"
              type="password"
              required
              maxLength={64}
              // biome-ignore lint/a11y/noAutofocus: the sign-in page has one job; keys typed at once go into the PIN
              autoFocus
            />
          </label>
          <label className="field">
            <span className="field-label">{t("login.name")}</span>
            <input
              className="input"
              name="name"
              value={name}
              onChange={(event) => setName(event.target.value)}
              autoComplete="nickname"
              required
              maxLength={60}
            />
          </label>
          {error === null ? null : (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button
            type="submit"
            className="btn btn-primary btn-big"
            disabled={busy || pin.trim() === "" || name.trim() === ""}
          >
            {t("login.submit")}
          </button>
          <p className="hint">{t("login.hint")}</p>
        </form>
      </main>
    </div>
  );
};
