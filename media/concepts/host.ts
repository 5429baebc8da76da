import type { ConceptsToHost, HostToConcepts } from '../../src/preview/concepts/protocol';

/** What the view keeps across reloads (it is re-created whenever it is hidden and shown again). */
export interface ConceptsViewState {
  filter: 'all' | 'diagrams' | 'formulas';
  scrollY?: number;
}

interface VsCodeApi {
  postMessage(message: ConceptsToHost): void;
  getState(): ConceptsViewState | undefined;
  setState(state: ConceptsViewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** Typed access to the host; acquireVsCodeApi may be called once per page load. */
export class Host {
  private readonly api = acquireVsCodeApi();
  private state: ConceptsViewState = this.api.getState() ?? { filter: 'all' };

  post(message: ConceptsToHost): void {
    this.api.postMessage(message);
  }

  onMessage(handler: (message: HostToConcepts) => void): void {
    window.addEventListener('message', (event: MessageEvent<HostToConcepts>) => {
      if (event.data && typeof event.data === 'object' && 'type' in event.data) handler(event.data);
    });
  }

  getState(): ConceptsViewState {
    return this.state;
  }

  updateState(patch: Partial<ConceptsViewState>): void {
    this.state = { ...this.state, ...patch };
    this.api.setState(this.state);
  }
}
