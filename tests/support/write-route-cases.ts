import type { RawRequest } from "./raw-request.ts";

/**
 * The write routes of the API and, for each, requests that carry exactly one fault, with the
 * status and error code docs/protocol.md promises for it. Each route also has the request that
 * would succeed, so a case fails for its fault and nothing else.
 */

export const bodyLimit = 64 * 1024;
export const pin = "4321";

export interface Fixture {
  readonly adminToken: string;
  readonly testerToken: string;
  readonly testerTokenId: string;
  readonly revokedToken: string;
  readonly runId: string;
  readonly itemId: string;
  readonly itemVersion: number;
  readonly runVersion: number;
  /** An item of another run: real, but not in `runId`. */
  readonly otherItemId: string;
}

type Role = "viewer" | "tester" | "admin";
type Json = Record<string, unknown>;

export interface WriteRoute {
  readonly method: "POST" | "PATCH" | "PUT" | "DELETE";
  readonly url: string;
  readonly role: Role;
  readonly path: (f: Fixture) => string;
  /** The body that would succeed; the cases below break one thing about the request. */
  readonly body?: (f: Fixture) => Json;
  readonly wrongTypes?: Json;
  readonly unknownEnum?: Json;
  readonly oversizeString?: Json;
  readonly usesIfMatch?: boolean;
  readonly unknownIds?: ReadonlyArray<UnknownId>;
  readonly extra?: ReadonlyArray<Case>;
}

interface UnknownId {
  readonly what: string;
  readonly entity: "run" | "item" | "token";
  readonly path?: (f: Fixture) => string;
  readonly body?: (f: Fixture) => Json;
}

export interface Case {
  readonly title: string;
  readonly status: number;
  readonly code: string;
  /** Overrides of the route's valid request. */
  readonly path?: (f: Fixture) => string;
  readonly body?: (f: Fixture) => Json;
  readonly rawBody?: string;
  readonly noBody?: boolean;
  readonly token?: (f: Fixture) => string | null;
  readonly headers?: Record<string, string>;
  /** Which field the problem report must name (400 invalid_body). */
  readonly detailPath?: string;
  readonly entity?: "run" | "item" | "token";
}

const unknownId = "01ZZZZZZZZZZZZZZZZZZZZZZZZ";
const foreignOrigin = "http://evil.example";

