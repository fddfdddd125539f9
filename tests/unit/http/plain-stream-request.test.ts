import { describe, expect, it } from "vitest";
import { plainStreamRequest, type RawStreamRequest } from "../../../server/http/sse/plain-stream-request.ts";

const get = (url: string, headers: RawStreamRequest["headers"] = { host: "lab:8080" }): RawStreamRequest => ({
  method: "GET",
  url,
  httpVersion: "1.1",
  headers,
});

describe("plainStreamRequest: which stream GETs are taken before Fastify", () => {
  it("reads a run's stream and the multiplexed stream with their query, as Fastify would", () => {
    expect(plainStreamRequest(get("/api/test-runs/01JABCDEF_x-1/stream"))).toEqual({
      route: "run",
      params: { id: "01JABCDEF_x-1" },
      query: {},
    });
    expect(plainStreamRequest(get("/api/stream?runs=a,b&lastEventId=42&access_token=mt_Ab-9_z"))).toEqual({
      route: "runs",
      query: { runs: "a,b", lastEventId: "42", access_token: "mt_Ab-9_z" },
    });
    expect(plainStreamRequest(get("/api/stream?all=1"))).toEqual({ route: "runs", query: { all: "1" } });
    // A key without a value reads as "" (the route's schema answers it).
    expect(plainStreamRequest(get("/api/stream?all"))).toEqual({ route: "runs", query: { all: "" } });
    expect(plainStreamRequest({ ...get("/api/stream?all=1", {}), httpVersion: "1.0" })).toEqual({
      route: "runs",
      query: { all: "1" },
    });
  });

  it.each([
    ["HEAD", "/api/stream?all=1"],
    ["POST", "/api/stream?all=1"],
    ["GET", "/api/stream/?all=1"],
    ["GET", "/api/Stream?all=1"],
    ["GET", "/api/test-runs//stream"],
    ["GET", "/api/test-runs/a%20b/stream"],
    ["GET", `/api/test-runs/${"x".repeat(65)}/stream`],
    ["GET", "/api/test-runs/a/b/stream"],
    ["GET", "/api/stream?runs=a%2Cb"],
    ["GET", "/api/stream?runs=a+b"],
    ["GET", "/api/stream?runs=a&runs=b"],
    ["GET", "/api/stream?all=1&&runs=a"],
    ["GET", "/api/stream?all=1&other=2"],
    ["GET", "/api/stream?__proto__=1"],
    ["GET", "/api/stream?all=1#x"],
    ["GET", "/api/health"],
  ])("leaves %s %s to Fastify", (method, url) => {
    expect(plainStreamRequest({ ...get(url), method })).toBeUndefined();
  });

  it("leaves a request without Host (HTTP/1.1) or with an Expect header to Fastify's own answers", () => {
    expect(plainStreamRequest(get("/api/stream?all=1", {}))).toBeUndefined();
    expect(plainStreamRequest(get("/api/stream?all=1", { host: "" }))).toBeUndefined();
    expect(plainStreamRequest(get("/api/stream?all=1", { host: "lab", expect: "100-continue" }))).toBeUndefined();
  });
});
