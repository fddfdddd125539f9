import { Layer } from "effect";
import { Clock } from "../../../application/ports/clock.ts";

export const SystemClockLive = Layer.succeed(Clock, Clock.of({ now: () => Date.now() }));
