/** Which origins each window (by webContents id) may navigate to; an unknown window: none. */
export const makeOriginRegistry = () => {
  const allowed = new Map<number, ReadonlyArray<string>>();
  return {
    allow: (contentsId: number, origins: ReadonlyArray<string>): void => {
      allowed.set(contentsId, [...origins]);
    },
    allowed: (contentsId: number): ReadonlyArray<string> => allowed.get(contentsId) ?? [],
    forget: (contentsId: number): void => {
      allowed.delete(contentsId);
    },
  };
};

export type OriginRegistry = ReturnType<typeof makeOriginRegistry>;
