import { type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { type Router, RouterContext, type RouterLocation } from "./router-context.ts";

const current = (): RouterLocation => ({ pathname: window.location.pathname, search: window.location.search });

/** History-API routing: the server answers every client route with index.html. */
export const RouterProvider = ({ children }: { readonly children: ReactNode }) => {
  const [location, setLocation] = useState<RouterLocation>(current);
  useEffect(() => {
    const onPop = () => setLocation(current());
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  const navigate = useCallback((to: string, options?: { readonly replace?: boolean }) => {
    if (options?.replace === true) window.history.replaceState(null, "", to);
    else window.history.pushState(null, "", to);
    setLocation(current());
    window.scrollTo(0, 0);
  }, []);
  const router = useMemo<Router>(() => ({ location, navigate }), [location, navigate]);
  return <RouterContext value={router}>{children}</RouterContext>;
};
