import { Layer } from "effect";
import { randomBytes } from "node:crypto";
import { Clock } from "../../../application/ports/clock.ts";
import { IdGenerator } from "../../../application/ports/id-generator.ts";
import { Effect } from "effect";

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

const encodeTime = (ms: number): string => {
  let out = "";
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = alphabet.charAt(rest % 32) + out;
    rest = Math.floor(rest / 32);
  }
  return out;
};

/**
 * ULIDs: 10 chars of time, 16 of randomness. Within one millisecond the random part is
 * incremented, so ids made by one process sort in creation order.
 */
export const makeUlidGenerator = (now: () => number) => {
  let lastTime = -1;
  const random = new Uint8Array(16);
  return IdGenerator.of({
    next: () => {
      const time = Math.max(now(), lastTime);
      if (time === lastTime) {
        for (let i = 15; i >= 0; i--) {
          const digit = random[i] ?? 0;
          if (digit < 31) {
            random[i] = digit + 1;
            break;
          }
          random[i] = 0;
        }
      } else {
        const bytes = randomBytes(16);
        for (let i = 0; i < 16; i++) random[i] = (bytes[i] ?? 0) % 32;
        random[0] = (random[0] ?? 0) % 16; // headroom so increments never overflow in practice
      }
      lastTime = time;
      let tail = "";
      for (const digit of random) tail += alphabet.charAt(digit);
      return encodeTime(time) + tail;
    },
  });
};

export const UlidGeneratorLive = Layer.effect(
  IdGenerator,
  Effect.gen(function* () {
    const clock = yield* Clock;
    return makeUlidGenerator(clock.now);
  }),
);
