import type { Effect } from "effect";
import { Context } from "effect";

/**
 * The owner-only note of the lab PIN beside the admin token, where the lab lead (and the desktop
 * set-up window) reads it. It holds the current PIN or does not exist: never an old one.
 */
export class LabPinNote extends Context.Service<
  LabPinNote,
  {
    readonly write: (pin: string) => Effect.Effect<void>;
    readonly remove: Effect.Effect<void>;
  }
>()("medi-test/LabPinNote") {}
