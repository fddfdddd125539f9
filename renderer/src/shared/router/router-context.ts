import { createContext } from "react";

export interface RouterLocation {
  readonly pathname: string;
  readonly search: string;
}

export interface Router {
  readonly location: RouterLocation;
  readonly navigate: (to: string, options?: { readonly replace?: boolean }) => void;
  /** The address a link to `to` carries (with the read token, when the page has one). */
  readonly href: (to: string) => string;
}

export const RouterContext = createContext<Router | null>(null);
