// Loaded by the harness page with the panel's nonce, before dist/webview.js: plays VS Code's part.
// - acquireVsCodeApi(): once per page, like VS Code; postMessage/setState go to the Node test
//   through Playwright bindings (__labToHost, __labSetState); getState returns what the harness
//   embedded as the persisted state (what VS Code would hand back after a reload).
// - body theme class, as VS Code sets it.
// - window.__labTest: small read-only probes the tests call (canvas pixels), so test files need
//   no DOM types.
/* global window, document */
(function () {
  'use strict';
  var boot = window.__LAB_BOOT__ || { state: undefined, themeClass: 'vscode-dark', vars: {} };
  /** As VS Code does on a theme switch: a new body class, and <html>'s variables replaced wholesale. */
  function setTheme(bodyClass, vars) {
    document.body.classList.remove('vscode-dark', 'vscode-light', 'vscode-high-contrast', 'vscode-high-contrast-light');
    document.body.classList.add(bodyClass);
    var style = document.documentElement.style;
    for (var i = style.length - 1; i >= 0; i--) {
      if (style[i].indexOf('--vscode-') === 0) style.removeProperty(style[i]);
    }
    Object.keys(vars).forEach(function (k) { style.setProperty(k, vars[k]); });
  }
  setTheme(boot.themeClass, boot.vars);

  var acquired = false;
  var state = boot.state;
  window.acquireVsCodeApi = function () {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage: function (msg) {
        // VS Code structured-clones messages: anything not cloneable throws here too. It then
        // carries them to the extension host as JSON text (NaN becomes null, undefined fields
        // vanish), and so does this page: one string crosses the Playwright binding.
        window.__labToHost(JSON.stringify(structuredClone(msg)));
      },
      getState: function () {
        return state;
      },
      setState: function (s) {
        state = structuredClone(s);
        window.__labSetState(state);
        return s;
      },
    });
  };

  /**
   * The host's messages arrive as JSON text, as VS Code serializes them (extHostWebview's
   * postMessage), and are posted to the window as the webview's message event.
   */
  window.__labDeliver = function (text) {
    window.postMessage(JSON.parse(text), '*');
  };

  function hexToRgb(hex) {
    var h = hex.replace('#', '');
    if (h.length === 3) h = h.split('').map(function (c) { return c + c; }).join('');
    var n = parseInt(h, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }

  window.__labTest = {
    /** Switches theme as VS Code does: body class, and the variables on <html> (CSSOM, CSP-safe). */
    setTheme: setTheme,
    /** How many pixels of the canvas are within `tol` of each colour (hex), and how many are painted at all. */
    pixelStats: function (testId, colors, tol) {
      var c = document.querySelector('[data-testid="' + testId + '"]');
      if (!c) return null;
      var g = c.getContext('2d');
      var d = g.getImageData(0, 0, c.width, c.height).data;
      var wanted = (colors || []).map(hexToRgb);
      var counts = wanted.map(function () { return 0; });
      var painted = 0;
      var t = tol === undefined ? 24 : tol;
      for (var i = 0; i < d.length; i += 4) {
        if (d[i + 3] < 200) continue;
        painted++;
        for (var k = 0; k < wanted.length; k++) {
          var w = wanted[k];
          if (Math.abs(d[i] - w[0]) <= t && Math.abs(d[i + 1] - w[1]) <= t && Math.abs(d[i + 2] - w[2]) <= t) counts[k]++;
        }
      }
      return { painted: painted, counts: counts, width: c.width, height: c.height };
    },
    /** The bounding box of the pixels within `tol` of `color` (hex), or null when there are none. */
    colorBox: function (testId, color, tol) {
      var c = document.querySelector('[data-testid="' + testId + '"]');
      if (!c) return null;
      var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      var w = hexToRgb(color);
      var box = null;
      for (var i = 0; i < d.length; i += 4) {
        // Scatter points are drawn translucent: count anything clearly painted.
        if (d[i + 3] < 100) continue;
        if (Math.abs(d[i] - w[0]) > tol || Math.abs(d[i + 1] - w[1]) > tol || Math.abs(d[i + 2] - w[2]) > tol) continue;
        var x = (i / 4) % c.width;
        var y = Math.floor(i / 4 / c.width);
        if (!box) box = { left: x, right: x, top: y, bottom: y, width: c.width, height: c.height };
        box.left = Math.min(box.left, x);
        box.right = Math.max(box.right, x);
        box.top = Math.min(box.top, y);
        box.bottom = Math.max(box.bottom, y);
      }
      return box;
    },
    /** A cheap fingerprint of a canvas's pixels, to tell whether a redraw changed it. */
    canvasHash: function (testId) {
      var c = document.querySelector('[data-testid="' + testId + '"]');
      if (!c) return null;
      var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      var h = 2166136261;
      for (var i = 0; i < d.length; i += 4) {
        h ^= d[i] + 3 * d[i + 1] + 7 * d[i + 2] + 11 * d[i + 3];
        h = Math.imul(h, 16777619) >>> 0;
      }
      return h;
    },
  };
})();
