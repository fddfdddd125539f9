import { expect } from "vitest";
import type { TestItem } from "../../server/domain/test-item.ts";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import type { TestLab } from "./lab-server.ts";

/** The PIN the auth tests' labs run with. */
export const testPin = "4321";

/** A token as POST /api/tokens and POST /api/session answer it. */
export interface Issued {
  readonly id: string;
  readonly token: string;
  readonly name: string;
  readonly role: string;
  readonly error?: { readonly code: string; readonly message: string };
}

/** A token made by the admin; fails the test unless it was created. */
export const issueToken = async (l: TestLab, name: string, role: "viewer" | "tester" | "admin"): Promise<Issued> => {
  const response = await l.api<Issued>("POST", "/api/tokens", { name, role });
  expect(response.status).toBe(201);
  return response.body;
};

/** A tester's sign-in with the PIN, sending no token. */
export const signIn = (l: TestLab, name: string, withPin = testPin) =>
  l.api<Issued>("POST", "/api/session", { pin: withPin, name }, { token: null });

export const firstItem = (run: TestRunDetail): TestItem => {
  const item = run.items[0];
  if (item === undefined) throw new Error("run has no items");
  return item;
};
