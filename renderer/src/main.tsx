import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import "./styles/base.css";
import "./styles/board.css";
import "./styles/tester.css";

const root = document.getElementById("root");
if (root !== null) createRoot(root).render(<App />);
