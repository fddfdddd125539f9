import type { Readable } from "node:stream";
import { Effect, Result, Schema } from "effect";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Principal } from "../../application/ports/token-store.ts";
import { importJunit, importJunitAsNewRun, junitResultsBody } from "../../application/usecases/import-junit.ts";
import type { DomainError } from "../../domain/errors.ts";
import { junitResults, type JunitTally, tallyOf } from "../../domain/junit/junit-results.ts";
import {
  JunitImportQuery,
  JunitNewRunQuery,
  MaxItemsPerRequest,
  RecordResultsBody,
  RunIdParams,
} from "../../domain/requests.ts";
import { JunitImported } from "../../domain/junit/junit-imported.ts";
import type { RunCounts } from "../../domain/run-counts.ts";
import { HttpError } from "../api-error.ts";
import type { AppServices } from "../app-runtime.ts";
import { decodeInput } from "../decode.ts";
import type { HttpContext } from "../http-context.ts";
import { junitTextKept, readJunitBody, tooLarge } from "../junit/junit-body.ts";
import type { RouteDoc } from "../openapi.ts";
import { attempt, guardEffect, replyError, runRequest } from "../route-spec.ts";
import { makeStartGate, type StartGate } from "../sse/start-gate.ts";

/**
 * JUnit XML uploads. The body is the file itself (application/xml or text/xml), read as it
 * arrives and never buffered whole; only once all of it has parsed are its results recorded, in
 * one write through the bulk results path, so a wall sees one `batch` event or nothing.
 */

const xmlTypes: ReadonlyArray<string> = ["application/xml", "text/xml"];

const isXml = (header: string | undefined): boolean =>
  xmlTypes.includes((header ?? "").split(";")[0]?.trim().toLowerCase() ?? "");

const isReadable = (body: unknown): body is Readable =>
  typeof body === "object" && body !== null && "pipe" in body && "on" in body;

/** The file's results, or the HTTP answer for why there are none. */
const parseUpload = (ctx: HttpContext, request: FastifyRequest) =>
  Effect.gen(function* () {
    if (!isXml(request.headers["content-type"])) {
      return yield* Effect.fail(
        new HttpError(415, "unsupported_media_type", "Send the JUnit file as XML (Content-Type: application/xml)"),
      );
    }
    const body: unknown = request.body;
    if (!isReadable(body)) {
      return yield* Effect.fail(new HttpError(400, "invalid_body", "The request has no body; send the JUnit XML file"));
    }
    const declared = Number(request.headers["content-length"] ?? Number.NaN);
    if (Number.isFinite(declared) && declared > ctx.config.junitLimit) {
      return yield* Effect.fail(tooLarge(ctx.config.junitLimit));
    }
    const cases = yield* Effect.tryPromise({
      try: () =>
        readJunitBody(body, { maxBytes: ctx.config.junitLimit, maxCases: MaxItemsPerRequest, maxText: junitTextKept }),
      catch: (error) =>
        error instanceof HttpError ? error : new HttpError(400, "body_aborted", "The upload could not be read"),
    });
    const results = junitResults(cases);
    if (Result.isFailure(results)) {
      const { line, message } = results.failure;
      return yield* Effect.fail(
        new HttpError(400, "invalid_junit", `The JUnit file is not valid at line ${line}: ${message}`, {
          details: { line },
        }),
      );
    }
    if (results.success.length === 0) {
      return yield* Effect.fail(new HttpError(400, "invalid_junit", "The JUnit file holds no test cases"));
    }
    return { tally: tallyOf(cases.length, results.success), results: results.success };
  });

type Import = (
  body: RecordResultsBody,
  principal: Principal | null,
) => Effect.Effect<{ runId: string; added: number; counts: RunCounts }, DomainError, AppServices>;

const encode = Schema.encodeUnknownEffect(JunitImported);

/** Files read at once (each holds at most one text node of its file); more wait, past `waiting` 503. */
const readingLimits = { concurrent: 2, waiting: 32 };

