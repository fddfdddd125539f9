import { useEffect, useState } from "react";
import type { Strings } from "./setup-strings.ts";

/** What a wall shows while its board cannot load: never a browser error page, never a frozen board. */
export const WaitingView = ({ t, target }: { readonly t: Strings; readonly target: string }) => {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <main className="waiting">
      <h1>{t.waitingTitle}</h1>
      <p className="target">{target}</p>
      <p>{t.waitingBody}</p>
      <p className="clock">{now.toLocaleTimeString()}</p>
    </main>
  );
};
