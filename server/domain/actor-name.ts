/** How a token came to be: issued by an admin, a tester's PIN session, or the lab's own admin token. */
export type TokenKind = "issued" | "session" | "bootstrap";

/** The label a comment by the lab's admin token carries: a role, not a person. */
export const adminAuthorLabel = "admin";

/**
 * The name a write records as who made it (an item's `updatedBy`, which wall tiles list as
 * testers and the feeds show). The lab's admin token (created at first start, or
 * MEDI_TEST_ADMIN_TOKEN) belongs to no one: its writes record no name. Any other token records
 * its display name, so a CI token created as "CI nightly" shows as "CI nightly".
 */
export const recordedActorName = (who: { readonly name: string; readonly kind: TokenKind } | null): string | null =>
  who === null || who.kind === "bootstrap" ? null : who.name;

/** A comment's author: the writer's name, "admin" for the lab's admin token, "anonymous" without a token. */
export const commentAuthor = (who: { readonly name: string; readonly kind: TokenKind } | null): string =>
  who === null ? "anonymous" : (recordedActorName(who) ?? adminAuthorLabel);
