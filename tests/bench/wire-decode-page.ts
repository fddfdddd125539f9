import { measureDecoding } from "./wire-decode-run.ts";

/** The browser entry of tests/bench/wire-decode.ts: the renderer's decoding, bundled like the renderer. */
Object.assign(globalThis, { measureDecoding });
