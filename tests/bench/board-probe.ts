/**
 * Injected into the board page before its scripts run (as a string: it runs in the browser).
 * Wraps EventSource so every `message` handler is timed: event-to-paint is from the event's
 * server timestamp to the first task after the next animation frame (the frame that shows it).
 * Long tasks come from the Long Tasks API.
 */
export const boardProbeScript = `(() => {
  const stats = { events: 0, toPaint: [], longTasks: [], pending: [], scheduled: false };
  window.__boardBench = stats;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) stats.longTasks.push(entry.duration);
    }).observe({ type: "longtask", buffered: true });
  } catch {}
  const afterPaint = () => {
    if (stats.scheduled) return;
    stats.scheduled = true;
    requestAnimationFrame(() => setTimeout(() => {
      const now = Date.now();
      for (const at of stats.pending) stats.toPaint.push(now - at);
      stats.pending = [];
      stats.scheduled = false;
    }, 0));
  };
  const note = (event) => {
    const data = typeof event.data === "string" ? event.data : "";
    const key = data.lastIndexOf('"timestamp":"');
    if (key === -1) return;
    const start = key + 13;
    const at = Date.parse(data.slice(start, data.indexOf('"', start)));
    if (Number.isNaN(at)) return;
    stats.events += 1;
    stats.pending.push(at);
    afterPaint();
  };
  const Native = window.EventSource;
  const wrapped = new WeakMap();
  const wrap = (fn) => {
    if (typeof fn !== "function") return fn;
    let w = wrapped.get(fn);
    if (w === undefined) {
      w = function (event) { const result = fn.call(this, event); note(event); return result; };
      wrapped.set(fn, w);
    }
    return w;
  };
  class BenchEventSource extends Native {
    set onmessage(fn) { super.onmessage = wrap(fn); }
    get onmessage() { return super.onmessage; }
    addEventListener(type, fn, options) { return super.addEventListener(type, type === "message" ? wrap(fn) : fn, options); }
    removeEventListener(type, fn, options) { return super.removeEventListener(type, type === "message" ? wrap(fn) : fn, options); }
  }
  window.EventSource = BenchEventSource;
})();`;

export interface BoardStats {
  readonly events: number;
  readonly toPaint: number[];
  readonly longTasks: number[];
}
