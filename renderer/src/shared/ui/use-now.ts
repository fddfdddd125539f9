import { useEffect, useState } from "react";

/** This machine's time, refreshed every `intervalMs` (clocks, "12s ago" labels). */
export const useNow = (intervalMs = 1_000): number => {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
};
