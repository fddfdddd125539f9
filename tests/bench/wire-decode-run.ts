import { liveEventsOf, toWireEvent } from "../../renderer/src/shared/live/wire.ts";
import { wireMessages } from "./wire-messages.ts";

/**
 * Times the renderer reading one of the stream's largest messages as a page does: `JSON.parse`,
 * then decoding (`toWireEvent`: the contract's schema) and expanding it into the events a page
 * applies (`liveEventsOf`). The first read is cold (a freshly loaded page meets its first
 * snapshot so); the later ones show a page that has decoded before. Runs in Chromium, bundled
 * (tests/bench/wire-decode.ts).
 */
export interface ReadTiming {
  readonly parseMs: number;
  readonly decodeMs: number;
}

export interface DecodeTiming {
  readonly name: string;
  readonly bytes: number;
  readonly first: ReadTiming;
  /** Medians over the repeats after the first read. */
  readonly warm: ReadTiming;
}

const medianOf = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const readOnce = (name: string, text: string): ReadTiming => {
  const started = performance.now();
  const value: unknown = JSON.parse(text);
  const parsed = performance.now();
  const event = toWireEvent(value);
  if (event === null) throw new Error(`${name}: the renderer refused the message`);
  if (liveEventsOf(event).length === 0) throw new Error(`${name}: nothing to apply`);
  return { parseMs: parsed - started, decodeMs: performance.now() - parsed };
};

export const messageNames: ReadonlyArray<string> = wireMessages.map((message) => message.name);

export const measureDecoding = (name: string, repeats: number): DecodeTiming => {
  const message = wireMessages.find((candidate) => candidate.name === name);
  if (message === undefined) throw new Error(`no message ${name}`);
  const text = message.text();
  const first = readOnce(name, text);
  const later = Array.from({ length: repeats }, () => readOnce(name, text));
  return {
    name,
    bytes: text.length,
    first,
    warm: {
      parseMs: medianOf(later.map((read) => read.parseMs)),
      decodeMs: medianOf(later.map((read) => read.decodeMs)),
    },
  };
};
