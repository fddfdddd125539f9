import { useContext } from "react";
import { type Router, RouterContext } from "./router-context.ts";

export const useRouter = (): Router => {
  const router = useContext(RouterContext);
  if (router === null) throw new Error("useRouter needs a RouterProvider above it");
  return router;
};
