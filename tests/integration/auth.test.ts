import { afterEach, describe, expect, it } from "vitest";
import type { Comment } from "../../server/domain/comment.ts";
import type { TestItem } from "../../server/domain/test-item.ts";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import type { Config } from "../../server/config.ts";
import { firstItem, type Issued, issueToken, signIn, testPin } from "../support/auth-helpers.ts";
import { openDatabaseProbe } from "../support/database-probe.ts";
import {
  createRun,
  makeTempDir,
  openStream,
  removeDir,
  sleep,
  startTestLab,
  type TestLab,
  type TestStream,
} from "../support/lab-server.ts";
import { rawRequest } from "../support/raw-request.ts";

const pin = testPin;

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const lab = async (overrides: Partial<Config> = {}): Promise<TestLab> => {
  const started = await startTestLab({ pin, ...overrides });
  cleanup.push(async () => {
    await started.close();
    removeDir(started.dataDir);
  });
  return started;
};

const stream = (url: string): TestStream => {
  const opened = openStream(url);
  cleanup.push(() => opened.close());
  return opened;
};

describe("roles and tokens", () => {
  it("lets anyone view by default, but refuses writes without a token", async () => {
    const l = await lab();
    const run = await createRun(l, "Open lab", 2);
    const list = await l.api<{ runs: unknown[] }>("GET", "/api/test-runs", undefined, { token: null });
    expect(list.status).toBe(200);
    expect(list.body.runs).toHaveLength(1);
    expect((await l.api("GET", `/api/test-runs/${run.id}`, undefined, { token: null })).status).toBe(200);
    const board = stream(`${l.url}/api/test-runs/${run.id}/stream`);
    await board.waitForCount(1);
    expect(board.events[0]?.type).toBe("snapshot");

    const create = await l.api("POST", "/api/test-runs", { name: "Sneaky" }, { token: null });
    expect(create.status).toBe(401);
    expect(create.body.error?.code).toBe("unauthorized");
    const record = await l.api(
      "PUT",
      `/api/test-runs/${run.id}/items/${firstItem(run).id}`,
      { status: "passed" },
      { token: null },
    );
    expect(record.status).toBe(401);
    expect(record.body.error?.code).toBe("unauthorized");
    expect((await l.api<TestRunDetail>("GET", `/api/test-runs/${run.id}`)).body.items[0]?.status).toBe("untested");
  });

  it("trades the lab PIN and a display name for a tester token whose results carry that name", async () => {
    const l = await lab();
    const run = await createRun(l, "Signed", 2);
    const session = await signIn(l, "Mika");
    expect(session.status).toBe(201);
    expect(session.body).toEqual(expect.objectContaining({ name: "Mika", role: "tester", token: expect.any(String) }));
    const token = session.body.token;

    const who = await l.api<{ name: string; role: string }>("GET", "/api/session", undefined, { token });
    expect(who.body).toEqual({ name: "Mika", role: "tester" });
    const recorded = await l.api<TestItem>(
      "PUT",
      `/api/test-runs/${run.id}/items/${firstItem(run).id}`,
      { status: "failed" },
      { token },
    );
    expect(recorded.status).toBe(200);
    expect(recorded.body.updatedBy).toBe("Mika");
    const comment = await l.api<Comment>("POST", `/api/test-runs/${run.id}/comments`, { body: "Fan noise" }, { token });
    expect(comment.status).toBe(201);
    expect(comment.body.author).toBe("Mika");
    const stored = await l.api<TestRunDetail>("GET", `/api/test-runs/${run.id}`);
    expect(stored.body.items[0]?.updatedBy).toBe("Mika");

    // A tester is not an admin.
    const forbidden = await l.api("POST", "/api/tokens", { name: "Me too", role: "admin" }, { token });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error?.code).toBe("forbidden");
    expect((await l.api("DELETE", `/api/test-runs/${run.id}`, undefined, { token })).status).toBe(403);
  });

  it("refuses a wrong PIN with 401, then slows guessing down with 429 and a growing Retry-After", async () => {
    // The throttle's clock moves only when the test moves it: a block cannot run out while a busy
    // machine checks a PIN, and the test waits for nothing.
    let now = Date.now();
    const started = await startTestLab({ pin }, makeTempDir(), { now: () => now });
    cleanup.push(async () => {
      await started.close();
      removeDir(started.dataDir);
    });
    const l = started;
    for (let i = 0; i < 6; i++) {
      const wrong = await signIn(l, "Eve", "0000");
      expect(wrong.status).toBe(401);
      expect(wrong.body.error?.code).toBe("unauthorized");
    }
    const blocked = await signIn(l, "Eve", "1111");
    expect(blocked.status).toBe(429);
    expect(blocked.body.error?.code).toBe("too_many_requests");
    const firstWait = Number(blocked.headers.get("retry-after"));
    expect(firstWait).toBeGreaterThanOrEqual(1);
    // While blocked even the right PIN waits: the block is on the guessing, not on the guess.
    expect((await signIn(l, "Eve", pin)).status).toBe(429);
    now += firstWait * 1_000 - 100;
    expect((await signIn(l, "Eve", pin)).status).toBe(429);

    now += 200;
    expect((await signIn(l, "Eve", "2222")).status).toBe(401);
    const again = await signIn(l, "Eve", "3333");
    expect(again.status).toBe(429);
    const secondWait = Number(again.headers.get("retry-after"));
    expect(secondWait).toBeGreaterThan(firstWait);

    now += secondWait * 1_000 + 100;
    const right = await signIn(l, "Ana", pin);
    expect(right.status).toBe(201);
    // Success clears the record: the next mistake is an ordinary 401 again.
    expect((await signIn(l, "Ana", "4444")).status).toBe(401);
  });

  it("counts a guessed token once per request, also on the PIN route", async () => {
    const l = await lab();
    const guess = (i: number) =>
      l.api(
        "POST",
        "/api/session",
        { pin, name: "Eve" },
        { token: `mt_guessedTokenNumber${String(i).padStart(4, "0")}` },
      );
    for (let i = 0; i < 6; i++) expect((await guess(i)).status).toBe(401);
    const blocked = await guess(6);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Token guessing on an ordinary route is throttled by the same record.
    const elsewhere = await l.api("GET", "/api/test-runs", undefined, { token: "mt_yetAnotherGuessedToken" });
    expect(elsewhere.status).toBe(429);
  });

  it("lets an admin issue a tester token that works at once and stops working when revoked", async () => {
    const l = await lab();
    const run = await createRun(l, "Issued", 2);
    const issued = await issueToken(l, "Bench PC 3", "tester");
    expect(issued.role).toBe("tester");
    const url = `/api/test-runs/${run.id}/items/${firstItem(run).id}`;
    const works = await l.api<TestItem>("PUT", url, { status: "passed" }, { token: issued.token });
    expect(works.status).toBe(200);
    expect(works.body.updatedBy).toBe("Bench PC 3");

    const revoked = await l.api<{ id: string; revokedAt: string | null }>("DELETE", `/api/tokens/${issued.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const refused = await l.api("PUT", url, { status: "failed" }, { token: issued.token });
    expect(refused.status).toBe(401);
    expect(refused.body.error?.code).toBe("unauthorized");
    expect((await l.api<TestItem>("GET", `/api/test-runs/${run.id}`)).body.status).toBe("running");

    const list = await l.api<{ tokens: Array<Record<string, unknown>> }>("GET", "/api/tokens");
    const listed = list.body.tokens.find((t) => t.id === issued.id);
    expect(listed?.revokedAt).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(issued.token);
    for (const token of list.body.tokens)
      expect(Object.keys(token).sort()).toEqual(["createdAt", "id", "kind", "name", "revokedAt", "role"]);
  });

  it("stores tokens and the PIN hashed, never in plain text", async () => {
    const l = await lab();
    const issued = await issueToken(l, "Bench PC 4", "tester");
    const session = await signIn(l, "Mika");
    expect(session.status).toBe(201);
    const probe = openDatabaseProbe(l.server.paths.database);
    cleanup.push(() => probe.close());
    const tokenRows = probe.rows("tokens");
    expect(tokenRows.length).toBeGreaterThanOrEqual(3);
    const stored = JSON.stringify(probe.dump());
    for (const secret of [l.adminToken, issued.token, session.body.token]) {
      expect(secret.length).toBeGreaterThan(20);
      expect(stored).not.toContain(secret);
    }
    for (const row of tokenRows)
      expect(row).toEqual(expect.objectContaining({ hash: expect.stringMatching(/^[0-9a-f]{64}$/) }));
    const pinRow = probe
      .rows("settings")
      .find((row) => typeof row === "object" && row !== null && "key" in row && row.key === "lab_pin_hash");
    expect(pinRow).toEqual({ key: "lab_pin_hash", value: expect.stringMatching(/^scrypt\$[0-9a-f]+\$[0-9a-f]{64}$/) });
  });

  it("lets an admin change the lab PIN: the old one stops working", async () => {
    const l = await lab();
    expect((await l.api("PUT", "/api/settings/pin", { pin: "987654" })).status).toBe(204);
    expect((await signIn(l, "Ana", pin)).status).toBe(401);
    expect((await signIn(l, "Ana", "987654")).status).toBe(201);
  });
});

describe("labs that require a token to view", () => {
  it("refuses anonymous reads and streams, and takes ?access_token= on stream URLs", async () => {
    const l = await lab({ requireReadToken: true });
    const run = await createRun(l, "Hidden", 2);
    const anonymous = await l.api("GET", "/api/test-runs", undefined, { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error?.code).toBe("unauthorized");
    expect((await l.api("GET", `/api/test-runs/${run.id}`, undefined, { token: null })).status).toBe(401);

    const wall = await issueToken(l, "Wall 1", "viewer");
    expect((await l.api("GET", "/api/test-runs", undefined, { token: wall.token })).status).toBe(200);
    // A wall token only reads.
    const write = await l.api(
      "PUT",
      `/api/test-runs/${run.id}/items/${firstItem(run).id}`,
      { status: "passed" },
      { token: wall.token },
    );
    expect(write.status).toBe(403);
    expect(write.body.error?.code).toBe("forbidden");

    for (const path of [`/api/test-runs/${run.id}/stream`, "/api/stream?all=1"]) {
      const refused = await fetch(`${l.url}${path}`);
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
      const wrong = await fetch(`${l.url}${path}${path.includes("?") ? "&" : "?"}access_token=mt_notAWallTokenAtAll`);
      expect(wrong.status).toBe(401);
      await wrong.body?.cancel();
    }
    const board = stream(`${l.url}/api/test-runs/${run.id}/stream?access_token=${encodeURIComponent(wall.token)}`);
    await board.waitForCount(1);
    expect(board.events[0]?.type).toBe("snapshot");
    expect(board.events[0]?.data.runs?.[0]?.id).toBe(run.id);
    const all = stream(`${l.url}/api/stream?all=1&access_token=${encodeURIComponent(wall.token)}`);
    await all.waitForCount(1);
    expect(all.events[0]?.data.runs?.map((r) => r.id)).toEqual([run.id]);
    // And it streams live changes to the token holder.
    expect(
      (await l.api("PUT", `/api/test-runs/${run.id}/items/${firstItem(run).id}`, { status: "blocked" })).status,
    ).toBe(200);
    await board.waitFor(() => board.events.some((e) => e.type === "item_updated"));
  });

  it("lets a tester sign in with the PIN alone, and says which credential is missing", async () => {
    const l = await lab({ requireReadToken: true });
    const run = await createRun(l, "Hidden", 2);
    const anonymous = await l.api("GET", "/api/test-runs", undefined, { token: null });
    expect(anonymous.body.error?.message).toMatch(/read token/);

    // The PIN is the credential here: no read token is needed to trade it for a tester token.
    const wrong = await signIn(l, "Ken", "0000");
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.message).toMatch(/PIN/);
    const session = await signIn(l, "Ken");
    expect(session.status).toBe(201);
    expect((await l.api("GET", "/api/test-runs", undefined, { token: session.body.token })).status).toBe(200);
    const recorded = await l.api(
      "PUT",
      `/api/test-runs/${run.id}/items/${firstItem(run).id}`,
      { status: "passed" },
      { token: session.body.token },
    );
    expect(recorded.status).toBe(200);

    // A token sent along must still be a real one.
    const bogus = await l.api("POST", "/api/session", { pin, name: "Ken" }, { token: "mt_notATokenOfThisLabAtAll" });
    expect(bogus.status).toBe(401);
    expect(bogus.body.error?.message).toMatch(/token/);
  });
});

describe("the admin token override", () => {
  it("accepts the configured admin token (MEDI_TEST_ADMIN_TOKEN) on admin routes", async () => {
    const adminToken = "override_admin_token_0123456789";
    const l = await lab({ adminToken });
    expect(l.adminToken).toBe(adminToken);
    const created = await l.api<Issued>(
      "POST",
      "/api/tokens",
      { name: "From override", role: "tester" },
      { token: adminToken },
    );
    expect(created.status).toBe(201);
    const who = await l.api<{ name: string; role: string }>("GET", "/api/session", undefined, { token: adminToken });
    expect(who.body.role).toBe("admin");
    const near = await l.api("POST", "/api/tokens", { name: "Near miss", role: "tester" }, { token: `${adminToken}x` });
    expect(near.status).toBe(401);
  });

  it("replaces the stored admin token while set, and a new one is made once it is removed", async () => {
    const first = await startTestLab({ pin });
    const dataDir = first.dataDir;
    cleanup.push(() => removeDir(dataDir));
    const stored = first.adminToken;
    await first.close();

    const overridden = await startTestLab({ pin, adminToken: "override_admin_token_0123456789" }, dataDir);
    cleanup.push(() => overridden.close());
    expect((await overridden.api("GET", "/api/tokens", undefined, { token: stored })).status).toBe(401);
    expect((await overridden.api("GET", "/api/tokens")).status).toBe(200);
    await overridden.close();

    const back = await startTestLab({ pin }, dataDir);
    cleanup.push(() => back.close());
    expect(back.server.createdAdminToken).toBe(true);
    expect(back.adminToken).not.toBe(stored);
    expect((await back.api("GET", "/api/tokens")).status).toBe(200);
  });

  it("ends the live streams of a revoked token, and of sessions a PIN change ended; others keep streaming", async () => {
    const l = await lab({ requireReadToken: true });
    const run = await createRun(l, "Watched", 2);
    const wall = await issueToken(l, "Wall 2", "viewer");
    const other = await issueToken(l, "Wall 3", "viewer");
    const tester = (await signIn(l, "Aiko")).body;
    /** A raw stream: resolves when the server ends it. */
    const ended = async (token: string, path: string) => {
      const response = await fetch(`${l.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      const reader = response.body?.getReader();
      cleanup.push(() => reader?.cancel().catch(() => undefined));
      // Wrapped: an async function returning the promise itself would wait for the end.
      return {
        at: (async () => {
          for (;;) if ((await reader?.read())?.done !== false) return Date.now();
        })(),
      };
    };
    const wallEnded = (await ended(wall.token, `/api/test-runs/${run.id}/stream`)).at;
    const testerEnded = (await ended(tester.token, `/api/stream?runs=${run.id}`)).at;
    const kept = openStream(`${l.url}/api/stream?all=1&access_token=${other.token}`);
    cleanup.push(() => kept.close());
    await kept.waitForCount(1);

    const revokedAt = Date.now();
    expect((await l.api("DELETE", `/api/tokens/${wall.id}`)).status).toBe(200);
    // The sweep runs every 5 s and the token cache trusts an entry for 2 s.
    const at = await Promise.race([wallEnded, sleep(10_000).then(() => null)]);
    expect(at).not.toBeNull();
    expect((at ?? 0) - revokedAt).toBeLessThan(10_000);
    // The reconnect is refused: the wall shows that its access ended.
    const again = await fetch(`${l.url}/api/test-runs/${run.id}/stream`, {
      headers: { authorization: `Bearer ${wall.token}` },
    });
    expect(again.status).toBe(401);
    await again.body?.cancel();

    // A new PIN ends testers' sign-ins, and with them their streams.
    expect((await l.api("PUT", "/api/settings/pin", { pin: "97531" })).status).toBe(204);
    expect(await Promise.race([testerEnded, sleep(10_000).then(() => null)])).not.toBeNull();

    // The other wall's stream was never cut: it still receives what happens.
    const before = kept.events.length;
    await l.api("PUT", `/api/test-runs/${run.id}/items/${firstItem(run).id}`, { status: "passed" });
    await kept.waitForCount(before + 1);
    expect(kept.source.readyState).toBe(1);
  });

  it("keeps the first revocation time when a token is revoked twice", async () => {
    const l = await lab();
    const issued = await issueToken(l, "Twice", "tester");
    const once = await l.api<{ revokedAt: string }>("DELETE", `/api/tokens/${issued.id}`);
    await sleep(20);
    const twice = await l.api<{ revokedAt: string }>("DELETE", `/api/tokens/${issued.id}`);
    expect(twice.status).toBe(200);
    expect(twice.body.revokedAt).toBe(once.body.revokedAt);
  });
});

