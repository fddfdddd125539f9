import { Schema } from "effect";

export const Comment = Schema.Struct({
  id: Schema.String,
  runId: Schema.String,
  itemId: Schema.NullOr(Schema.String),
  author: Schema.String,
  body: Schema.String,
  createdAt: Schema.String,
});
export type Comment = typeof Comment.Type;
