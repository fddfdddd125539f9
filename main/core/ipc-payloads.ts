import { Exit, Schema } from "effect";
import type { SetupForm } from "../../preload/bridge-api.ts";
import { BoardChoice } from "./board-choice.ts";
import { Mode, OnOffScheduleSchema, WallClockTime } from "./settings.ts";

/** The setup window's form, as main accepts it: every field bounded, unknown keys refused. */
export const SetupFormSchema = Schema.Struct({
  mode: Mode,
  labName: Schema.String.check(Schema.isMaxLength(80)),
  port: Schema.Int.check(Schema.isBetween({ minimum: 1024, maximum: 65_535 })),
  allowedHosts: Schema.String.check(Schema.isMaxLength(1_000)),
  hostUrl: Schema.String.check(Schema.isMaxLength(300)),
  readToken: Schema.String.check(Schema.isPattern(/^([!-~]{8,200})?$/)),
  pin: Schema.String.check(Schema.isPattern(/^(\d{4,12})?$/)),
  kiosk: Schema.Boolean,
  launchAtLogin: Schema.Boolean,
  keepAwake: Schema.Boolean,
  schedule: Schema.NullOr(OnOffScheduleSchema),
  dailyReload: Schema.NullOr(WallClockTime),
  boards: Schema.Array(
    Schema.Struct({ displayId: Schema.String.check(Schema.isPattern(/^-?\d{1,20}$/)), board: BoardChoice }),
  ).check(Schema.isMaxLength(64)),
});

// Compile-time check: what the bridge declares is what main decodes.
const sameShape: (value: typeof SetupFormSchema.Type) => SetupForm = (value) => value;
void sameShape;

export type DecodeResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: ReadonlyArray<string> };

const fieldMessages: Readonly<Record<string, string>> = {
  mode: "Choose host or display mode.",
  labName: "The lab name may have at most 80 characters.",
  port: "The port must be a whole number from 1024 to 65535.",
  allowedHosts: "The list of host names is too long.",
  hostUrl: "The host address is too long.",
  readToken: "The read token must be 8 to 200 characters without spaces (or empty when the host needs none).",
  pin: "The PIN must be 4 to 12 digits (or empty to keep the current one).",
  schedule: "The schedule needs an on time, a different off time (HH:MM) and at least one day.",
  dailyReload: "The daily reload time must be HH:MM.",
  boards: "A screen's board choice is not valid.",
};

/** Decodes an IPC payload; the errors name the fields in the lab lead's words. */
export const decodeSetupForm = (payload: unknown): DecodeResult<SetupForm> => {
  const exit = Schema.decodeUnknownExit(SetupFormSchema, { onExcessProperty: "error", errors: "all" })(payload);
  if (Exit.isSuccess(exit)) return { ok: true, value: exit.value };
  if (typeof payload !== "object" || payload === null || Array.isArray(payload))
    return { ok: false, errors: ["The form could not be read."] };
  const errors = Object.entries(fieldMessages).flatMap(([key, message]) => {
    const field = SetupFormSchema.fields[key as keyof typeof SetupFormSchema.fields];
    const value: unknown = Object.hasOwn(payload, key) ? (payload as Record<string, unknown>)[key] : undefined;
    return Exit.isFailure(Schema.decodeUnknownExit(field)(value)) ? [message] : [];
  });
  return { ok: false, errors: errors.length > 0 ? errors : ["The form has fields this version does not know."] };
};

/** A method-less call (app info, display list) must carry no payload at all. */
export const isEmptyPayload = (args: ReadonlyArray<unknown>): boolean => args.length === 0;
