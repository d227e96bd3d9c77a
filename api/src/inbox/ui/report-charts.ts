/**
 * The Reports page's charts, drawn with uPlot (canvas; chosen by bytes and render time, see
 * docs/architecture.md). Only the Reports page imports this module, so uPlot ships in that page's
 * chunk and nowhere else. Each chart is one call; colours come from the page (light, dark or print).
 */
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { unsafeCSS } from 'lit';

/** uPlot's own stylesheet, for the shadow root the charts are drawn in (a constructable sheet: CSP-safe). */
export const chartStyles = unsafeCSS(uplotCss);

export interface Palette {
  text: string;
  grid: string;
  series: string[];
}

export interface SeriesSpec {
  label: string;
  values: Array<number | null>;
  kind: 'line' | 'bars';
  /** A dash pattern, so lines differ by more than colour. */
  dash?: number[];
}

export interface ChartSpec {
  /** Unix seconds (time axis) or 0..n-1 with `labels` (one category each). */
  x: number[];
  labels?: string[];
  series: SeriesSpec[];
  yLabel: string;
  yRange?: [number, number];
}

const HEIGHT = 240;

/** Draws `spec` into `el` (emptied first); the caller keeps the chart to destroy it before drawing again. */
export function drawChart(el: HTMLElement, spec: ChartSpec, palette: Palette): uPlot {
  el.replaceChildren();
  const labels = spec.labels;
  const axis = { stroke: palette.text, grid: { stroke: palette.grid, width: 1 }, ticks: { stroke: palette.grid, width: 1 } };
  const bars = uPlot.paths.bars!({ size: [0.6, 48] });
  return new uPlot(
    {
      width: Math.max(320, el.clientWidth || 640),
      height: HEIGHT,
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: labels ? { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] } : { time: true },
        y: spec.yRange ? { range: spec.yRange } : { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
      },
      axes: [
        labels ? { ...axis, splits: () => spec.x, values: (_u, splits) => splits.map((i) => labels[i] ?? '') } : axis,
        { ...axis, label: spec.yLabel, size: 60 },
      ],
      series: [
        {},
        ...spec.series.map((s, i) => {
          const color = palette.series[i % palette.series.length];
          return s.kind === 'bars'
            ? { label: s.label, stroke: color, fill: color, paths: bars, points: { show: false } }
            : { label: s.label, stroke: color, width: 2, dash: s.dash, points: { show: true, size: 5, fill: color } };
        }),
      ],
    },
    [spec.x, ...spec.series.map((s) => s.values)] as uPlot.AlignedData,
    el,
  );
}
