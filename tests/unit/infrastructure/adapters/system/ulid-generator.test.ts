import { Effect, Layer } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Clock } from "../../../../../server/application/ports/clock.ts";
import { IdGenerator } from "../../../../../server/application/ports/id-generator.ts";
import {
  makeUlidGenerator,
  UlidGeneratorLive,
} from "../../../../../server/infrastructure/adapters/system/ulid-generator.ts";

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const ulidShape = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The millisecond time in the first 10 characters. */
const timeOf = (id: string): number => [...id.slice(0, 10)].reduce((ms, c) => ms * 32 + crockford.indexOf(c), 0);

const t0 = Date.UTC(2026, 10, 29, 14, 3, 12, 345);

describe("makeUlidGenerator", () => {
  it("makes 26 Crockford base-32 characters carrying the clock's millisecond", () => {
    const id = makeUlidGenerator(() => t0).next();
    expect(id).toMatch(ulidShape);
    expect(timeOf(id)).toBe(t0);
  });

  it("is unique and strictly increasing within one millisecond of a fixed clock", () => {
    const ids = makeUlidGenerator(() => t0);
    const made = Array.from({ length: 5_000 }, () => ids.next());
    expect(new Set(made).size).toBe(made.length);
    for (let i = 1; i < made.length; i++) expect((made[i] ?? "") > (made[i - 1] ?? "")).toBe(true);
    for (const id of made) {
      expect(id).toMatch(ulidShape);
      expect(timeOf(id)).toBe(t0);
    }
  });

  it("sorts by time across milliseconds, as text", () => {
    let now = t0;
    const ids = makeUlidGenerator(() => now);
    const first = ids.next();
    now += 1;
    const second = ids.next();
    now += 86_400_000;
    const third = ids.next();
    expect([third, first, second].sort()).toEqual([first, second, third]);
  });

  it("stays increasing when the clock steps back (NTP correction)", () => {
    let now = t0;
    const ids = makeUlidGenerator(() => now);
    const before = ids.next();
    now -= 5_000;
    const after = ids.next();
    expect(after > before).toBe(true);
    expect(timeOf(after)).toBe(t0);
  });

  it("is strictly increasing for any sequence of clock readings", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: t0 - 1_000, max: t0 + 1_000 }), { minLength: 1, maxLength: 300 }),
        (readings) => {
          let i = 0;
          const ids = makeUlidGenerator(() => readings[i++ % readings.length] ?? t0);
          const made = readings.map(() => ids.next());
          for (const id of made) expect(id).toMatch(ulidShape);
          for (let k = 1; k < made.length; k++) expect((made[k] ?? "") > (made[k - 1] ?? "")).toBe(true);
        },
      ),
    );
  });

  it("two generators on the same millisecond do not collide", () => {
    const a = makeUlidGenerator(() => t0);
    const b = makeUlidGenerator(() => t0);
    const made = new Set<string>();
    for (let i = 0; i < 1_000; i++) {
      made.add(a.next());
      made.add(b.next());
    }
    expect(made.size).toBe(2_000);
  });
});

describe("UlidGeneratorLive", () => {
  it("takes its time from the Clock service", () => {
    const layer = UlidGeneratorLive.pipe(Layer.provide(Layer.succeed(Clock, Clock.of({ now: () => t0 }))));
    const id = Effect.runSync(
      Effect.provide(
        IdGenerator.useSync((ids) => ids.next()),
        layer,
      ),
    );
    expect(timeOf(id)).toBe(t0);
  });
});
