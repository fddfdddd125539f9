import { useEffect, useState } from "react";

/** Eight positions around the origin; one per hour, so static edges never sit on the same pixels. */
const offsets: ReadonlyArray<readonly [number, number]> = [
  [0, 0],
  [3, 0],
  [3, 3],
  [0, 3],
  [-3, 3],
  [-3, 0],
  [-3, -3],
  [0, -3],
];

const offsetAt = (ms: number): readonly [number, number] =>
  offsets[Math.floor(ms / 3_600_000) % offsets.length] ?? [0, 0];

/** The layout's offset in board units for this hour (burn-in protection on OLED and plasma walls). */
export const useBurnInShift = (): readonly [number, number] => {
  const [offset, setOffset] = useState(() => offsetAt(Date.now()));
  useEffect(() => {
    const timer = setInterval(() => setOffset(offsetAt(Date.now())), 60_000);
    return () => clearInterval(timer);
  }, []);
  return offset;
};
