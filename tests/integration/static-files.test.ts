import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestLab, type TestLab } from "../support/lab-server.ts";

let lab: TestLab;
beforeAll(async () => {
  lab = await startTestLab();
});
afterAll(async () => {
  await lab.close();
});

/** Sends the request line exactly as written (fetch and URL would normalise `..` away). */
const literal = (path: string): Promise<{ status: number; head: string; body: string }> =>
  new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port: lab.server.port });
    let text = "";
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("latin1");
    });
    socket.on("error", reject);
    socket.on("close", () => {
      const [head = "", body = ""] = text.split("\r\n\r\n");
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body });
    });
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  });

describe("static files of the boards", () => {
  it.each([
    "/../package.json",
    "/assets/../../package.json",
    "/assets/../../../etc/passwd",
    "/%2e%2e/%2e%2e/package.json",
    "/assets/%2e%2e%2f%2e%2e%2fpackage.json",
    "/assets/..%2f..%2fserver%2fmain.ts",
    "/assets/..%5c..%5cpackage.json",
    "/assets/%00index.html",
    "/assets/index.html%00.js",
    "/..%2f..%2f..%2fetc%2fpasswd",
    "/assets//etc/passwd",
    "/assets/%252e%252e/package.json",
  ])("never serves a file outside the renderer folder: %s", async (path) => {
    const response = await literal(path);
    expect(response.body).not.toContain('"name": "medi-test"');
    expect(response.body).not.toContain("root:x:0:0");
    expect(response.body).not.toContain("startLabServer");
    expect([400, 404]).toContain(response.status);
  });

  it("serves the app for client routes with no-cache, and hashed assets as immutable", async () => {
    const page = await fetch(`${lab.url}/board/some-run`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("cache-control")).toMatch(/no-cache/);
    const html = await page.text();
    const asset = /\/assets\/[^"]+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    const script = await fetch(`${lab.url}${asset ?? ""}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("cache-control")).toContain("immutable");
    expect(script.headers.get("content-type")).toMatch(/javascript/);
  });

  it("answers unknown API paths with the JSON 404, not the app", async () => {
    const response = await fetch(`${lab.url}/api/no-such-thing`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});
