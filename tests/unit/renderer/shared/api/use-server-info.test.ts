import { describe, expect, it } from "vitest";
import { parseServerInfo, shareOrigin } from "../../../../../renderer/src/shared/api/use-server-info.ts";

const at = (href: string) => {
  const url = new URL(href);
  return { origin: url.origin, hostname: url.hostname };
};

const info = { labName: "LAB 3", lanUrls: ["http://192.168.1.20:4310", "http://10.0.0.5:4310"] };

describe("parseServerInfo", () => {
  it("reads the lab name and LAN addresses of GET /api/health", () => {
    expect(
      parseServerInfo({ status: "ok", labName: "LAB 3", lanUrls: ["http://192.168.1.20:4310"], heartbeatMs: 15_000 }),
    ).toEqual({
      labName: "LAB 3",
      lanUrls: ["http://192.168.1.20:4310"],
    });
  });

  it("falls back to no name and no addresses for anything malformed", () => {
    for (const body of [null, undefined, "ok", 42, [], {}, { labName: 3, lanUrls: "http://x" }]) {
      expect(parseServerInfo(body)).toEqual({ labName: "", lanUrls: [] });
    }
    expect(parseServerInfo({ labName: "L", lanUrls: ["http://a:1", 7, null, "http://b:2"] })).toEqual({
      labName: "L",
      lanUrls: ["http://a:1", "http://b:2"],
    });
  });
});

describe("shareOrigin", () => {
  it("uses the first LAN address when the page was opened on the lab PC itself", () => {
    for (const href of [
      "http://127.0.0.1:4310/board",
      "http://127.1.2.3:4310/board",
      "http://localhost:4310/board",
      "http://[::1]:4310/board",
    ]) {
      expect(shareOrigin(at(href), info), href).toBe("http://192.168.1.20:4310");
    }
  });

  it("uses the page's own origin when it was opened by an address others can reach", () => {
    for (const href of [
      "http://192.168.1.20:4310/board",
      "http://lab-pc.local:4310/board",
      "https://medi.example.org/board",
      "http://[fe80::1]:4310/",
    ]) {
      expect(shareOrigin(at(href), info), href).toBe(new URL(href).origin);
    }
  });

  it("keeps the page's origin when the server names no LAN address", () => {
    expect(shareOrigin(at("http://localhost:4310/board"), { labName: "", lanUrls: [] })).toBe("http://localhost:4310");
  });
});
