/// <reference types="vite/client" />
import "@xyflow/react/dist/style.css";
import "./styles/app.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { boot } from "./actions/boot";
import { showProblems } from "./actions/dialogs";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
boot().catch((err: Error) => showProblems("NetLoom could not start", [err.message]));
