/* global window, document, performance */
// The reference: KaTeX and Mermaid alone on a blank page doing the same work as the preview, typeset
// every formula (renderToString) and draw every diagram (mermaid.render, one after the other as Mermaid
// requires), put the results in the page and let it lay them out. Uses the bundle built from
// bench/preview/run.ts (window.katex, window.mermaid), with the preview's Mermaid settings.
window.bareRun = async function (formulas, diagrams) {
  const started = performance.now();
  const katex = window.katex;
  const mermaid = window.mermaid;
  const root = document.getElementById('root');
  const parts = [];
  for (const f of formulas) {
    parts.push(katex.renderToString(f.source, { displayMode: f.display, throwOnError: false, strict: 'ignore', trust: false, output: 'htmlAndMathml' }));
  }
  const math = document.createElement('div');
  math.innerHTML = parts.join('\n');
  root.append(math);
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', htmlLabels: false, theme: 'default' });
  let drawn = 0;
  for (let i = 0; i < diagrams.length; i++) {
    const { svg } = await mermaid.render('bare-' + i, diagrams[i]);
    const holder = document.createElement('div');
    holder.innerHTML = svg;
    root.append(holder);
    drawn++;
  }
  root.getBoundingClientRect();
  return { ms: performance.now() - started, drawn: drawn, formulas: root.querySelectorAll('.katex').length, at: performance.now() };
};

// The bench puts the work in __bareInput before the page loads; the result lands in __bareResult.
if (window.__bareInput) {
  window.bareRun(window.__bareInput.formulas, window.__bareInput.diagrams).then(function (result) {
    window.__bareResult = result;
  });
}
