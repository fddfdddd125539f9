import type { ScheduleData, SetupForm } from "../../../preload/bridge-api.ts";
import type { Strings } from "./setup-strings.ts";

interface PowerSectionProps {
  readonly t: Strings;
  readonly form: SetupForm;
  readonly onChange: (patch: Partial<SetupForm>) => void;
}

type Weekday = ScheduleData["days"][number];
const weekdays: ReadonlyArray<Weekday> = [1, 2, 3, 4, 5, 6, 0];
const workdays: ScheduleData = { on: "07:00", off: "19:00", days: [1, 2, 3, 4, 5] };

/** Kiosk, keeping the screens awake (optionally on a schedule), the daily reload, launch at login. */
export const PowerSection = ({ t, form, onChange }: PowerSectionProps) => {
  const schedule = form.schedule;
  const setSchedule = (patch: Partial<ScheduleData>) => {
    if (schedule !== null) onChange({ schedule: { ...schedule, ...patch } });
  };
  return (
    <section>
      <h2>{t.display}</h2>
      <label className="check">
        <input type="checkbox" checked={form.kiosk} onChange={(event) => onChange({ kiosk: event.target.checked })} />
        {t.kiosk}
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={form.keepAwake}
          onChange={(event) => onChange({ keepAwake: event.target.checked })}
        />
        {t.keepAwake}
      </label>
      <div className="row">
        <label className="check">
          <input
            type="checkbox"
            disabled={!form.keepAwake}
            checked={schedule !== null}
            onChange={(event) => onChange({ schedule: event.target.checked ? workdays : null })}
          />
          {t.useSchedule}
        </label>
        {schedule !== null ? (
          <>
            <input type="time" value={schedule.on} onChange={(event) => setSchedule({ on: event.target.value })} />
            <span>{t.and}</span>
            <input type="time" value={schedule.off} onChange={(event) => setSchedule({ off: event.target.value })} />
            {weekdays.map((day) => (
              <label key={day} className="day">
                <input
                  type="checkbox"
                  checked={schedule.days.includes(day)}
                  onChange={(event) =>
                    setSchedule({
                      days: event.target.checked
                        ? [...schedule.days, day].sort()
                        : schedule.days.filter((d) => d !== day),
                    })
                  }
                />
                {t.days[day]}
              </label>
            ))}
          </>
        ) : null}
      </div>
      <div className="row">
        <label className="check">
          <input
            type="checkbox"
            checked={form.dailyReload !== null}
            onChange={(event) => onChange({ dailyReload: event.target.checked ? "04:00" : null })}
          />
          {t.dailyReload}
        </label>
        {form.dailyReload !== null ? (
          <input
            type="time"
            value={form.dailyReload}
            onChange={(event) => onChange({ dailyReload: event.target.value })}
          />
        ) : null}
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={form.launchAtLogin}
          onChange={(event) => onChange({ launchAtLogin: event.target.checked })}
        />
        {t.launchAtLogin}
      </label>
    </section>
  );
};
