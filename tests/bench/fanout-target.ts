/** A server that fans events out over SSE, as the fan-out scenarios drive it. */
export interface FanoutTarget {
  readonly name: string;
  /** How its stream carries the seq (see LoadClientOptions.seqSource). */
  readonly seqSource: "id" | "data";
  readonly runs: number;
  readonly streamUrl: (run: number) => string;
  /** Publishes event n on run n % runs; resolves true when the server acknowledged it. */
  readonly publish: (n: number) => Promise<boolean>;
  /** The process that does the work (nginx: its one worker). */
  readonly pid: () => number;
  readonly cpuSeconds: () => number;
  readonly rssBytes: () => number;
  readonly pssBytes: () => number;
  readonly stop: () => Promise<void>;
}
