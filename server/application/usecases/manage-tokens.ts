import { Effect } from "effect";
import type { CreateTokenBody, SessionBody } from "../../domain/requests.ts";
import { Unauthorized } from "../../domain/errors.ts";
import { Clock } from "../ports/clock.ts";
import { IdGenerator } from "../ports/id-generator.ts";
import { LabPinNote } from "../ports/lab-pin-note.ts";
import { Secrets } from "../ports/secrets.ts";
import { type TokenInfo, TokenStore } from "../ports/token-store.ts";

export const PinSettingKey = "lab_pin_hash";

const issue = Effect.fn("issueToken")(function* (name: string, role: TokenInfo["role"], kind: TokenInfo["kind"]) {
  const secrets = yield* Secrets;
  const store = yield* TokenStore;
  const ids = yield* IdGenerator;
  const clock = yield* Clock;
  const token = secrets.newToken();
  const info = yield* store.insert({
    id: ids.next(),
    name,
    role,
    kind,
    hash: secrets.hashToken(token),
    now: clock.now(),
  });
  // The secret is returned exactly once; only its hash is kept.
  return { ...info, token };
});

export const createToken = Effect.fn("createToken")(function* (input: CreateTokenBody) {
  return yield* issue(input.name, input.role, "issued");
});

export const revokeToken = Effect.fn("revokeToken")(function* (id: string) {
  const store = yield* TokenStore;
  const clock = yield* Clock;
  return yield* store.revoke(id, clock.now());
});

export const listTokens = Effect.fn("listTokens")(function* () {
  const store = yield* TokenStore;
  return yield* store.list;
});

/** A tester trades the lab PIN and a display name for a tester token; results then carry the name. */
export const startSession = Effect.fn("startSession")(function* (input: SessionBody) {
  const secrets = yield* Secrets;
  const store = yield* TokenStore;
  const stored = yield* store.getSetting(PinSettingKey);
  if (stored === undefined || !(yield* secrets.verifyPin(input.pin, stored))) {
    return yield* new Unauthorized({ reason: "That PIN is not this lab's PIN" });
  }
  const issued = yield* issue(input.name, "tester", "session");
  return { token: issued.token, name: issued.name, role: issued.role, id: issued.id };
});

/**
 * A new lab PIN: stored (hashed), every tester session signed in with an earlier PIN ends (tokens
 * an admin issued stay), and the PIN note is rewritten. Also when the "new" PIN is the same: an
 * admin setting it means to start afresh.
 */
export const changeLabPin = Effect.fn("changeLabPin")(function* (pin: string) {
  const secrets = yield* Secrets;
  const store = yield* TokenStore;
  const clock = yield* Clock;
  const note = yield* LabPinNote;
  yield* store.putSetting(PinSettingKey, yield* secrets.hashPin(pin));
  yield* store.revokeKind("session", clock.now());
  yield* note.write(pin);
});

/**
 * Makes sure an admin token and a lab PIN exist. `existingAdminToken` is the one kept in the data
 * dir, if any; returns what was created so start-up can say where to find it.
 */
export const bootstrapAuth = Effect.fn("bootstrapAuth")(function* (options: {
  readonly existingAdminToken: string | undefined;
  readonly pin: string | undefined;
  /** MEDI_TEST_ADMIN_TOKEN is set: it replaces the stored admin token, which stops working. */
  readonly adminOverride: boolean;
}) {
  const secrets = yield* Secrets;
  const store = yield* TokenStore;
  const clock = yield* Clock;
  let adminToken = options.existingAdminToken;
  let createdAdminToken = false;
  if (options.adminOverride) {
    for (const token of yield* store.list) {
      if (token.kind === "bootstrap" && token.revokedAt === null) yield* store.revoke(token.id, clock.now());
    }
    adminToken = undefined;
  } else if (adminToken === undefined || (yield* store.findActiveByHash(secrets.hashToken(adminToken))) === undefined) {
    const issued = yield* issue("admin (first start)", "admin", "bootstrap");
    adminToken = issued.token;
    createdAdminToken = true;
  }
  let createdPin: string | undefined;
  const stored = yield* store.getSetting(PinSettingKey);
  if (options.pin !== undefined) {
    // The configuration holds the PIN: a note file could only go stale. Sessions survive a restart
    // with the same configured PIN, and end when it differs from the stored one.
    if (stored === undefined || !(yield* secrets.verifyPin(options.pin, stored))) yield* changeLabPin(options.pin);
    yield* (yield* LabPinNote).remove;
  } else if (stored === undefined) {
    createdPin = secrets.newPin();
    yield* changeLabPin(createdPin);
  }
  return { adminToken, createdAdminToken, createdPin };
});
