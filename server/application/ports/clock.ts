import { Context } from "effect";

/** Server time. A port so tests can pin it; boards show times in server time. */
export class Clock extends Context.Service<
  Clock,
  {
    /** Milliseconds since the epoch. */
    readonly now: () => number;
  }
>()("medi-test/Clock") {}
