// Zoom and pan for one diagram: ctrl/cmd + wheel zooms about the pointer, dragging pans, and a small
// toolbar (shown on hover) has +, − and reset. The state object is owned by the caller, so it
// survives the diagram being redrawn (the caller keys it by diagram position).

export interface ZoomState {
  scale: number;
  x: number;
  y: number;
}

export interface ZoomLabels {
  zoomIn: string;
  zoomOut: string;
  resetZoom: string;
}

const minScale = 0.2;
const maxScale = 8;

export function initialZoom(): ZoomState {
  return { scale: 1, x: 0, y: 0 };
}

/**
 * Wraps `content` (the SVG) into a zoomable viewport inside `host`. Returns a function that applies
 * the state again (after the SVG inside was replaced) and the viewport element.
 */
export function attachZoomPan(host: HTMLElement, state: ZoomState, labels: ZoomLabels, onChange: (state: ZoomState) => void): { viewport: HTMLElement; canvas: HTMLElement } {
  const viewport = document.createElement('div');
  viewport.className = 'nl-diagram-viewport';
  const canvas = document.createElement('div');
  canvas.className = 'nl-diagram-canvas';
  viewport.appendChild(canvas);

  const toolbar = document.createElement('div');
  toolbar.className = 'nl-diagram-toolbar';
  const button = (text: string, title: string, action: () => void) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.title = title;
    b.setAttribute('aria-label', title);
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      action();
    });
    toolbar.appendChild(b);
  };
  const apply = () => {
    canvas.style.transform = `translate(${state.x}px, ${state.y}px) scale(${state.scale})`;
    viewport.classList.toggle('nl-zoomed', state.scale !== 1 || state.x !== 0 || state.y !== 0);
  };
  const zoomAt = (factor: number, cx: number, cy: number) => {
    const scale = Math.max(minScale, Math.min(maxScale, state.scale * factor));
    const k = scale / state.scale;
    // Keep the point under (cx, cy) fixed while scaling.
    state.x = cx - (cx - state.x) * k;
    state.y = cy - (cy - state.y) * k;
    state.scale = scale;
    apply();
    onChange(state);
  };
  const center = () => {
    const r = viewport.getBoundingClientRect();
    return [r.width / 2, r.height / 2] as const;
  };
  button('+', labels.zoomIn, () => zoomAt(1.25, ...center()));
  button('−', labels.zoomOut, () => zoomAt(0.8, ...center()));
  button('⟲', labels.resetZoom, () => {
    state.scale = 1;
    state.x = 0;
    state.y = 0;
    apply();
    onChange(state);
  });

  viewport.addEventListener(
    'wheel',
    (e) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      const r = viewport.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY * 0.002), e.clientX - r.left, e.clientY - r.top);
    },
    { passive: false },
  );

  let drag: { px: number; py: number; x: number; y: number } | undefined;
  viewport.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    drag = { px: e.clientX, py: e.clientY, x: state.x, y: state.y };
    viewport.setPointerCapture(e.pointerId);
    viewport.classList.add('nl-dragging');
  });
  viewport.addEventListener('pointermove', (e) => {
    if (!drag) return;
    state.x = drag.x + e.clientX - drag.px;
    state.y = drag.y + e.clientY - drag.py;
    apply();
  });
  const endDrag = (e: PointerEvent) => {
    if (!drag) return;
    const moved = state.x !== drag.x || state.y !== drag.y;
    drag = undefined;
    viewport.releasePointerCapture(e.pointerId);
    viewport.classList.remove('nl-dragging');
    if (moved) onChange(state);
  };
  viewport.addEventListener('pointerup', endDrag);
  viewport.addEventListener('pointercancel', endDrag);

  host.append(toolbar, viewport);
  apply();
  return { viewport, canvas };
}
