import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeNodeSecrets } from "../../server/infrastructure/adapters/system/node-secrets.ts";
import { makeTempDir, removeDir, sleep, startTestLab } from "../support/lab-server.ts";
import { spawnServer } from "../support/server-process.ts";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe("security headers", () => {
  it("sends a CSP and the other protective headers on HTML, and no-store on the API", async () => {
    const lab = await startTestLab();
    cleanup.push(() => lab.close());
    const page = await fetch(`${lab.url}/`);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/https?:/);
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    const api = await fetch(`${lab.url}/api/health`);
    expect(api.headers.get("cache-control")).toBe("no-store");
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("secrets", () => {
  it("compares token hashes in constant time and never throws on a length mismatch", () => {
    const secrets = makeNodeSecrets();
    const hash = secrets.hashToken("mt_example_token");
    expect(secrets.sameHash(hash, secrets.hashToken("mt_example_token"))).toBe(true);
    expect(secrets.sameHash(hash, secrets.hashToken("mt_example_tokem"))).toBe(false);
    expect(secrets.sameHash(hash, hash.slice(0, 10))).toBe(false);
    expect(secrets.sameHash("", "")).toBe(false);
    // The comparison is crypto.timingSafeEqual over equal-length buffers: its time does not depend
    // on where the first differing byte is.
    expect(readFileSync("server/infrastructure/adapters/system/node-secrets.ts", "utf8")).toContain(
      "timingSafeEqual(left, right)",
    );
  });

  it("writes no token or PIN to its logs, even at trace level, and keeps them only hashed in the database", async () => {
    const dataDir = makeTempDir();
    cleanup.push(() => removeDir(dataDir));
    const pin = "918273";
    const server = await spawnServer(dataDir, 0, ["--log-level", "trace", "--pin", pin]);
    cleanup.push(() => server.stop());
    const json = { "content-type": "application/json" };
    const admin = { ...json, authorization: `Bearer ${server.adminToken}` };

    const session = (await (
      await fetch(`${server.url}/api/session`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ pin, name: "Aiko" }),
      })
    ).json()) as { token: string };
    await fetch(`${server.url}/api/session`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ pin: "000000", name: "Guess" }),
    });
    const issued = (await (
      await fetch(`${server.url}/api/tokens`, {
        method: "POST",
        headers: admin,
        body: JSON.stringify({ name: "CI", role: "tester" }),
      })
    ).json()) as { token: string };
    await fetch(`${server.url}/api/test-runs`, {
      method: "POST",
      headers: { ...json, authorization: `Bearer ${issued.token}` },
      body: JSON.stringify({ name: "Logged?" }),
    });
    await fetch(`${server.url}/api/test-runs`, { headers: { authorization: `Bearer ${issued.token}x` } });
    const controller = new AbortController();
    const stream = await fetch(`${server.url}/api/stream?all=1&access_token=${session.token}`, {
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    controller.abort();
    await fetch(`${server.url}/api/nope?access_token=${session.token}`);
    await sleep(300);
    await server.stop();

    const secrets = [server.adminToken, pin, session.token, issued.token];
    const output = server.output();
    expect(output.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(output).not.toContain(secret);

    // Only the two owner-only note files hold a secret; the database holds hashes.
    const files = readdirSync(dataDir).filter((f) => statSync(join(dataDir, f)).isFile());
    for (const file of files) {
      const content = readFileSync(join(dataDir, file)).toString("latin1");
      for (const secret of [session.token, issued.token]) expect(content, file).not.toContain(secret);
      if (file !== "admin-token") expect(content, file).not.toContain(server.adminToken);
    }
    expect(statSync(join(dataDir, "admin-token")).mode & 0o077).toBe(0);
  });
});
