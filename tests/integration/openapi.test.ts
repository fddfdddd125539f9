import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteDoc } from "../../server/http/openapi.ts";
import { authRoutes } from "../../server/http/routes/auth-routes.ts";
import { backupRouteDocs, backupRoutes } from "../../server/http/routes/backup-routes.ts";
import { healthRoutes } from "../../server/http/routes/health-routes.ts";
import { junitRouteDocs } from "../../server/http/routes/junit-routes.ts";
import { openApiRouteDoc } from "../../server/http/routes/openapi-routes.ts";
import { streamRouteDocs } from "../../server/http/routes/stream-routes.ts";
import { testRunRoutes } from "../../server/http/routes/test-run-routes.ts";
import { removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Follows a path of keys through parsed JSON; fails the test with the path when a step is missing. */
const at = (value: unknown, ...path: string[]): Json => {
  let current = value;
  for (const key of path) {
    if (!isObject(current) || !(key in current)) throw new Error(`the document has no ${path.join(" → ")}`);
    current = current[key];
  }
  if (!isObject(current)) throw new Error(`${path.join(" → ")} is not an object`);
  return current;
};

const toOpenApiPath = (url: string): string => url.replace(/:([A-Za-z]+)/g, "{$1}");
const key = (method: string, url: string): string => `${method.toUpperCase()} ${toOpenApiPath(url)}`;

/**
 * The routes Fastify actually registered, read from its public route tree
 * (`printRoutes({ commonPrefix: false })`): one line per node, four columns per level,
 * each node's path is its parent's plus its own segment.
 */
const registeredRoutes = (tree: string): string[] => {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split("\n")) {
    const match = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (match === null) continue;
    stack.length = (match[1] ?? "").length / 4;
    stack.push(match[2] ?? "");
    for (const method of (match[3] ?? "").split(", ").filter((m) => m !== ""))
      routes.push(`${method} ${stack.join("")}`);
  }
  return routes;
};

/** What each write route's body must document (docs/protocol.md and DESIGN §6). */
const writeBodies: Record<
  string,
  { readonly properties: string[]; readonly required: string[]; readonly enums?: Record<string, string[]> }
> = {
  "POST /api/test-runs": { properties: ["description", "items", "labels", "name"], required: ["name"] },
  "PATCH /api/test-runs/{id}": { properties: ["description", "expectedVersion", "labels", "name"], required: [] },
  "PUT /api/test-runs/{id}/status": {
    properties: ["expectedVersion", "status"],
    required: ["status"],
    enums: { status: ["planned", "running", "paused", "completed", "aborted"] },
  },
  "POST /api/test-runs/{id}/items": { properties: ["items"], required: ["items"] },
  "PUT /api/test-runs/{id}/items/{itemId}": {
    properties: ["assignee", "durationMs", "expectedVersion", "note", "status"],
    required: [],
    enums: { status: ["untested", "passed", "failed", "blocked", "skipped", "retest"] },
  },
  "POST /api/test-runs/{id}/comments": { properties: ["body", "itemId"], required: ["body"] },
  "POST /api/test-runs/{id}/results": { properties: ["addMissing", "results"], required: ["results"] },
  "POST /api/tokens": {
    properties: ["name", "role"],
    required: ["name", "role"],
    enums: { role: ["viewer", "tester", "admin"] },
  },
  "POST /api/session": { properties: ["name", "pin"], required: ["name", "pin"] },
  "PUT /api/settings/pin": { properties: ["pin"], required: ["pin"] },
};

/** Write routes whose body is a file rather than JSON. */
const xmlBodies = ["POST /api/test-runs/junit", "POST /api/test-runs/{id}/junit"];