describe("browser and DNS-rebinding guards", () => {
  it("refuses admin requests addressed to an unknown Host name, and accepts the lab's own names", async () => {
    const l = await lab();
    const port = String(l.server.port);
    const auth = { authorization: `Bearer ${l.adminToken}`, "content-type": "application/json" };
    const body = JSON.stringify({ name: "Via host", role: "tester" });
    const evil = await rawRequest(l.url, {
      method: "POST",
      path: "/api/tokens",
      headers: { ...auth, host: "evil.example" },
      body,
    });
    expect(evil.status).toBe(403);
    expect(evil.json).toEqual({ error: { code: "unknown_host", message: expect.any(String) } });
    const evilRead = await rawRequest(l.url, {
      method: "GET",
      path: "/api/tokens",
      headers: { ...auth, host: `evil.example:${port}` },
    });
    expect(evilRead.status).toBe(403);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, "localhost"]) {
      const ok = await rawRequest(l.url, { method: "POST", path: "/api/tokens", headers: { ...auth, host }, body });
      expect({ host, status: ok.status }).toEqual({ host, status: 201 });
    }
  });

  it("refuses tester writes and sign-ins addressed to an unknown Host; LAN addresses and configured names work", async () => {
    const l = await lab({ allowedHosts: ["lab-pc.corp.example"] });
    const run = await createRun(l, "Rebinding", 2);
    const session = await signIn(l, "Mika");
    const port = String(l.server.port);
    const path = `/api/test-runs/${run.id}/items/${firstItem(run).id}`;
    const write = (host: string) =>
      rawRequest(l.url, {
        method: "PUT",
        path,
        headers: { host, authorization: `Bearer ${session.body.token}`, "content-type": "application/json" },
        body: JSON.stringify({ status: "failed" }),
      });
    for (const host of ["evil.example", `evil.example:${port}`, `192.168.1.20.nip.io:${port}`]) {
      const refused = await write(host);
      expect({ host, status: refused.status, json: refused.json }).toEqual({
        host,
        status: 403,
        json: { error: { code: "unknown_host", message: expect.any(String) } },
      });
    }
    expect((await l.api<TestRunDetail>("GET", `/api/test-runs/${run.id}`)).body.counts.failed).toBe(0);
    const signInVia = await rawRequest(l.url, {
      method: "POST",
      path: "/api/session",
      headers: { host: "evil.example", "content-type": "application/json" },
      body: JSON.stringify({ pin, name: "Eve" }),
    });
    expect(signInVia.status).toBe(403);
    for (const host of [
      `192.168.1.20:${port}`,
      `[fe80::1]:${port}`,
      `lab-pc.corp.example:${port}`,
      `127.0.0.1:${port}`,
    ]) {
      expect({ host, status: (await write(host)).status }).toEqual({ host, status: 200 });
    }
    // Reading is not a write: a wall reached by any name still shows its board.
    expect(
      (
        await rawRequest(l.url, {
          method: "GET",
          path: `/api/test-runs/${run.id}`,
          headers: { host: "wall-7.example" },
        })
      ).status,
    ).toBe(200);
  });

  it("refuses a write from a foreign Origin and accepts one from the server's own origin", async () => {
    const l = await lab();
    const run = await createRun(l, "Origins", 2);
    const path = `/api/test-runs/${run.id}/comments`;
    const headers = { authorization: `Bearer ${l.adminToken}`, "content-type": "application/json" };
    const body = JSON.stringify({ body: "from a page" });
    const foreign = await rawRequest(l.url, {
      method: "POST",
      path,
      headers: { ...headers, origin: "http://evil.example" },
      body,
    });
    expect(foreign.status).toBe(403);
    expect(foreign.json).toEqual({ error: { code: "foreign_origin", message: expect.any(String) } });
    // Same host name, other port: another origin.
    const otherPort = await rawRequest(l.url, {
      method: "POST",
      path,
      headers: { ...headers, origin: `http://127.0.0.1:${l.server.port + 1}` },
      body,
    });
    expect(otherPort.status).toBe(403);
    const same = await rawRequest(l.url, { method: "POST", path, headers: { ...headers, origin: l.url }, body });
    expect(same.status).toBe(201);
    const comments = await l.api<{ comments: Comment[] }>("GET", path);
    expect(comments.body.comments.map((c) => c.body)).toEqual(["from a page"]);
  });
});
