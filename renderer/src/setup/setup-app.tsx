import { useEffect, useState } from "react";
import type { BoardChoiceData, MediTestBridge, RunChoice, SetupForm, SetupState } from "../../../preload/bridge-api.ts";
import { HostPanel } from "./host-panel.tsx";
import { PowerSection } from "./power-section.tsx";
import { ScreensSection } from "./screens-section.tsx";
import type { Strings } from "./setup-strings.ts";

interface SetupAppProps {
  readonly bridge: MediTestBridge;
  readonly t: Strings;
}

/** The first-run and settings window: mode, lab name, port, PIN, screens, power; then addresses and QR. */
export const SetupApp = ({ bridge, t }: SetupAppProps) => {
  const [state, setState] = useState<SetupState | undefined>(undefined);
  const [form, setForm] = useState<SetupForm | undefined>(undefined);
  const [runs, setRuns] = useState<ReadonlyArray<RunChoice>>([]);
  const [errors, setErrors] = useState<ReadonlyArray<string>>([]);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const show = (next: SetupState) => {
    setState(next);
    setForm(next.form);
    void bridge.setup.listRuns().then(setRuns);
  };

  useEffect(() => {
    void bridge.setup.getState().then((next) => {
      setState(next);
      setForm(next.form);
      void bridge.setup.listRuns().then(setRuns);
    });
    // Re-read now and then: the server may finish starting, or runs may be created meanwhile.
    const timer = setInterval(() => {
      void bridge.setup.getState().then(setState);
      void bridge.setup.listRuns().then(setRuns);
    }, 10_000);
    return () => clearInterval(timer);
  }, [bridge]);

  if (state === undefined || form === undefined) return <p className="muted">{t.loading}</p>;

  const update = (patch: Partial<SetupForm>) => {
    setSaved(false);
    setForm({ ...form, ...patch });
  };
  const setBoard = (displayId: string, board: BoardChoiceData) =>
    update({ boards: [...form.boards.filter((b) => b.displayId !== displayId), { displayId, board }] });

  const save = async () => {
    setBusy(true);
    setErrors([]);
    try {
      const result = await bridge.setup.save(form);
      if (result.ok) {
        show(result.state);
        setSaved(true);
      } else setErrors(result.errors);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="setup">
      <h1>{t.title}</h1>
      {state.warnings.length > 0 ? (
        <div className="warning" role="alert">
          {state.warnings.map((warning) => (
            <p key={warning}>⚠ {warning}</p>
          ))}
        </div>
      ) : null}
      <p className={`status status-${state.server.status}`}>{state.server.message}</p>
      {state.host !== null ? (
        <HostPanel t={t} host={state.host} onOpenTester={() => void bridge.setup.openTesterPage()} />
      ) : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <section>
          <h2>{t.mode}</h2>
          <label className="check">
            <input type="radio" name="mode" checked={form.mode === "host"} onChange={() => update({ mode: "host" })} />
            {t.modeHost}
          </label>
          <label className="check">
            <input
              type="radio"
              name="mode"
              checked={form.mode === "display"}
              onChange={() => update({ mode: "display" })}
            />
            {t.modeDisplay}
          </label>
          <label>
            {t.labName}
            <input value={form.labName} maxLength={80} onChange={(event) => update({ labName: event.target.value })} />
          </label>
          {form.mode === "host" ? (
            <>
              <label>
                {t.port}
                <input
                  type="number"
                  min={1024}
                  max={65535}
                  value={form.port}
                  onChange={(event) => update({ port: Number.parseInt(event.target.value, 10) || 0 })}
                />
              </label>
              <label>
                {t.pin}
                <input
                  inputMode="numeric"
                  pattern="\d{4,12}"
                  maxLength={12}
                  value={form.pin}
                  onChange={(event) => update({ pin: event.target.value.trim() })}
                />
              </label>
              <TextField
                label={t.allowedHosts}
                value={form.allowedHosts}
                maxLength={1_000}
                placeholder="qa-lab3.corp.example"
                onChange={(allowedHosts) => update({ allowedHosts })}
              />
            </>
          ) : (
            <>
              <TextField
                label={t.hostUrl}
                value={form.hostUrl}
                maxLength={300}
                placeholder="http://192.168.1.20:4310"
                onChange={(hostUrl) => update({ hostUrl })}
              />
              <TextField
                label={t.readToken}
                value={form.readToken}
                maxLength={200}
                placeholder="mt_…"
                onChange={(readToken) => update({ readToken: readToken.trim() })}
              />
            </>
          )}
        </section>
        <ScreensSection t={t} displays={state.displays} boards={form.boards} runs={runs} onChange={setBoard} />
        <PowerSection t={t} form={form} onChange={update} />
        {errors.length > 0 ? (
          <div className="errors" role="alert">
            {errors.map((error) => (
              <p key={error}>{error}</p>
            ))}
          </div>
        ) : null}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t.save}
          </button>
          {saved ? <span className="saved">{t.saved}</span> : null}
        </div>
        <p className="muted">
          {t.settingsFile}: {state.settingsPath}
        </p>
      </form>
    </main>
  );
};

/** A one-line text field of the form: an address or a token, never corrected or completed. */
const TextField = (props: {
  readonly label: string;
  readonly value: string;
  readonly maxLength: number;
  readonly placeholder: string;
  readonly onChange: (value: string) => void;
}) => (
  <label>
    {props.label}
    <input
      value={props.value}
      maxLength={props.maxLength}
      placeholder={props.placeholder}
      autoComplete="off"
      spellCheck={false}
      onChange={(event) => props.onChange(event.target.value)}
    />
  </label>
);
