import type { DashboardState, DashboardToHost } from '../../src/training/dashboard/protocol';

interface VsCodeApi {
  postMessage(message: DashboardToHost): void;
  getState(): DashboardState | undefined;
  setState(state: DashboardState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** acquireVsCodeApi may be called once per page load. */
export const vscode: VsCodeApi = acquireVsCodeApi();
