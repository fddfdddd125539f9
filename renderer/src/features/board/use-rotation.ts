import { useEffect, useState } from "react";

/** Index of the page on show; moves every `intervalMs` (0 = never) and stays within `pages`. */
export const useRotation = (pages: number, intervalMs: number): number => {
  const [page, setPage] = useState(0);
  useEffect(() => {
    if (pages <= 1 || intervalMs <= 0) return;
    const timer = setInterval(() => setPage((current) => (current + 1) % pages), intervalMs);
    return () => clearInterval(timer);
  }, [pages, intervalMs]);
  return pages <= 1 ? 0 : page % pages;
};