describe("GET /api/openapi.json", () => {
  let lab: TestLab;
  let doc: Json;
  let table: ReadonlyArray<RouteDoc>;

  beforeAll(async () => {
    lab = await startTestLab();
    const response = await lab.api("GET", "/api/openapi.json", undefined, { token: null });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    doc = at({ doc: response.body }, "doc");
    table = [
      ...healthRoutes(
        { version: "table", labName: "", heartbeatMs: 15_000, lanUrls: () => [] },
        lab.server.ctx.streams,
      ),
      ...testRunRoutes,
      ...authRoutes,
      ...streamRouteDocs,
      ...junitRouteDocs,
      ...backupRoutes,
      ...backupRouteDocs,
      openApiRouteDoc,
    ];
  });

  afterAll(async () => {
    await lab.close();
    removeDir(lab.dataDir);
  });

  const operations = (): Array<{ key: string; operation: Json }> =>
    Object.entries(at(doc, "paths")).flatMap(([path, item]) =>
      Object.entries(at({ item }, "item")).map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${path}`,
        operation: at({ operation }, "operation"),
      })),
    );

  it("is an OpenAPI 3.1 document of this server", async () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    const health = await lab.api<{ version: string }>("GET", "/api/health");
    expect(at(doc, "info")).toEqual(
      expect.objectContaining({ title: expect.any(String), version: health.body.version }),
    );
    expect(at(doc, "components", "securitySchemes", "bearer")).toEqual({ type: "http", scheme: "bearer" });
  });

  it("lists every API route the server registers, and nothing else", () => {
    const registered = registeredRoutes(lab.server.app.printRoutes({ commonPrefix: false }));
    // The parse of the tree is checked against the router itself.
    for (const route of registered) {
      const [method = "", url = ""] = route.split(" ");
      expect(lab.server.app.hasRoute({ method, url }), route).toBe(true);
    }
    const api = registered
      .filter((r) => !r.startsWith("HEAD ") && r.includes(" /api/"))
      .map((r) => key(r.split(" ")[0] ?? "", r.split(" ")[1] ?? ""));
    expect(api).toContain("PUT /api/test-runs/{id}/items/{itemId}");
    const documented = operations().map((o) => o.key);
    expect([...documented].sort()).toEqual([...new Set(api)].sort());
    // …and the document is the route table in server/http/routes/*, one operation per entry.
    expect([...documented].sort()).toEqual(table.map((r) => key(r.method, r.url)).sort());
  });

  it("documents each write route's JSON body: its fields, which are required, and that unknown keys are refused", () => {
    const writes = table.filter((r) => r.method !== "GET");
    expect(writes.map((r) => key(r.method, r.url)).sort()).toEqual(
      [
        ...Object.keys(writeBodies),
        ...xmlBodies,
        "DELETE /api/test-runs/{id}",
        "DELETE /api/tokens/{id}",
        "POST /api/backups",
      ].sort(),
    );
    for (const route of writes) {
      const k = key(route.method, route.url);
      const operation = at(doc, "paths", toOpenApiPath(route.url), route.method.toLowerCase());
      if (xmlBodies.includes(k)) {
        expect(at(operation, "requestBody").required, k).toBe(true);
        expect(Object.keys(at(operation, "requestBody", "content")).sort(), k).toEqual(["application/xml", "text/xml"]);
        for (const status of ["400", "401", "403", "413", "415"])
          expect(Object.keys(at(operation, "responses")), `${k} documents ${status}`).toContain(status);
        continue;
      }
      const expected = writeBodies[k];
      if (expected === undefined) {
        expect(operation.requestBody, `${k} takes no body`).toBeUndefined();
        continue;
      }
      expect(at(operation, "requestBody").required, k).toBe(true);
      const schema = at(operation, "requestBody", "content", "application/json", "schema");
      expect(schema.type, k).toBe("object");
      expect(Object.keys(at(schema, "properties")).sort(), k).toEqual(expected.properties);
      const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
      expect(required.sort(), k).toEqual([...expected.required].sort());
      expect(schema.additionalProperties, `${k} refuses unknown keys`).toBe(false);
      for (const [field, values] of Object.entries(expected.enums ?? {})) {
        expect(at(schema, "properties", field).enum, `${k} ${field}`).toEqual(values);
      }
      const responses = at(operation, "responses");
      for (const status of ["400", "403", "413", "415"])
        expect(Object.keys(responses), `${k} documents ${status}`).toContain(status);
    }
  });

  it("documents path parameters, If-Match, auth and the success status of every operation", () => {
    for (const route of table) {
      const k = key(route.method, route.url);
      const operation = at(doc, "paths", toOpenApiPath(route.url), route.method.toLowerCase());
      const parameters = Array.isArray(operation.parameters) ? operation.parameters.filter(isObject) : [];
      const inPath = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
      expect(
        parameters.filter((p) => p.in === "path").map((p) => p.name),
        k,
      ).toEqual(inPath);
      for (const p of parameters.filter((p) => p.in === "path")) expect(p.required, k).toBe(true);
      expect(
        parameters.some((p) => p.in === "header" && p.name === "If-Match"),
        `${k} If-Match`,
      ).toBe(route.usesIfMatch === true);
      expect(operation.security === undefined, `${k} security`).toBe(route.role === "viewer");
      expect(Object.keys(at(operation, "responses")), k).toContain(String(route.status ?? 200));
      expect(typeof operation.summary, k).toBe("string");
    }
    const stream = at(doc, "paths", "/api/stream", "get");
    const names = (Array.isArray(stream.parameters) ? stream.parameters.filter(isObject) : []).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["runs", "all", "lastEventId", "access_token"]));
    expect(Object.keys(at(stream, "responses", "200", "content"))).toEqual(["text/event-stream"]);
  });

  it("documents the one error shape, and every $ref in it resolves", () => {
    const conflict = at(
      doc,
      "paths",
      "/api/test-runs/{id}/items/{itemId}",
      "put",
      "responses",
      "409",
      "content",
      "application/json",
      "schema",
    );
    expect(Object.keys(at(conflict, "properties")).sort()).toEqual(["current", "error"]);
    expect(Object.keys(at(conflict, "properties", "error", "properties")).sort()).toEqual([
      "code",
      "details",
      "message",
    ]);
    const refs: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (isObject(value)) {
        for (const [name, child] of Object.entries(value)) {
          if (name === "$ref" && typeof child === "string") refs.push(child);
          else walk(child);
        }
      }
    };
    walk(doc);
    for (const ref of refs) {
      expect(ref.startsWith("#/"), ref).toBe(true);
      expect(
        () =>
          at(
            doc,
            ...ref
              .slice(2)
              .split("/")
              .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~")),
          ),
        ref,
      ).not.toThrow();
    }
  });
});