const importEffect = (
  ctx: HttpContext,
  reading: StartGate,
  request: FastifyRequest,
  prepare: () => { readonly addMissing: boolean; readonly record: Import },
) =>
  Effect.gen(function* () {
    const principal = yield* guardEffect(ctx, request, "POST", "tester");
    const { addMissing, record } = yield* attempt(prepare);
    if (!reading.canQueue()) {
      return yield* Effect.fail(
        new HttpError(503, "server_busy", "Too many JUnit files are being read; try again in a moment", {
          headers: { "retry-after": "5" },
        }),
      );
    }
    const parsed = yield* reading.withPermit(parseUpload(ctx, request));
    // The results as the JSON bulk route would take them, decoded with its schema.
    const body = yield* attempt(() =>
      decodeInput(RecordResultsBody, junitResultsBody(parsed.results, addMissing), "body"),
    );
    const recorded = yield* record(body, principal);
    const answer: typeof JunitImported.Type = { ...recorded, ...tallyFields(parsed.tally) };
    return yield* Effect.orDie(encode(answer));
  });

const tallyFields = (tally: JunitTally) => ({
  cases: tally.cases,
  results: tally.results,
  passed: tally.passed,
  failed: tally.failed,
  skipped: tally.skipped,
  flaky: tally.flaky,
});

const answer = async (
  ctx: HttpContext,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  effect: ReturnType<typeof importEffect>,
): Promise<FastifyReply> => {
  try {
    return reply.code(status).send(await runRequest(ctx, request, effect));
  } catch (error) {
    // Refused before the whole file was read: close rather than read the rest of it.
    if (!request.raw.readableEnded) reply.header("connection", "close");
    return replyError(reply, error);
  }
};

const addMissingOf = (query: JunitImportQuery): boolean => query.addMissing !== "false" && query.addMissing !== "0";

export const registerJunitRoutes = (app: FastifyInstance, ctx: HttpContext): void => {
  // The same first-come line as stream starts use, for its own few permits.
  const reading = makeStartGate(readingLimits);
  // Its own scope: only these routes take XML, and they take the body as a stream.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_request, payload, done) => done(null, payload));
    scope.post("/api/test-runs/junit", (request, reply) =>
      answer(
        ctx,
        request,
        reply,
        201,
        importEffect(ctx, reading, request, () => {
          const query = decodeInput(JunitNewRunQuery, request.query ?? {}, "query");
          return {
            addMissing: true,
            record: (body, principal) => importJunitAsNewRun(query.name, body, principal),
          };
        }),
      ),
    );
    scope.post("/api/test-runs/:id/junit", (request, reply) =>
      answer(
        ctx,
        request,
        reply,
        200,
        importEffect(ctx, reading, request, () => {
          const params = decodeInput(RunIdParams, request.params, "params");
          const query = decodeInput(JunitImportQuery, request.query ?? {}, "query");
          return {
            addMissing: addMissingOf(query),
            record: (body, principal) => importJunit(params.id, body, principal),
          };
        }),
      ),
    );
  });
};

const xmlBody = {
  contentTypes: xmlTypes,
  description:
    "The JUnit XML file itself (Surefire, pytest, jest-junit, Vitest, Playwright, gotestsum), UTF-8, no DOCTYPE; read as it arrives, up to --junit-limit bytes and 10,000 test cases",
};

export const junitRouteDocs: ReadonlyArray<RouteDoc> = [
  {
    method: "POST",
    url: "/api/test-runs/junit",
    summary:
      "Create a run from a JUnit XML file (?name=): its test cases become the items, with their results. All or nothing; one batch event.",
    tag: "items",
    role: "tester",
    query: JunitNewRunQuery,
    rawBody: xmlBody,
    response: JunitImported,
    status: 201,
  },
  {
    method: "POST",
    url: "/api/test-runs/:id/junit",
    summary:
      "Record a JUnit XML file's results in a run, matched by key classname.name; unknown test cases become items unless addMissing=false. All or nothing; one batch event.",
    tag: "items",
    role: "tester",
    params: RunIdParams,
    query: JunitImportQuery,
    rawBody: xmlBody,
    response: JunitImported,
  },
];
