import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { loadReadToken } from "./shared/api/read-token.ts";
import "./styles/base.css";
import "./styles/board.css";
import "./styles/tester.css";

const root = document.getElementById("root");
const tabStorage = (): Storage | null => {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
};

if (root !== null) createRoot(root).render(<App readToken={loadReadToken(window.location.search, tabStorage())} />);
