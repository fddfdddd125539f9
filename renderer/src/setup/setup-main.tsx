import { createRoot } from "react-dom/client";
import { desktopBridge } from "./desktop-bridge.ts";
import { SetupApp } from "./setup-app.tsx";
import { stringsFor } from "./setup-strings.ts";
import { WaitingView } from "./waiting-view.tsx";
import "./setup.css";

const root = document.getElementById("setup-root");
const params = new URLSearchParams(window.location.search);
const t = stringsFor(navigator.language);
document.documentElement.lang = t === stringsFor("ja") ? "ja" : "en";
const bridge = desktopBridge();

if (root !== null) {
  const view =
    params.get("view") === "waiting" ? (
      <WaitingView t={t} target={params.get("target") ?? ""} />
    ) : bridge === undefined ? (
      <p className="muted">{t.browserOnly}</p>
    ) : (
      <SetupApp bridge={bridge} t={t} />
    );
  createRoot(root).render(view);
}
