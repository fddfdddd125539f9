import { Schema } from "effect";
import { StreamEventSchema } from "../domain/events.ts";
import type { Role } from "../domain/requests.ts";
import { ApiErrorBody } from "./api-error.ts";

/** What the OpenAPI document needs to know of a route (RouteSpec has all of it). */
export interface RouteDoc {
  readonly method: string;
  readonly url: string;
  readonly summary: string;
  readonly tag: string;
  readonly role: Role;
  readonly params?: Schema.Top;
  readonly query?: Schema.Top;
  readonly body?: Schema.Top;
  readonly response?: Schema.Top;
  readonly status?: number;
  readonly usesIfMatch?: boolean;
  readonly stream?: boolean;
  readonly credentialInBody?: boolean;
  /** A body that is a file rather than JSON (JUnit XML): its media types and what it holds. */
  readonly rawBody?: { readonly contentTypes: ReadonlyArray<string>; readonly description: string };
}

type Json = Record<string, unknown>;

/**
 * Input schemas are documented as strict (`additionalProperties: false`), because the decoder
 * rejects unknown keys; answers stay open, so clients tolerate fields added later.
 */
const jsonSchema = (schema: Schema.Top, strict = false): Json => {
  const document = Schema.toJsonSchemaDocument(schema, { onExcessProperty: strict ? "error" : "ignore" });
  const definitions = document.definitions as Json;
  return Object.keys(definitions).length === 0
    ? (document.schema as Json)
    : { ...(document.schema as Json), $defs: definitions };
};

const parametersOf = (schema: Schema.Top | undefined, where: "path" | "query"): Json[] => {
  if (schema === undefined) return [];
  const object = jsonSchema(schema, true);
  const properties = (object.properties ?? {}) as Record<string, Json>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    schema: property,
  }));
};

const errorResponse = (description: string): Json => ({
  description,
  content: { "application/json": { schema: jsonSchema(ApiErrorBody) } },
});

const roleNote: Record<Role, string> = {
  viewer: "Open to anyone on the lab network (unless the lab requires a read token).",
  tester: "Needs a tester or admin token.",
  admin: "Needs the admin token.",
};

/** The OpenAPI 3.1 document, generated from the same schemas that decode every request. */
export const openApiDocument = (routes: ReadonlyArray<RouteDoc>, version: string): Json => {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, "{$1}");
    const responses: Json = {};
    const status = String(r.status ?? 200);
    if (r.stream === true) {
      responses[status] = {
        description:
          "An SSE stream (text/event-stream): each unnamed message's `data:` line is one StreamEvent (components/schemas/StreamEvent), its `id:` the event's seq; `event: heartbeat` messages carry { serverTime, lastEventId, intervalMs }.",
        content: {
          "text/event-stream": {
            schema: { type: "string" },
            "x-message-schema": { $ref: "#/components/schemas/StreamEvent" },
          },
        },
      };
      responses["429"] = errorResponse("Too many live connections from this address (Retry-After)");
      responses["503"] = errorResponse("The server is at its connection cap (Retry-After)");
    } else if (r.response !== undefined && status !== "204") {
      responses[status] = {
        description: "Success",
        content: { "application/json": { schema: jsonSchema(r.response) } },
      };
    } else {
      responses[status] = { description: "Success" };
    }
    if (
      r.params !== undefined ||
      r.query !== undefined ||
      r.body !== undefined ||
      r.rawBody !== undefined ||
      r.usesIfMatch === true
    ) {
      responses["400"] = errorResponse("Invalid input; details name each problem");
    }
    if (r.role !== "viewer") responses["401"] = errorResponse("Missing, unknown or revoked token");
    if (r.role === "admin" || r.method !== "GET")
      responses["403"] = errorResponse("Wrong role, foreign Origin or unknown Host");
    if (r.url.includes(":")) responses["404"] = errorResponse("No such run, item or token");
    if (r.usesIfMatch === true)
      responses["409"] = errorResponse("Stale expectedVersion / If-Match: `current` holds the current state");
    if (r.body !== undefined) {
      responses["413"] = errorResponse("Body too large");
      responses["415"] = errorResponse("Body is not JSON");
    }
    if (r.rawBody !== undefined) {
      responses["413"] = errorResponse("File larger than the server's limit, or too many test cases");
      responses["415"] = errorResponse(`Body is not ${r.rawBody.contentTypes.join(" or ")}`);
    }
    const operation: Json = {
      summary: r.summary,
      description:
        r.credentialInBody === true
          ? "Open to anyone on the lab network, also where a read token is required: the body holds the credential."
          : roleNote[r.role],
      tags: [r.tag],
      parameters: [
        ...parametersOf(r.params, "path"),
        ...parametersOf(r.query, "query"),
        ...(r.usesIfMatch === true
          ? [{ name: "If-Match", in: "header", required: false, schema: { type: "string" } }]
          : []),
      ],
      responses,
      ...(r.role === "viewer" ? {} : { security: [{ bearer: [] }] }),
      ...(r.body === undefined
        ? {}
        : { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(r.body, true) } } } }),
      ...(r.rawBody === undefined
        ? {}
        : {
            requestBody: {
              required: true,
              description: r.rawBody.description,
              content: Object.fromEntries(r.rawBody.contentTypes.map((type) => [type, { schema: { type: "string" } }])),
            },
          }),
    };
    paths[path] = { ...paths[path], [r.method.toLowerCase()]: operation };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "medi-test lab server",
      version,
      description:
        "Live test-run progress for lab walls. Writes without expectedVersion/If-Match are last-write-wins; with it, a stale write gets 409 and the current state. Errors are { error: { code, message, details? } }.",
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: { StreamEvent: jsonSchema(StreamEventSchema) },
    },
    paths,
  };
};