export const routes: ReadonlyArray<WriteRoute> = [
  {
    method: "POST",
    url: "/api/test-runs",
    role: "tester",
    path: () => "/api/test-runs",
    body: () => ({ name: "Night build", labels: { build: "2.1" }, items: [{ title: "Boot", section: "Power" }] }),
    wrongTypes: { name: 42 },
    oversizeString: { name: "n".repeat(201) },
    extra: [
      {
        title: "an unknown key inside an item",
        status: 400,
        code: "invalid_body",
        body: () => ({ name: "Run", items: [{ title: "Boot", colour: "red" }] }),
        detailPath: "items.0.colour",
      },
      {
        title: "labels as an array",
        status: 400,
        code: "invalid_body",
        body: () => ({ name: "Run", labels: ["build"] }),
        detailPath: "labels",
      },
      { title: "a JSON null body", status: 400, code: "invalid_body", rawBody: "null" },
      { title: "a JSON array body", status: 400, code: "invalid_body", rawBody: "[]" },
      { title: "a blank name", status: 400, code: "invalid_body", body: () => ({ name: "" }), detailPath: "name" },
    ],
  },
  {
    method: "PATCH",
    url: "/api/test-runs/:id",
    role: "tester",
    path: (f) => `/api/test-runs/${f.runId}`,
    body: () => ({ name: "Renamed" }),
    wrongTypes: { name: ["Renamed"] },
    oversizeString: { description: "d".repeat(5_001) },
    usesIfMatch: true,
    unknownIds: [{ what: "run", entity: "run", path: () => `/api/test-runs/${unknownId}` }],
    extra: [
      { title: "nothing to change", status: 400, code: "invalid_body", body: () => ({}) },
      {
        title: "only an expectedVersion",
        status: 400,
        code: "invalid_body",
        body: (f) => ({ expectedVersion: f.runVersion }),
      },
    ],
  },
  {
    method: "PUT",
    url: "/api/test-runs/:id/status",
    role: "tester",
    path: (f) => `/api/test-runs/${f.runId}/status`,
    body: () => ({ status: "running" }),
    wrongTypes: { status: 1 },
    unknownEnum: { status: "exploded" },
    usesIfMatch: true,
    unknownIds: [{ what: "run", entity: "run", path: () => `/api/test-runs/${unknownId}/status` }],
    extra: [
      {
        title: "a transition a planned run cannot make",
        status: 409,
        code: "invalid_transition",
        body: () => ({ status: "completed" }),
      },
    ],
  },
  {
    method: "POST",
    url: "/api/test-runs/:id/items",
    role: "tester",
    path: (f) => `/api/test-runs/${f.runId}/items`,
    body: () => ({ items: [{ title: "Extra case", section: "Radio" }] }),
    wrongTypes: { items: { title: "Extra case" } },
    oversizeString: { items: [{ title: "t".repeat(501) }] },
    unknownIds: [{ what: "run", entity: "run", path: () => `/api/test-runs/${unknownId}/items` }],
    extra: [
      {
        title: "an empty item list",
        status: 400,
        code: "invalid_body",
        body: () => ({ items: [] }),
        detailPath: "items",
      },
    ],
  },
  {
    method: "PUT",
    url: "/api/test-runs/:id/items/:itemId",
    role: "tester",
    path: (f) => `/api/test-runs/${f.runId}/items/${f.itemId}`,
    body: () => ({ status: "passed", note: "ok" }),
    wrongTypes: { status: "passed", durationMs: "fast" },
    unknownEnum: { status: "exploded" },
    oversizeString: { note: "n".repeat(10_001) },
    usesIfMatch: true,
    unknownIds: [
      { what: "run", entity: "run", path: (f) => `/api/test-runs/${unknownId}/items/${f.itemId}` },
      { what: "item", entity: "item", path: (f) => `/api/test-runs/${f.runId}/items/${unknownId}` },
      { what: "item of another run", entity: "item", path: (f) => `/api/test-runs/${f.runId}/items/${f.otherItemId}` },
    ],
    extra: [
      {
        title: "only an expectedVersion",
        status: 400,
        code: "invalid_input",
        body: (f) => ({ expectedVersion: f.itemVersion }),
      },
      {
        title: "a negative duration",
        status: 400,
        code: "invalid_body",
        body: () => ({ durationMs: -5 }),
        detailPath: "durationMs",
      },
      {
        title: "a fractional expectedVersion",
        status: 400,
        code: "invalid_body",
        body: () => ({ status: "passed", expectedVersion: 1.5 }),
        detailPath: "expectedVersion",
      },
    ],
  },
  {
    method: "POST",
    url: "/api/test-runs/:id/results",
    role: "tester",
    path: (f) => `/api/test-runs/${f.runId}/results`,
    body: (f) => ({ results: [{ itemId: f.itemId, status: "passed", durationMs: 900 }] }),
    wrongTypes: { results: [{ itemId: "x", status: "passed", durationMs: "slow" }] },
    unknownEnum: { results: [{ key: "a.b", status: "exploded" }] },
    oversizeString: { results: [{ key: "k".repeat(501), status: "passed" }] },
    unknownIds: [{ what: "run", entity: "run", path: () => `/api/test-runs/${unknownId}/results` }],
    extra: [
      {
        title: "an empty result list",
        status: 400,
        code: "invalid_body",
        body: () => ({ results: [] }),
        detailPath: "results",
      },
      {
        title: "a result naming no item",
        status: 400,
        code: "invalid_input",
        body: () => ({ results: [{ status: "passed" }] }),
      },
      {
        title: "a result whose key matches no item",
        status: 400,
        code: "invalid_input",
        body: () => ({ results: [{ key: "no.such.case", status: "failed" }] }),
      },
      {
        title: "an item of another run",
        status: 400,
        code: "invalid_input",
        body: (f) => ({ results: [{ itemId: f.otherItemId, status: "failed" }] }),
      },
      {
        title: "addMissing that is not a boolean",
        status: 400,
        code: "invalid_body",
        body: () => ({ addMissing: "yes", results: [{ key: "a", status: "passed" }] }),
        detailPath: "addMissing",
      },
    ],
  },
  {
    method: "POST",
    url: "/api/test-runs/:id/comments",
    role: "tester",
    path: (f) => `/api/test-runs/${f.runId}/comments`,
    body: (f) => ({ body: "Looks flaky on bench 3", itemId: f.itemId }),
    wrongTypes: { body: 7 },
    oversizeString: { body: "c".repeat(10_001) },
    unknownIds: [
      {
        what: "run",
        entity: "run",
        path: () => `/api/test-runs/${unknownId}/comments`,
        body: () => ({ body: "Hello" }),
      },
      { what: "item", entity: "item", body: () => ({ body: "Hello", itemId: unknownId }) },
      { what: "item of another run", entity: "item", body: (f) => ({ body: "Hello", itemId: f.otherItemId }) },
    ],
    extra: [
      {
        title: "a blank comment",
        status: 400,
        code: "invalid_body",
        body: () => ({ body: "   " }),
        detailPath: "body",
      },
    ],
  },
  {
    method: "POST",
    url: "/api/tokens",
    role: "admin",
    path: () => "/api/tokens",
    body: () => ({ name: "Bench PC", role: "tester" }),
    wrongTypes: { name: null, role: "tester" },
    unknownEnum: { name: "Bench PC", role: "superuser" },
    oversizeString: { name: "n".repeat(101), role: "tester" },
  },
  {
    method: "POST",
    url: "/api/session",
    role: "viewer",
    path: () => "/api/session",
    body: () => ({ pin, name: "Ana" }),
    wrongTypes: { pin: 4321, name: "Ana" },
    oversizeString: { pin, name: "n".repeat(61) },
    extra: [{ title: "a wrong PIN", status: 401, code: "unauthorized", body: () => ({ pin: "0000", name: "Ana" }) }],
  },
  {
    method: "PUT",
    url: "/api/settings/pin",
    role: "admin",
    path: () => "/api/settings/pin",
    body: () => ({ pin: "9876" }),
    wrongTypes: { pin: 9876 },
    oversizeString: { pin: "1".repeat(13) },
    extra: [
      {
        title: "a PIN with letters",
        status: 400,
        code: "invalid_body",
        body: () => ({ pin: "12ab" }),
        detailPath: "pin",
      },
    ],
  },
  {
    method: "DELETE",
    url: "/api/tokens/:id",
    role: "admin",
    path: (f) => `/api/tokens/${f.testerTokenId}`,
    unknownIds: [{ what: "token", entity: "token", path: () => `/api/tokens/${unknownId}` }],
  },
  {
    method: "DELETE",
    url: "/api/test-runs/:id",
    role: "admin",
    path: (f) => `/api/test-runs/${f.runId}`,
    unknownIds: [{ what: "run", entity: "run", path: () => `/api/test-runs/${unknownId}` }],
  },
];

