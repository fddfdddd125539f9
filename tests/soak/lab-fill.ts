import type { BenchServer } from "../bench/bench-server.ts";

/** Runs several requests at once, each from `make(i)`, and fails on the first non-2xx answer. */
export const inParallel = async (
  count: number,
  concurrency: number,
  make: (index: number) => Promise<Response>,
): Promise<void> => {
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= count) return;
      const response = await make(index);
      if (!response.ok) throw new Error(`request ${index} failed: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
};

export const adminHeaders = (server: BenchServer) => ({
  authorization: `Bearer ${server.adminToken}`,
  "content-type": "application/json",
});

/**
 * A lab with `runs` active runs of `items` items each, through the public API: each run gets a
 * bulk result for most of its items (some failed, by a named tester), as a CI job would post.
 */
export const fillLab = async (server: BenchServer, runs: number, items: number): Promise<void> => {
  const headers = adminHeaders(server);
  await inParallel(runs, 8, async (r) => {
    const body = {
      name: `Bench ${String(r + 1).padStart(5, "0")} · firmware 2.${r % 10}`,
      labels: { build: `2.${r % 10}.${r}`, bench: `B${r % 12}` },
      items: Array.from({ length: items }, (_, i) => ({
        title: `Case ${i} of the ${r % 7 === 0 ? "radio" : "display"} suite`,
        section: `Area ${i % 6}/Part ${i % 3}`,
        key: `case.${i}`,
      })),
    };
    const created = await fetch(`${server.url}/api/test-runs`, { method: "POST", headers, body: JSON.stringify(body) });
    if (!created.ok) return created;
    const run = (await created.json()) as { id: string };
    const done = Math.floor(items * 0.7);
    const results = Array.from({ length: done }, (_, i) => ({
      key: `case.${i}`,
      status: i % 17 === 3 ? "failed" : "passed",
      ...(i % 17 === 3 ? { note: `measured ${-80 - (i % 13)} dBm` } : {}),
    }));
    return fetch(`${server.url}/api/test-runs/${run.id}/results`, {
      method: "POST",
      headers,
      body: JSON.stringify({ results }),
    });
  });
};

/** The first SSE message of a stream: its size in bytes and the milliseconds until it was whole. */
export const firstMessage = async (url: string): Promise<{ bytes: number; ms: number; type: string }> => {
  const started = performance.now();
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  if (response.body === null || !response.ok) throw new Error(`stream answered ${response.status}`);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let previousLast = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error("stream ended before its first message");
    chunks.push(value);
    size += value.length;
    // A message ends with a blank line: look for it only in the new bytes (and across the seam).
    const seam = previousLast === 10 && value[0] === 10;
    previousLast = value[value.length - 1] ?? 0;
    if (!seam && Buffer.from(value.buffer, value.byteOffset, value.length).indexOf("\n\n") < 0) continue;
    const text = Buffer.concat(chunks).toString("utf8");
    const start = text.indexOf("\ndata: ");
    const end = start < 0 ? -1 : text.indexOf("\n\n", start);
    if (end > 0) {
      controller.abort();
      const line = text.slice(start + 7, end);
      const type = (JSON.parse(line) as { type: string }).type;
      return { bytes: Buffer.byteLength(line), ms: performance.now() - started, type };
    }
    if (size > 512 * 1024 * 1024) throw new Error("first message over 512 MB");
  }
};

/** Polls /api/health every `everyMs` until stopped; reports the slowest answer. */
export const watchHealth = (server: BenchServer, everyMs = 100) => {
  let worst = 0;
  let count = 0;
  let failures = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      try {
        // A fresh connection each time, so a check never waits behind another request.
        const response = await fetch(`${server.url}/api/health`, {
          signal: AbortSignal.timeout(30_000),
          headers: { connection: "close" },
        });
        await response.arrayBuffer();
        if (!response.ok) failures += 1;
      } catch {
        failures += 1;
      }
      const took = performance.now() - started;
      if (process.env.MEDI_TEST_SOAK_TRACE === "1")
        process.stdout.write(`health ${Math.round(started)} took ${Math.round(took)} ms\n`);
      worst = Math.max(worst, took);
      count += 1;
      await new Promise((done) => setTimeout(done, Math.max(0, everyMs - took)));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return { worstMs: worst, checks: count, failures };
    },
  };
};
