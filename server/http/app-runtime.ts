import type { ManagedRuntime } from "effect";
import type { Backups } from "../application/ports/backups.ts";
import type { AuthSettings } from "../application/ports/auth-settings.ts";
import type { Clock } from "../application/ports/clock.ts";
import type { IdGenerator } from "../application/ports/id-generator.ts";
import type { LabPinNote } from "../application/ports/lab-pin-note.ts";
import type { Secrets } from "../application/ports/secrets.ts";
import type { SSEBroadcaster } from "../application/ports/sse-broadcaster.ts";
import type { TestRunRepository } from "../application/ports/test-run-repository.ts";
import type { TokenStore } from "../application/ports/token-store.ts";

export type AppServices =
  | Backups
  | TestRunRepository
  | TokenStore
  | SSEBroadcaster
  | Secrets
  | AuthSettings
  | IdGenerator
  | LabPinNote
  | Clock;

/** The one runtime of the process: every request runs its use case here, so all meet one hub. */
export type AppRuntime = ManagedRuntime.ManagedRuntime<AppServices, never>;
