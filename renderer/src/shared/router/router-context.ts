import { createContext } from "react";

export interface RouterLocation {
  readonly pathname: string;
  readonly search: string;
}

export interface Router {
  readonly location: RouterLocation;
  readonly navigate: (to: string, options?: { readonly replace?: boolean }) => void;
}

export const RouterContext = createContext<Router | null>(null);
