import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { isSameOrigin, makeHostCheck } from "../../../server/http/origin-guard.ts";

describe("makeHostCheck (DNS rebinding guard on admin routes)", () => {
  const isKnown = makeHostCheck([]);

  it.each([
    "127.0.0.1:4310",
    "127.0.0.1",
    "192.168.1.20:4310",
    "10.0.0.7",
    "[::1]:4310",
    "[fe80::1]",
    "localhost:4310",
    "LOCALHOST",
    "wall.localhost:4310",
  ])("accepts %s", (host) => {
    expect(isKnown(host)).toBe(true);
  });

  it("accepts this machine's own name, bare and with .local, in any case", () => {
    const machine = hostname();
    expect(isKnown(`${machine}:4310`)).toBe(true);
    expect(isKnown(machine.toUpperCase())).toBe(true);
    expect(isKnown(`${machine}.local:4310`)).toBe(true);
  });

  it.each([
    "evil.example",
    "evil.example:4310",
    "127.0.0.1.evil.example",
    "localhost.evil.example",
    "192.168.1.20.nip.io:4310",
    "",
  ])("rejects %j", (host) => {
    expect(isKnown(host)).toBe(false);
  });

  it("rejects a request without a Host header", () => {
    expect(isKnown(undefined)).toBe(false);
  });

  it("accepts extra names only when they are configured", () => {
    expect(isKnown("lab-server.corp.example:4310")).toBe(false);
    const withExtra = makeHostCheck(["Lab-Server.corp.example"]);
    expect(withExtra("lab-server.corp.example:4310")).toBe(true);
    expect(withExtra("evil.example")).toBe(false);
  });
});

describe("isSameOrigin (no cross-site writes)", () => {
  it("lets requests without an Origin through (curl, CI jobs): their token is the check", () => {
    expect(isSameOrigin(undefined, "192.168.1.20:4310", [])).toBe(true);
  });

  it("accepts a page served by this server", () => {
    expect(isSameOrigin("http://192.168.1.20:4310", "192.168.1.20:4310", [])).toBe(true);
    expect(isSameOrigin("http://Lab-PC:4310", "lab-pc:4310", [])).toBe(true);
  });

  it("rejects a page from another site or another port", () => {
    expect(isSameOrigin("http://evil.example", "192.168.1.20:4310", [])).toBe(false);
    expect(isSameOrigin("http://192.168.1.20:8080", "192.168.1.20:4310", [])).toBe(false);
    expect(isSameOrigin("http://192.168.1.20", "192.168.1.20:4310", [])).toBe(false);
  });

  it("rejects opaque and malformed origins", () => {
    expect(isSameOrigin("null", "192.168.1.20:4310", [])).toBe(false);
    expect(isSameOrigin("not a url", "192.168.1.20:4310", [])).toBe(false);
  });

  it("rejects an Origin when the Host header is missing", () => {
    expect(isSameOrigin("http://192.168.1.20:4310", undefined, [])).toBe(false);
  });

  it("accepts an origin on the allow list", () => {
    expect(isSameOrigin("http://dashboard.lab:3000", "192.168.1.20:4310", ["http://dashboard.lab:3000"])).toBe(true);
    expect(isSameOrigin("http://dashboard.lab:3001", "192.168.1.20:4310", ["http://dashboard.lab:3000"])).toBe(false);
  });
});
