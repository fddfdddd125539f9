import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { firstItem, issueToken, signIn, testPin } from "../support/auth-helpers.ts";
import { createRun, makeTempDir, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";

/** Guessing the lab PIN or a token, and what a PIN change ends (issue 9, item 3). */

const pin = testPin;

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** `now`: the clock of the throttles, for a test that must not see a block run out. */
const lab = async (now?: () => number): Promise<TestLab> => {
  const started = await startTestLab({ pin }, makeTempDir(), now === undefined ? {} : { now });
  cleanup.push(async () => {
    await started.close();
    removeDir(started.dataDir);
  });
  return started;
};

describe("PIN and token guessing", () => {
  it("blocks 300 wrong PINs sent with a valid viewer token: a valid token clears nothing", async () => {
    // The throttle's clock stands still: however long 600 requests take on a busy machine, no
    // block runs out in between (the doubling waits are checked in auth.test.ts).
    const now = Date.now();
    const l = await lab(() => now);
    const viewer = await issueToken(l, "Wall", "viewer");
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) {
      const guess = String(i).padStart(4, "0");
      if (guess === pin) continue;
      statuses.push((await l.api("POST", "/api/session", { pin: guess, name: "Eve" }, { token: viewer.token })).status);
      // The viewer token is checked and found good between the guesses.
      expect((await l.api("GET", "/api/session", undefined, { token: viewer.token })).status).toBe(200);
    }
    expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    // Every guess after the sixth is refused unchecked.
    expect(statuses.slice(6).every((s) => s === 429)).toBe(true);
    // Still blocked: even the right PIN, with the valid token, waits.
    const blocked = await l.api("POST", "/api/session", { pin, name: "Eve" }, { token: viewer.token });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // The token itself is not blocked: PIN and token failures are counted apart.
    expect((await l.api("GET", "/api/test-runs", undefined, { token: viewer.token })).status).toBe(200);
  });

  it("limits guesses sent in parallel as tightly as guesses sent one by one", async () => {
    // A standing clock: 60 PIN checks at once may take longer than a 1 s block on a busy machine.
    const now = Date.now();
    const l = await lab(() => now);
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        l.api("POST", "/api/session", { pin: String(9000 + i), name: "Eve" }, { token: null }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(6);
    expect(statuses.filter((s) => s === 429)).toHaveLength(54);
    for (const answer of answers.filter((a) => a.status === 429)) {
      expect(answer.body.error?.code).toBe("too_many_requests");
      expect(Number(answer.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }

    const tokens = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        l.api("GET", "/api/test-runs", undefined, { token: `mt_parallelGuess${String(i).padStart(6, "0")}` }),
      ),
    );
    expect(tokens.filter((a) => a.status === 401).length).toBeLessThanOrEqual(6);
    expect(tokens.every((a) => a.status === 401 || a.status === 429)).toBe(true);
  });

  it("keeps token failures and PIN failures apart: a blocked token guesser may still sign in with the PIN", async () => {
    const l = await lab();
    for (let i = 0; i < 7; i++)
      await l.api("GET", "/api/test-runs", undefined, { token: `mt_guessedTokenNumber${String(i).padStart(4, "0")}` });
    expect((await l.api("GET", "/api/test-runs", undefined, { token: "mt_guessedTokenNumber9999" })).status).toBe(429);
    expect((await signIn(l, "Ana")).status).toBe(201);
  });
});

describe("changing the lab PIN", () => {
  it("ends every tester session signed in with the old PIN; tokens an admin issued keep working", async () => {
    const l = await lab();
    const run = await createRun(l, "Sessions", 2);
    const mika = await signIn(l, "Mika");
    const ana = await signIn(l, "Ana");
    const bench = await issueToken(l, "Bench PC", "tester");
    const write = (token: string) =>
      l.api("PUT", `/api/test-runs/${run.id}/items/${firstItem(run).id}`, { status: "passed" }, { token });
    expect((await write(mika.body.token)).status).toBe(200);

    expect((await l.api("PUT", "/api/settings/pin", { pin: "246813" })).status).toBe(204);
    for (const session of [mika, ana]) {
      const refused = await l.api("GET", "/api/session", undefined, { token: session.body.token });
      expect(refused.status).toBe(401);
      expect(refused.body.error?.code).toBe("unauthorized");
      expect((await write(session.body.token)).status).toBe(401);
    }
    expect((await write(bench.token)).status).toBe(200);
    const tokens = await l.api<{ tokens: Array<{ id: string; revokedAt: string | null }> }>("GET", "/api/tokens");
    expect(tokens.body.tokens.find((t) => t.id === mika.body.id)?.revokedAt).not.toBeNull();
    expect(tokens.body.tokens.find((t) => t.id === bench.id)?.revokedAt).toBeNull();

    const fresh = await signIn(l, "Mika", "246813");
    expect(fresh.status).toBe(201);
    expect((await write(fresh.body.token)).status).toBe(200);
  });

  it("rewrites the lab-pin note with the new PIN, owner-only", async () => {
    const l = await startTestLab();
    cleanup.push(async () => {
      await l.close();
      removeDir(l.dataDir);
    });
    const note = join(l.dataDir, "lab-pin");
    const created = l.server.createdPin;
    expect(created).toMatch(/^\d{6}$/);
    expect(readFileSync(note, "utf8")).toBe(`${created}\n`);
    expect((await l.api("PUT", "/api/settings/pin", { pin: "55501234" })).status).toBe(204);
    expect(readFileSync(note, "utf8")).toBe("55501234\n");
    expect(statSync(note).mode & 0o777).toBe(0o600);
    expect((await signIn(l, "Ana", "55501234")).status).toBe(201);
    expect((await signIn(l, "Ana", created)).status).toBe(401);
  });

  it("removes a lab-pin note when the PIN comes from the configuration, and keeps sessions over a restart with the same PIN", async () => {
    const dataDir = makeTempDir();
    cleanup.push(() => removeDir(dataDir));
    const first = await startTestLab({}, dataDir);
    const note = join(dataDir, "lab-pin");
    expect(existsSync(note)).toBe(true);
    await first.close();

    const configured = await startTestLab({ pin }, dataDir);
    cleanup.push(() => configured.close());
    expect(existsSync(note)).toBe(false);
    const session = await signIn(configured, "Mika");
    expect(session.status).toBe(201);
    await configured.close();

    const same = await startTestLab({ pin }, dataDir);
    cleanup.push(() => same.close());
    expect((await same.api("GET", "/api/session", undefined, { token: session.body.token })).status).toBe(200);
    await same.close();

    const changed = await startTestLab({ pin: "8642" }, dataDir);
    cleanup.push(() => changed.close());
    expect((await changed.api("GET", "/api/session", undefined, { token: session.body.token })).status).toBe(401);
    expect(existsSync(note)).toBe(false);
  });
});
