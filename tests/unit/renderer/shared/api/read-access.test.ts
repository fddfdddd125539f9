import { describe, expect, it } from "vitest";
import {
  type AccessProbe,
  probeReadAccess,
  type ReadAccess,
  streamUrlFor,
} from "../../../../../renderer/src/shared/api/read-access.ts";

/** A lab that answers GET /api/session: `valid` tokens get 200, others 401; anonymous per `open`. */
const labProbe = (open: boolean | null, valid: ReadonlyArray<string>) => {
  const asked: Array<string | null> = [];
  const probe: AccessProbe = async (token) => {
    asked.push(token);
    if (token === null) return open === null ? null : open ? 200 : 401;
    return valid.includes(token) ? 200 : 401;
  };
  return { probe, asked };
};

describe("probeReadAccess", () => {
  it("lets anyone read in an open lab, without putting the tester's token in the stream URL", async () => {
    const lab = labProbe(true, ["tester"]);
    expect(await probeReadAccess(lab.probe, null, "tester")).toEqual({ kind: "granted", streamToken: null });
    expect(lab.asked).toEqual([null]);
  });

  it("reads with the page's read token, or says it is rejected", async () => {
    expect(await probeReadAccess(labProbe(false, ["wall"]).probe, "wall", null)).toEqual({
      kind: "granted",
      streamToken: "wall",
    });
    const lab = labProbe(false, []);
    expect(await probeReadAccess(lab.probe, "revoked", "tester")).toEqual({
      kind: "refused",
      refusal: "read-token-rejected",
    });
    expect(lab.asked).toEqual(["revoked"]);
  });

  it("uses the tester's token where anonymous readers are refused", async () => {
    expect(await probeReadAccess(labProbe(false, ["tester"]).probe, null, "tester")).toEqual({
      kind: "granted",
      streamToken: "tester",
    });
    expect(await probeReadAccess(labProbe(false, []).probe, null, "ended")).toEqual({
      kind: "refused",
      refusal: "session-rejected",
    });
    expect(await probeReadAccess(labProbe(false, []).probe, null, null)).toEqual({
      kind: "refused",
      refusal: "read-token-missing",
    });
  });

  it("has no answer when the server gives none (network, 429, 5xx)", async () => {
    expect(await probeReadAccess(labProbe(null, []).probe, null, null)).toBeNull();
    expect(await probeReadAccess(async () => 429, "wall", null)).toBeNull();
    expect(await probeReadAccess(async (token) => (token === null ? 401 : 503), null, "tester")).toBeNull();
  });
});

describe("streamUrlFor", () => {
  const path = "/api/stream?all=1";
  it("opens at once while checking, with the read token if the page has one", () => {
    const checking: ReadAccess = { kind: "checking" };
    expect(streamUrlFor(path, checking, null)).toBe(path);
    expect(streamUrlFor(path, checking, "wall")).toBe(`${path}&access_token=wall`);
  });

  it("carries the granted token, and opens nothing while refused", () => {
    expect(streamUrlFor(path, { kind: "granted", streamToken: null }, null)).toBe(path);
    expect(streamUrlFor(path, { kind: "granted", streamToken: "tester" }, null)).toBe(`${path}&access_token=tester`);
    expect(streamUrlFor(path, { kind: "refused", refusal: "read-token-missing" }, null)).toBeNull();
  });
});