const bigBody = JSON.stringify({ name: "Big", description: "x".repeat(bodyLimit + 1_024) });

export const casesOf = (r: WriteRoute): Case[] => {
  const cases: Case[] = [
    { title: "malformed JSON", status: 400, code: "invalid_json", rawBody: '{"name": "half' },
    { title: `a body over bodyLimit (${bodyLimit} bytes)`, status: 413, code: "payload_too_large", rawBody: bigBody },
    {
      // The route's own valid body (or `{}` where it takes none), only labelled as text.
      title: "a text/plain body",
      status: 415,
      code: "unsupported_media_type",
      ...(r.body === undefined ? { rawBody: "{}" } : {}),
      headers: { "content-type": "text/plain" },
    },
    {
      title: "a form-encoded body",
      status: 415,
      code: "unsupported_media_type",
      rawBody: "name=Run",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    },
    {
      title: "an invalid token",
      status: 401,
      code: "unauthorized",
      token: () => "mt_thisTokenWasNeverIssuedByThisLab",
    },
    {
      title: "a malformed Authorization header",
      status: 401,
      code: "unauthorized",
      headers: { authorization: "Basic YWRtaW46YWRtaW4=" },
    },
    { title: "a revoked token", status: 401, code: "unauthorized", token: (f) => f.revokedToken },
    { title: "a foreign Origin", status: 403, code: "foreign_origin", headers: { origin: foreignOrigin } },
    { title: "Origin: null (sandboxed page)", status: 403, code: "foreign_origin", headers: { origin: "null" } },
  ];
  if (r.role !== "viewer") cases.push({ title: "no token", status: 401, code: "unauthorized", token: () => null });
  if (r.role === "admin") {
    cases.push({
      title: "a tester token on an admin route",
      status: 403,
      code: "forbidden",
      token: (f) => f.testerToken,
    });
  }
  // DNS rebinding: every write, a tester's too, must name the server by an address or a known name.
  cases.push({
    title: "an unknown Host (DNS rebinding)",
    status: 403,
    code: "unknown_host",
    headers: { host: "evil.example" },
  });
  if (r.body !== undefined) {
    cases.push({
      title: "an unknown key",
      status: 400,
      code: "invalid_body",
      body: (f) => ({ ...r.body?.(f), colour: "red" }),
      detailPath: "colour",
    });
    cases.push({ title: "no body at all", status: 400, code: "invalid_body", noBody: true });
    cases.push({
      title: "a body without Content-Type",
      status: 415,
      code: "unsupported_media_type",
      headers: { "content-type": "" },
    });
  }
  const bodyCase = (title: string, body: Json | undefined): void => {
    if (body === undefined) return;
    const path = Object.keys(body).find(
      (key) => JSON.stringify(body[key]) !== JSON.stringify(r.body?.({ ...placeholderFixture })[key]),
    );
    cases.push({
      title,
      status: 400,
      code: "invalid_body",
      body: () => body,
      ...(path === undefined ? {} : { detailPath: path }),
    });
  };
  bodyCase("wrong types", r.wrongTypes);
  bodyCase("an unknown enum value", r.unknownEnum);
  bodyCase("an oversize string", r.oversizeString);
  for (const u of r.unknownIds ?? []) {
    cases.push({
      title: `an unknown ${u.what}`,
      status: 404,
      code: "not_found",
      entity: u.entity,
      ...(u.path === undefined ? {} : { path: u.path }),
      ...(u.body === undefined ? {} : { body: u.body }),
    });
  }
  if (r.path({ ...placeholderFixture }).includes("/api/test-runs/")) {
    cases.push({
      title: "a run id that is not an id",
      status: 400,
      code: "invalid_params",
      path: (f) => r.path(f).replace(f.runId, "x".repeat(65)),
    });
  }
  if (r.usesIfMatch === true) {
    cases.push({
      title: "a malformed If-Match",
      status: 400,
      code: "invalid_header",
      headers: { "if-match": "version three" },
    });
    cases.push({ title: "a stale If-Match", status: 409, code: "conflict", headers: { "if-match": '"999"' } });
    cases.push({
      title: "a stale expectedVersion",
      status: 409,
      code: "conflict",
      body: (f) => ({ ...r.body?.(f), expectedVersion: 999 }),
    });
  }
  return [...cases, ...(r.extra ?? [])];
};

/** Only used to read the shape of a route's valid body while building the table. */
const placeholderFixture: Fixture = {
  adminToken: "",
  testerToken: "",
  testerTokenId: "",
  revokedToken: "",
  runId: "RUN",
  itemId: "ITEM",
  itemVersion: 1,
  runVersion: 1,
  otherItemId: "OTHER",
};

export const buildRequest = (r: WriteRoute, c: Case, f: Fixture): RawRequest => {
  const token = c.token === undefined ? (r.role === "viewer" ? null : f.adminToken) : c.token(f);
  let body: string | undefined;
  if (c.noBody !== true) {
    if (c.rawBody !== undefined) body = c.rawBody;
    else if (c.body !== undefined) body = JSON.stringify(c.body(f));
    else if (r.body !== undefined) body = JSON.stringify(r.body(f));
  }
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  for (const [name, value] of Object.entries(c.headers ?? {})) {
    if (value === "") delete headers[name];
    else headers[name] = value;
  }
  return { method: r.method, path: (c.path ?? r.path)(f), headers, ...(body === undefined ? {} : { body }) };
};
