import { type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { type Router, RouterContext, type RouterLocation } from "./router-context.ts";

const current = (): RouterLocation => ({ pathname: window.location.pathname, search: window.location.search });

/**
 * History-API routing: the server answers every client route with index.html. `href` maps a path
 * to the address actually used (links and navigation carry the read token this way).
 */
export const RouterProvider = ({
  children,
  href,
}: {
  readonly children: ReactNode;
  readonly href: (to: string) => string;
}) => {
  const [location, setLocation] = useState<RouterLocation>(current);
  useEffect(() => {
    const onPop = () => setLocation(current());
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  const navigate = useCallback(
    (to: string, options?: { readonly replace?: boolean }) => {
      const address = href(to);
      if (options?.replace === true) window.history.replaceState(null, "", address);
      else window.history.pushState(null, "", address);
      setLocation(current());
      window.scrollTo(0, 0);
    },
    [href],
  );
  const router = useMemo<Router>(() => ({ location, navigate, href }), [location, navigate, href]);
  return <RouterContext value={router}>{children}</RouterContext>;
};
