/* global window, document, performance, requestAnimationFrame, MutationObserver */
// Stands in for VS Code's webview glue in the benchmark page: acquireVsCodeApi records what the page
// posts (with the page's clock), and deliver() hands the page a host message the way VS Code does (a
// window 'message' event) and resolves once the DOM shows that version and the next frame has run.
(function () {
  const toHost = [];
  let state;
  window.acquireVsCodeApi = function () {
    return {
      postMessage: function (message) {
        toHost.push({ at: performance.now(), message: message });
        // The bench's stand-in host answers 'ready' with the update it prepared (if any) at once.
        if (message.type === 'ready' && window.__pendingUpdate) {
          const pending = window.__pendingUpdate;
          window.__pendingUpdate = undefined;
          setTimeout(function () {
            window.postMessage(pending, '*');
          }, 0);
        }
      },
      getState: function () {
        return state;
      },
      setState: function (next) {
        state = next;
      },
    };
  };

  function nextFrame() {
    return new Promise(function (resolve) {
      requestAnimationFrame(function () {
        setTimeout(resolve, 0);
      });
    });
  }

  window.__bench = {
    toHost: toHost,
    /** Resolves with ms from delivery to the DOM showing `version` and a frame having run after it. */
    deliver: function (message, version) {
      const started = performance.now();
      return new Promise(function (resolve) {
        const done = function () {
          observer.disconnect();
          nextFrame().then(function () {
            resolve(performance.now() - started);
          });
        };
        const observer = new MutationObserver(function () {
          if (document.body.dataset.version === String(version)) done();
        });
        observer.observe(document.body, { attributes: true, attributeFilter: ['data-version'] });
        window.postMessage(message, '*');
      });
    },
  };
})();
