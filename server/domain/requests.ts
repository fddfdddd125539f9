import { Schema } from "effect";
import { ItemStatus } from "./test-item.ts";
import { RunStatus } from "./test-run.ts";

/** Request shapes of the HTTP API. The same schemas decode input and produce the OpenAPI document. */

const text = (min: number, max: number) =>
  Schema.String.check(Schema.isTrimmed(), Schema.isMinLength(min), Schema.isMaxLength(max));

const boundedText = (max: number) => Schema.String.check(Schema.isMaxLength(max));

export const Version = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0));

export const LabelsInput = Schema.Record(text(1, 50), boundedText(200)).check(Schema.isMaxProperties(30));

export const NewItem = Schema.Struct({
  title: text(1, 500),
  section: Schema.optionalKey(boundedText(300)),
  key: Schema.optionalKey(text(1, 500)),
});
export type NewItem = typeof NewItem.Type;

export const MaxItemsPerRequest = 10_000;

export const CreateRunBody = Schema.Struct({
  name: text(1, 200),
  description: Schema.optionalKey(boundedText(5_000)),
  labels: Schema.optionalKey(LabelsInput),
  items: Schema.optionalKey(Schema.Array(NewItem).check(Schema.isMaxLength(MaxItemsPerRequest))),
});
export type CreateRunBody = typeof CreateRunBody.Type;

export const PatchRunBody = Schema.Struct({
  name: Schema.optionalKey(text(1, 200)),
  description: Schema.optionalKey(Schema.NullOr(boundedText(5_000))),
  labels: Schema.optionalKey(LabelsInput),
  expectedVersion: Schema.optionalKey(Version),
}).check(
  // An empty patch would still bump the version and log a run_updated event: refuse it.
  Schema.makeFilter((body) => body.name !== undefined || body.description !== undefined || body.labels !== undefined, {
    message: "Nothing to change: send name, description or labels",
  }),
);
export type PatchRunBody = typeof PatchRunBody.Type;

export const SetRunStatusBody = Schema.Struct({
  status: RunStatus,
  expectedVersion: Schema.optionalKey(Version),
});
export type SetRunStatusBody = typeof SetRunStatusBody.Type;

export const AddItemsBody = Schema.Struct({
  items: Schema.Array(NewItem).check(Schema.isMinLength(1), Schema.isMaxLength(MaxItemsPerRequest)),
});
export type AddItemsBody = typeof AddItemsBody.Type;

export const UpdateItemBody = Schema.Struct({
  status: Schema.optionalKey(ItemStatus),
  note: Schema.optionalKey(Schema.NullOr(boundedText(10_000))),
  assignee: Schema.optionalKey(Schema.NullOr(text(1, 100))),
  durationMs: Schema.optionalKey(
    Schema.NullOr(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 31 * 24 * 3_600_000 }))),
  ),
  expectedVersion: Schema.optionalKey(Version),
});
export type UpdateItemBody = typeof UpdateItemBody.Type;

/** One automated result: which item (by id, by external key, or a new one), and what it got. */
export const ResultInput = Schema.Struct({
  itemId: Schema.optionalKey(text(1, 64)),
  key: Schema.optionalKey(text(1, 500)),
  title: Schema.optionalKey(text(1, 500)),
  section: Schema.optionalKey(boundedText(300)),
  status: ItemStatus,
  durationMs: Schema.optionalKey(
    Schema.NullOr(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 31 * 24 * 3_600_000 }))),
  ),
  note: Schema.optionalKey(Schema.NullOr(boundedText(10_000))),
});
export type ResultInput = typeof ResultInput.Type;

/**
 * A CI job's results in one request: all recorded in one transaction, or none. `addMissing`
 * creates items for results whose key matches nothing (they need a title).
 */
export const RecordResultsBody = Schema.Struct({
  results: Schema.Array(ResultInput).check(Schema.isMinLength(1), Schema.isMaxLength(MaxItemsPerRequest)),
  addMissing: Schema.optionalKey(Schema.Boolean),
});
export type RecordResultsBody = typeof RecordResultsBody.Type;

export const AddCommentBody = Schema.Struct({
  body: text(1, 10_000),
  itemId: Schema.optionalKey(text(1, 64)),
});
export type AddCommentBody = typeof AddCommentBody.Type;

export const Role = Schema.Literals(["viewer", "tester", "admin"]);
export type Role = typeof Role.Type;

export const CreateTokenBody = Schema.Struct({
  name: text(1, 100),
  // viewer: a read-only token for wall displays of labs that require a token to view.
  role: Schema.Literals(["viewer", "tester", "admin"]),
});
export type CreateTokenBody = typeof CreateTokenBody.Type;

/** A new lab PIN: 4 to 12 digits. */
export const PinBody = Schema.Struct({ pin: Schema.String.check(Schema.isPattern(/^\d{4,12}$/)) });
export type PinBody = typeof PinBody.Type;

export const SessionBody = Schema.Struct({
  pin: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(64)),
  name: text(1, 60),
});
export type SessionBody = typeof SessionBody.Type;

const IntFromString = (min: number, max: number) =>
  Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: min, maximum: max }));

export const EventsQuery = Schema.Struct({
  after: Schema.optionalKey(IntFromString(0, Number.MAX_SAFE_INTEGER)),
  limit: Schema.optionalKey(IntFromString(1, 5_000)),
});
export type EventsQuery = typeof EventsQuery.Type;

export const ListRunsQuery = Schema.Struct({
  status: Schema.optionalKey(RunStatus),
  limit: Schema.optionalKey(IntFromString(1, 1_000)),
});
export type ListRunsQuery = typeof ListRunsQuery.Type;

export const StreamQuery = Schema.Struct({
  runs: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(4_000))),
  all: Schema.optionalKey(Schema.Literals(["1", "true", "0", "false"])),
  lastEventId: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(64))),
});
export type StreamQuery = typeof StreamQuery.Type;

export const RunIdParams = Schema.Struct({ id: text(1, 64) });
export const ItemParams = Schema.Struct({ id: text(1, 64), itemId: text(1, 64) });
export const TokenParams = Schema.Struct({ id: text(1, 64) });

/** `POST /api/test-runs/:id/junit`: test cases the run lacks become items unless `addMissing=false`. */
export const JunitImportQuery = Schema.Struct({
  addMissing: Schema.optionalKey(Schema.Literals(["true", "false", "1", "0"])),
});
export type JunitImportQuery = typeof JunitImportQuery.Type;

/** `POST /api/test-runs/junit?name=…`: a new run, named in the query since the body is the XML file. */
export const JunitNewRunQuery = Schema.Struct({ name: text(1, 200) });
export type JunitNewRunQuery = typeof JunitNewRunQuery.Type;
