import { Context } from "effect";
import type { StreamEvent } from "../../../domain/stream-event.ts";

/**
 * This process's hub topics, for whoever decides what reaches them: in scale-out mode the relay
 * (adapters/relay/), which hands them every committed event of every instance once, in seq order.
 * `deliver` is synchronous: each event reaches every topic before the next one does.
 */
export class LocalTopics extends Context.Service<
  LocalTopics,
  {
    readonly deliver: (events: ReadonlyArray<StreamEvent>) => void;
  }
>()("medi-test/LocalTopics") {}
