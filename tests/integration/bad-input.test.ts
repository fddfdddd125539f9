import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseProbe, openDatabaseProbe } from "../support/database-probe.ts";
import { createRun, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";
import { rawRequest } from "../support/raw-request.ts";
import {
  bodyLimit,
  buildRequest,
  type Case,
  casesOf,
  type Fixture,
  pin,
  routes,
} from "../support/write-route-cases.ts";

/**
 * Every write route against every kind of bad input: each case carries exactly one fault, gets
 * its documented status and error code, leaves the database exactly as it was and the server up.
 */

const expectErrorShape = (json: unknown, c: Case): void => {
  expect(json).toEqual(
    expect.objectContaining({ error: expect.objectContaining({ code: c.code, message: expect.any(String) }) }),
  );
  if (typeof json !== "object" || json === null || !("error" in json)) throw new Error("no error object");
  const error: unknown = json.error;
  if (typeof error !== "object" || error === null) throw new Error("error is not an object");
  for (const key of Object.keys(json)) expect(["error", "current"]).toContain(key);
  for (const key of Object.keys(error)) expect(["code", "message", "details"]).toContain(key);
  expect("current" in json).toBe(c.code === "conflict");
  if ("message" in error) expect(String(error.message).length).toBeGreaterThan(0);
  if (c.code === "invalid_body" || c.code === "invalid_params") {
    const details: unknown = "details" in error ? error.details : undefined;
    expect(Array.isArray(details) && details.length > 0).toBe(true);
    expect(details).toEqual(expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]));
    if (c.detailPath !== undefined) {
      const paths = Array.isArray(details)
        ? details.map((d: unknown) => (typeof d === "object" && d !== null && "path" in d ? String(d.path) : ""))
        : [];
      expect(
        paths.some((p) => p === c.detailPath || p.startsWith(`${c.detailPath}.`)),
        `details name ${c.detailPath}: ${paths.join(", ")}`,
      ).toBe(true);
    }
  }
  if (c.entity !== undefined)
    expect("details" in error ? error.details : undefined).toEqual(expect.objectContaining({ entity: c.entity }));
};

const setUp = async (lab: TestLab): Promise<Fixture> => {
  const run = await createRun(lab, "Bench A", 3);
  const other = await createRun(lab, "Bench B", 1);
  const issue = async (name: string) => {
    const response = await lab.api<{ id: string; token: string }>("POST", "/api/tokens", { name, role: "tester" });
    if (response.status !== 201) throw new Error(`token: ${response.status}`);
    return response.body;
  };
  const tester = await issue("Tess");
  const revoked = await issue("Gone");
  if ((await lab.api("DELETE", `/api/tokens/${revoked.id}`)).status !== 200) throw new Error("revoke failed");
  if ((await lab.api("POST", `/api/test-runs/${run.id}/comments`, { body: "first" })).status !== 201)
    throw new Error("comment failed");
  const item = run.items[0];
  const otherItem = other.items[0];
  if (item === undefined || otherItem === undefined) throw new Error("runs have no items");
  return {
    adminToken: lab.adminToken,
    testerToken: tester.token,
    testerTokenId: tester.id,
    revokedToken: revoked.token,
    runId: run.id,
    itemId: item.id,
    itemVersion: item.version,
    runVersion: run.version,
    otherItemId: otherItem.id,
  };
};

describe("bad input on every write route", () => {
  let lab: TestLab;
  let fixture: Fixture;
  let probe: DatabaseProbe;

  beforeAll(async () => {
    lab = await startTestLab({ bodyLimit, pin });
    fixture = await setUp(lab);
    probe = openDatabaseProbe(lab.server.paths.database);
  });

  afterAll(async () => {
    probe.close();
    await lab.close();
    removeDir(lab.dataDir);
  });

  const table = routes.flatMap((r) =>
    casesOf(r).map((c) => ({ name: `${r.method} ${r.url}: ${c.title} → ${c.status} ${c.code}`, r, c })),
  );

  it.each(table)("$name", async ({ r, c }) => {
    // "Unchanged" is judged on what the database holds, not on its files: committed pages move
    // between the -wal file and the main file at every checkpoint, so file hashes can differ with
    // the same content. A separate read-only connection sees every commit: `data_version` moves on
    // any commit at all (even one that writes equal values) and the dump shows what differs.
    const versionBefore = probe.dataVersion();
    const dumpBefore = probe.dump();

    const response = await rawRequest(lab.url, buildRequest(r, c, fixture));

    expect({ status: response.status, body: response.json }).toEqual(expect.objectContaining({ status: c.status }));
    expect(String(response.headers["content-type"])).toMatch(/^application\/json/);
    expectErrorShape(response.json, c);
    if (c.status === 409 && c.code === "conflict")
      expect(response.json).toEqual(
        expect.objectContaining({ current: expect.objectContaining({ version: expect.any(Number) }) }),
      );
    expect(probe.dataVersion()).toBe(versionBefore);
    expect(probe.dump()).toEqual(dumpBefore);

    // Each case stands alone: its wrong token or PIN must not count towards the guessing limit the
    // next case meets (a valid token clears nothing, by design), so the address is forgiven here.
    lab.server.ctx.tokenThrottle.forget("127.0.0.1");
    lab.server.ctx.pinThrottle.succeed("127.0.0.1");

    // Still alive.
    const health = await lab.api<{ status: string }>("GET", "/api/health");
    expect(health.status).toBe(200);
    expect(health.body.status).toBe("ok");
  });
});

describe("the same requests without their fault", () => {
  it("succeed, and the probe sees each of them change the database", async () => {
    const lab = await startTestLab({ bodyLimit, pin });
    const probe = openDatabaseProbe(lab.server.paths.database);
    try {
      const fixture = await setUp(lab);
      for (const r of routes) {
        const before = probe.dump();
        const versionBefore = probe.dataVersion();
        const response = await rawRequest(lab.url, buildRequest(r, { title: "valid", status: 200, code: "" }, fixture));
        const what = `${r.method} ${r.url} → ${response.status} ${response.text}`;
        expect(response.status, what).toBeGreaterThanOrEqual(200);
        expect(response.status, what).toBeLessThan(300);
        expect(probe.dataVersion()).not.toBe(versionBefore);
        expect(probe.dump()).not.toEqual(before);
      }
    } finally {
      probe.close();
      await lab.close();
      removeDir(lab.dataDir);
    }
  });
});
