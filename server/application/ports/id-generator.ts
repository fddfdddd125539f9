import { Context } from "effect";

/** URL-safe, time-sortable ids (ULID form). */
export class IdGenerator extends Context.Service<
  IdGenerator,
  {
    readonly next: () => string;
  }
>()("medi-test/IdGenerator") {}
