import { Effect, Schema } from "effect";
import { addComment } from "../../application/usecases/add-comment.ts";
import { addTestItems } from "../../application/usecases/add-test-items.ts";
import { createTestRun } from "../../application/usecases/create-test-run.ts";
import { listRunEvents } from "../../application/usecases/list-events.ts";
import { getTestRun, listComments, listTestRuns } from "../../application/usecases/read-test-runs.ts";
import { recordResults } from "../../application/usecases/record-results.ts";
import { updateTestItem } from "../../application/usecases/update-test-item.ts";
import { deleteTestRun, updateTestRun, updateTestRunStatus } from "../../application/usecases/update-test-run.ts";
import { Comment } from "../../domain/comment.ts";
import { RunCounts } from "../../domain/run-counts.ts";
import {
  AddCommentBody,
  AddItemsBody,
  CreateRunBody,
  EventsQuery,
  ItemParams,
  ListRunsQuery,
  PatchRunBody,
  RecordResultsBody,
  RunIdParams,
  SetRunStatusBody,
  UpdateItemBody,
} from "../../domain/requests.ts";
import { StreamEventSchema } from "../../domain/events.ts";
import { RecordedResults } from "../../domain/recorded-results.ts";
import { TestItem } from "../../domain/test-item.ts";
import { TestRunDetail, TestRunSummary } from "../../domain/test-run.ts";
import { route } from "../route-spec.ts";

/** An event of the log as the stream sends it: the typed union of domain/events.ts. */
const EventOut = StreamEventSchema;

export const testRunRoutes = [
  route({
    method: "GET",
    url: "/api/test-runs",
    summary: "List test runs, newest first, with their counts",
    tag: "runs",
    role: "viewer",
    query: ListRunsQuery,
    response: Schema.Struct({ runs: Schema.Array(TestRunSummary) }),
    handler: ({ query }) => Effect.map(listTestRuns(query), (runs) => ({ runs })),
  }),
  route({
    method: "POST",
    url: "/api/test-runs",
    summary: "Create a test run, optionally with its items",
    tag: "runs",
    role: "tester",
    body: CreateRunBody,
    response: TestRunDetail,
    status: 201,
    handler: ({ body }) => createTestRun(body),
  }),
  route({
    method: "GET",
    url: "/api/test-runs/:id",
    summary: "One run with its counts and every item",
    tag: "runs",
    role: "viewer",
    params: RunIdParams,
    response: TestRunDetail,
    handler: ({ params }) => getTestRun(params.id),
  }),
  route({
    method: "PATCH",
    url: "/api/test-runs/:id",
    summary: "Rename a run, or change its description or labels",
    tag: "runs",
    role: "tester",
    params: RunIdParams,
    body: PatchRunBody,
    usesIfMatch: true,
    response: TestRunSummary,
    handler: ({ params, body, ifMatch }) => updateTestRun(params.id, body, ifMatch),
  }),
  route({
    method: "DELETE",
    url: "/api/test-runs/:id",
    summary: "Delete a run with its items and comments (its events stay in the audit log)",
    tag: "runs",
    role: "admin",
    params: RunIdParams,
    status: 204,
    handler: ({ params }) => Effect.asVoid(deleteTestRun(params.id)),
  }),
  route({
    method: "PUT",
    url: "/api/test-runs/:id/status",
    summary: "Start, pause, complete, abort or reopen a run",
    tag: "runs",
    role: "tester",
    params: RunIdParams,
    body: SetRunStatusBody,
    usesIfMatch: true,
    response: TestRunSummary,
    handler: ({ params, body, ifMatch }) => updateTestRunStatus(params.id, body, ifMatch),
  }),
  route({
    method: "POST",
    url: "/api/test-runs/:id/items",
    summary: "Add items to a run (bulk)",
    tag: "items",
    role: "tester",
    params: RunIdParams,
    body: AddItemsBody,
    status: 201,
    response: Schema.Struct({ items: Schema.Array(TestItem), counts: RunCounts }),
    handler: ({ params, body }) => addTestItems(params.id, body),
  }),
  route({
    method: "PUT",
    url: "/api/test-runs/:id/items/:itemId",
    summary:
      "Record a result, note, assignee or duration. With expectedVersion (or If-Match) a stale edit gets 409 and the current item; without, the last write wins.",
    tag: "items",
    role: "tester",
    params: ItemParams,
    body: UpdateItemBody,
    usesIfMatch: true,
    response: TestItem,
    handler: ({ params, body, ifMatch, principal }) =>
      Effect.map(updateTestItem(params.id, params.itemId, body, ifMatch, principal), (updated) => updated.item),
  }),
  route({
    method: "POST",
    url: "/api/test-runs/:id/results",
    summary:
      "Record many results at once (a CI job): each names its item by itemId or key; addMissing creates items for unknown keys. All or nothing; one batch event.",
    tag: "items",
    role: "tester",
    params: RunIdParams,
    body: RecordResultsBody,
    response: RecordedResults,
    handler: ({ params, body, principal }) => recordResults(params.id, body, principal),
  }),
  route({
    method: "POST",
    url: "/api/test-runs/:id/comments",
    summary: "Comment on a run or one of its items",
    tag: "comments",
    role: "tester",
    params: RunIdParams,
    body: AddCommentBody,
    status: 201,
    response: Comment,
    handler: ({ params, body, principal }) => addComment(params.id, body, principal),
  }),
  route({
    method: "GET",
    url: "/api/test-runs/:id/comments",
    summary: "A run's comments, newest first",
    tag: "comments",
    role: "viewer",
    params: RunIdParams,
    response: Schema.Struct({ comments: Schema.Array(Comment) }),
    handler: ({ params }) => Effect.map(listComments(params.id), (comments) => ({ comments })),
  }),
  route({
    method: "GET",
    url: "/api/test-runs/:id/events",
    summary: "A run's event log after a seq, oldest first (progress charts, audits)",
    tag: "events",
    role: "viewer",
    params: RunIdParams,
    query: EventsQuery,
    response: Schema.Struct({ events: Schema.Array(EventOut), next: Schema.NullOr(Schema.Int) }),
    handler: ({ params, query }) => listRunEvents(params.id, query),
  }),
];
