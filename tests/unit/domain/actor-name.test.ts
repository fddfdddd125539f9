import { describe, expect, it } from "vitest";
import { commentAuthor, recordedActorName } from "../../../server/domain/actor-name.ts";

describe("recordedActorName", () => {
  it("records a token's display name", () => {
    expect(recordedActorName({ name: "CI nightly", kind: "issued" })).toBe("CI nightly");
    expect(recordedActorName({ name: "Aiko", kind: "session" })).toBe("Aiko");
  });

  it("records no name for the lab's admin token (first start, or MEDI_TEST_ADMIN_TOKEN)", () => {
    expect(recordedActorName({ name: "admin (first start)", kind: "bootstrap" })).toBeNull();
    expect(recordedActorName({ name: "admin", kind: "bootstrap" })).toBeNull();
  });

  it("records no name without a token", () => {
    expect(recordedActorName(null)).toBeNull();
  });
});

describe("commentAuthor", () => {
  it("is the writer's name, 'admin' for the lab's admin token, 'anonymous' without a token", () => {
    expect(commentAuthor({ name: "CI nightly", kind: "issued" })).toBe("CI nightly");
    expect(commentAuthor({ name: "admin (first start)", kind: "bootstrap" })).toBe("admin");
    expect(commentAuthor(null)).toBe("anonymous");
  });
});
