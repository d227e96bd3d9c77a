/**
 * The widget's main-thread time on a host page's load, read from a Chromium trace (DevTools
 * protocol, `Tracing` with the devtools.timeline and v8 categories), for bench/widget.bench.ts.
 *
 * The host page (`hostPage`) loads widget.js as a module in its head and has its own content laid
 * out by its own inline script before the module runs (as any real page has its own layout to do),
 * so that what the renderer's main thread does from the widget's module onwards is the widget's:
 *
 *   script  the module's compile and evaluation on the main thread (v8.compileModule and
 *           v8.evaluateModule of widget.js: the element's definition, its constructor and
 *           connectedCallback run inside it), and every later call into widget.js (its two
 *           animation-frame callbacks that check the launcher's placement);
 *   render  style, layout, pre-paint, paint, layerize and commit from then until the launcher has
 *           been painted and two more frames have passed. The frame's paint also repaints the host's
 *           few elements, so this is an upper bound of the launcher's own.
 *
 * Overlapping events (a layout forced inside a widget callback) are counted once: the figure is
 * the length of the union of those events' intervals on the main thread.
 */
import type { Browser } from 'playwright-core';

/** A host page: its own content, laid out by its own script, then the widget. */
export function hostPage(widgetUrl: string): string {
  const paragraphs = Array.from(
    { length: 20 },
    (_, i) => `<p>Paragraph ${i + 1} of the host page, an LMS admin screen with its own text and layout.</p>`,
  ).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host page</title>
<script type="module" src="${widgetUrl}"></script></head>
<body><header><nav><a href="#">Home</a> <a href="#">Courses</a></nav></header><main><h1>Upload users</h1>${paragraphs}</main>
<helpway-widget site="demo"></helpway-widget>
<script>document.body.offsetHeight</script></body></html>`;
}

export interface MainThreadTimes {
  /** The widget's script on the main thread, ms. */
  script: number;
  /** Style, layout and paint from the widget's evaluation to the launcher painted (+2 frames), ms. */
  render: number;
  total: number;
}

/**
 * Both clocks of the trace: `cpu` is the main thread's own CPU time (the events' thread
 * durations), which other processes on a busy machine do not inflate but which CPU throttling
 * does not slow either; `wall` is elapsed time, which throttling slows and a busy machine inflates.
 */
export interface MainThreadSample {
  cpu: MainThreadTimes;
  wall: MainThreadTimes;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) clock: start and duration. */
  tts?: number;
  tdur?: number;
  args?: { name?: string; fileName?: string; data?: { url?: string } };
}

const RENDERING = new Set(['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit']);

/** Length (µs) of the union of [start, end) intervals. */
function unionLength(intervals: Array<[number, number]>): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [start, end] = [-Infinity, -Infinity];
  for (const [s, e] of sorted) {
    if (s > end) {
      if (end > start) total += end - start;
      [start, end] = [s, e];
    } else end = Math.max(end, e);
  }
  if (end > start) total += end - start;
  return total;
}

/**
 * Loads `pageUrl` in a fresh browser context (nothing cached) with the CPU slowed `throttle` times,
 * traces it until the launcher has painted (or, with `launcher: false`, a page whose widget.js
 * draws nothing, until its first frame), then two more frames, and returns the main-thread time
 * from widget.js on.
 */
export async function traceHostLoad(browser: Browser, pageUrl: string, throttle = 1, { launcher = true } = {}): Promise<MainThreadSample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    if (throttle !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (e: { value: object[] }) => events.push(...(e.value as TraceEvent[])));
    const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.start', {
      traceConfig: { includedCategories: ['devtools.timeline', 'v8', 'disabled-by-default-devtools.timeline'] },
      transferMode: 'ReportEvents',
    });
    await page.goto(pageUrl);
    // The launcher on screen, then two more frames (the widget's placement check runs in them).
    await page.evaluate(
      (waitForLauncher) =>
        new Promise<void>((resolve) => {
          const frames = (n: number) => (n ? requestAnimationFrame(() => frames(n - 1)) : resolve());
          const poll = () => {
            const launcher = document.querySelector('helpway-widget')?.shadowRoot?.querySelector('.launcher');
            if (!waitForLauncher || (launcher && launcher.getBoundingClientRect().width > 0)) frames(3);
            else requestAnimationFrame(poll);
          };
          poll();
        }),
      launcher,
    );
    await cdp.send('Tracing.end');
    await complete;
    return attribute(events);
  } finally {
    await context.close();
  }
}

function attribute(events: TraceEvent[]): MainThreadSample {
  const isWidget = (e: TraceEvent) => (e.args?.data?.url ?? e.args?.fileName ?? '').endsWith('/widget.js');
  // The renderer's main thread is the one that compiled widget.js.
  const compile = events.find((e) => e.ph === 'X' && e.name === 'v8.compileModule' && isWidget(e));
  if (!compile) throw new Error('no compile of widget.js in the trace');
  const onMain = events.filter((e) => e.ph === 'X' && e.pid === compile.pid && e.tid === compile.tid && e.dur !== undefined);
  // The page has one module script, the widget: its evaluation is the one after its compile.
  const evaluate = onMain.find((e) => e.name === 'v8.evaluateModule' && e.ts >= compile.ts);
  if (!evaluate) throw new Error('no evaluation of widget.js in the trace');
  const scriptEvents = [compile, evaluate, ...onMain.filter((e) => e.name === 'FunctionCall' && isWidget(e))];
  const renderEvents = onMain.filter((e) => RENDERING.has(e.name) && e.ts >= evaluate.ts);
  const times = (interval: (e: TraceEvent) => [number, number] | null): MainThreadTimes => {
    const spans = (list: TraceEvent[]) => list.map(interval).filter((x): x is [number, number] => x !== null);
    const script = unionLength(spans(scriptEvents)) / 1000;
    const total = unionLength(spans([...scriptEvents, ...renderEvents])) / 1000;
    return { script, render: total - script, total };
  };
  return {
    wall: times((e) => [e.ts, e.ts + e.dur!]),
    // Chromium gives the main thread's events a thread clock; one without it is left out of `cpu`.
    cpu: times((e) => (e.tts !== undefined && e.tdur !== undefined ? [e.tts, e.tts + e.tdur] : null)),
  };
}
