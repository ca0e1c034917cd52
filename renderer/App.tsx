import { ReactFlowProvider } from "@xyflow/react";
import { Canvas } from "./canvas/Canvas";
import { Dialogs } from "./panels/dialogs/Dialogs";
import { Inspector } from "./panels/inspector/Inspector";
import { Notice } from "./panels/Notice";
import { Palette } from "./panels/Palette";
import { Problems } from "./panels/Problems";
import { RestoreBanner } from "./panels/RestoreBanner";
import { StartPage } from "./panels/StartPage";
import { Toolbar } from "./panels/Toolbar";
import { TrainPanel } from "./panels/training/TrainPanel";

/** The editor: toolbar, palette, canvas, inspector, problems and the training dock; the start page over them. */
export function App() {
  return (
    <ReactFlowProvider>
      <div className="nl-app">
        <Toolbar />
        <RestoreBanner />
        <main className="nl-workspace">
          <Palette />
          <div className="nl-center">
            <Canvas />
            <Notice />
            <Problems />
            <TrainPanel />
          </div>
          <Inspector />
          <StartPage />
        </main>
      </div>
      <Dialogs />
    </ReactFlowProvider>
  );
}
