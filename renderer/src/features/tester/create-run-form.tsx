import { type ChangeEvent, type FormEvent, type ReactNode, useMemo, useState } from "react";
import { ApiError, NoAnswerError } from "../../shared/api/api-client.ts";
import { useSession } from "../../shared/api/use-session.ts";
import { useI18n } from "../../shared/i18n/use-i18n.ts";
import type { TestRunDetail } from "../../shared/live/wire.ts";
import { Link } from "../../shared/router/link.tsx";
import { paths } from "../../shared/router/routes.ts";
import { useRouter } from "../../shared/router/use-router.ts";
import { isolated } from "../../shared/ui/bidi.tsx";
import { type Issue, itemLimits, parseCsv, parseLabels, parseLines, type ParseResult } from "./import-parsers.ts";

/**
 * Creates a run from pasted titles (one per line, `Section / Title`) or an uploaded CSV (title,
 * section, key), parsed and checked in the browser; problems are listed with their lines.
 */
export const CreateRunForm = () => {
  const { t, tn } = useI18n();
  const { session, api } = useSession();
  const { navigate, location } = useRouter();
  const [name, setName] = useState("");
  const [labelsText, setLabelsText] = useState("");
  const [lines, setLines] = useState("");
  const [csv, setCsv] = useState<{ readonly file: string; readonly result: ParseResult } | null>(null);
  const [message, setMessage] = useState<{ readonly kind: "error" | "ok"; readonly text: ReactNode } | null>(null);
  const [busy, setBusy] = useState(false);

  const parsed = useMemo(() => csv?.result ?? parseLines(lines), [csv, lines]);
  const labels = useMemo(() => parseLabels(labelsText), [labelsText]);
  const nameIssues: Issue[] = [];
  if (name.trim().length > itemLimits.name) nameIssues.push({ message: "parse.nameTooLong", vars: {}, blocking: true });
  const issues = [...nameIssues, ...labels.issues, ...parsed.issues];
  const blocking = issues.some((issue) => issue.blocking);
  const sections = new Set(parsed.items.map((item) => item.section ?? "")).size;

  if (session === null) {
    return (
      <section className="card">
        <h2>{t("create.title")}</h2>
        <p>
          <Link to={paths.login(location.pathname)}>{t("create.needLogin")}</Link>
        </p>
      </section>
    );
  }

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file === undefined) {
      setCsv(null);
      return;
    }
    const text = await file.text();
    setCsv({ file: file.name, result: parseCsv(text) });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === "") {
      setMessage({ kind: "error", text: t("parse.nameMissing") });
      return;
    }
    if (blocking || busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const run = await api.request<TestRunDetail>("POST", "/api/test-runs", {
        name: name.trim(),
        ...(Object.keys(labels.labels).length === 0 ? {} : { labels: labels.labels }),
        ...(parsed.items.length === 0
          ? {}
          : {
              items: parsed.items.map(({ title, section, key }) => ({
                title,
                ...(section === undefined ? {} : { section }),
                ...(key === undefined ? {} : { key }),
              })),
            }),
      });
      setMessage({ kind: "ok", text: tn("create.created", isolated({ name: run.name })) });
      navigate(paths.run(run.id));
    } catch (caught) {
      const text =
        caught instanceof NoAnswerError
          ? t("login.noAnswer")
          : t("create.failed", {
              message: caught instanceof ApiError || caught instanceof Error ? caught.message : String(caught),
            });
      setMessage({ kind: "error", text });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="create-title">
      <h2 id="create-title">{t("create.title")}</h2>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span className="field-label">{t("create.name")}</span>
          <input
            className="input"
            value={name}
            onChange={(event) => setName(event.target.value)}
            maxLength={250}
            required
          />
        </label>
        <label className="field">
          <span className="field-label">{t("create.labels")}</span>
          <input
            className="input"
            value={labelsText}
            onChange={(event) => setLabelsText(event.target.value)}
            placeholder={t("create.labelsExample")}
          />
        </label>
        <label className="field">
          <span className="field-label">{t("create.items")}</span>
          <textarea
            className="input textarea"
            rows={8}
            value={lines}
            onChange={(event) => {
              setLines(event.target.value);
              setCsv(null);
            }}
            placeholder={t("create.itemsExample")}
          />
        </label>
        <label className="field">
          <span className="field-label">{t("create.csv")}</span>
          <input
            className="input"
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={(event) => void onFile(event)}
          />
          {csv === null ? null : <span className="hint">{tn("create.csvLoaded", isolated({ file: csv.file }))}</span>}
        </label>
        <p className="hint" aria-live="polite">
          {t("create.preview", { count: parsed.items.length, sections })}
        </p>
        {issues.length === 0 ? null : (
          <div className={blocking ? "form-error" : "hint"} role={blocking ? "alert" : undefined}>
            {blocking ? <p>{t("create.errors")}</p> : null}
            <ul className="issues">
              {issues.slice(0, 20).map((issue, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the list is rebuilt whole on every keystroke; two problems may read the same
                <li key={index}>{tn(issue.message, isolated(issue.vars))}</li>
              ))}
              {issues.length > 20 ? <li>…</li> : null}
            </ul>
          </div>
        )}
        {message === null ? null : (
          <p className={message.kind === "error" ? "form-error" : "form-ok"} role="status">
            {message.text}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-big" disabled={busy || blocking}>
          {t("create.submit")}
        </button>
      </form>
    </section>
  );
};
