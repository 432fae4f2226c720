// The experiment's charts as Apache ECharts options (plain JSON): the results screen draws them in the browser
// and the report renders the very same options to PNG on the server (ECharts' SVG server-side rendering), so a
// chart in the report is the chart on screen. No animation: a rendered frame is the final one.
import type { EvalSummary } from '../api/eval';
import { HISTOGRAM_BINS } from './summary';
import { SIZE_BUCKETS } from './size-buckets';

export type ChartOption = Record<string, unknown>;

const BASE = {
  animation: false,
  textStyle: { fontFamily: 'DejaVu Sans, Helvetica, Arial, sans-serif' },
  // Room for two legend rows: a report's PNG cannot page a legend, so every entry is shown.
  grid: { left: 56, right: 40, top: 56, bottom: 104 },
  tooltip: { trigger: 'axis' },
  legend: { bottom: 8, left: 'center', width: '92%' },
};

const seriesName = (engine: string, strategy: string) =>
  engine === 'baseline' ? strategy : `${strategy} · ${engine}`;
const round = (v: number) => Math.round(v * 1000) / 1000;

/** Mean IoU by size bucket, one bar per engine and strategy. */
export function iouByBucketChart(summary: Pick<EvalSummary, 'table'>): ChartOption {
  const keys = [...new Set(summary.table.map((r) => `${r.engine}\u0000${r.strategy}`))];
  return {
    ...BASE,
    title: { text: 'Mean IoU by object size', left: 'center' },
    xAxis: { type: 'category', data: ['all', ...SIZE_BUCKETS] },
    yAxis: { type: 'value', min: 0, max: 1, name: 'mIoU' },
    series: keys.map((key) => {
      const [engine, strategy] = key.split('\u0000') as [string, string];
      return {
        name: seriesName(engine, strategy),
        type: 'bar',
        data: ['all', ...SIZE_BUCKETS].map((bucket) => {
          const row = summary.table.find(
            (r) => r.engine === engine && r.strategy === strategy && r.bucket === bucket,
          );
          return row && row.objects > 0 ? round(row.miou) : null;
        }),
      };
    }),
  };
}

/** How the IoUs spread: objects per IoU bin. */
export function iouHistogramChart(summary: Pick<EvalSummary, 'histograms'>): ChartOption {
  const bins = Array.from(
    { length: HISTOGRAM_BINS },
    (_, i) => `${(i / HISTOGRAM_BINS).toFixed(1)}-${((i + 1) / HISTOGRAM_BINS).toFixed(1)}`,
  );
  return {
    ...BASE,
    title: { text: 'IoU histogram', left: 'center' },
    xAxis: { type: 'category', data: bins, name: 'IoU' },
    yAxis: { type: 'value', name: 'objects', minInterval: 1 },
    series: summary.histograms.map((h) => ({
      name: seriesName(h.engine, h.strategy),
      type: 'bar',
      data: h.bins,
    })),
  };
}

/** mIoU after each corrective click, one line per engine. */
export function clicksChart(summary: Pick<EvalSummary, 'clicks'>): ChartOption {
  const longest = Math.max(0, ...summary.clicks.map((c) => c.miouPerClick.length));
  return {
    ...BASE,
    title: { text: 'mIoU vs clicks', left: 'center' },
    xAxis: {
      type: 'category',
      data: Array.from({ length: longest }, (_, i) => String(i + 1)),
      name: 'clicks',
    },
    yAxis: { type: 'value', min: 0, max: 1, name: 'mIoU' },
    series: summary.clicks.map((c) => ({
      name: c.engine,
      type: 'line',
      data: c.miouPerClick.map(round),
      showSymbol: true,
    })),
  };
}

/** Mean precision against mean recall per engine and strategy (all sizes): where each sits. */
export function precisionRecallChart(summary: Pick<EvalSummary, 'table'>): ChartOption {
  const rows = summary.table.filter((r) => r.bucket === 'all');
  return {
    ...BASE,
    tooltip: { trigger: 'item' },
    title: { text: 'Pixel precision vs recall', left: 'center' },
    xAxis: { type: 'value', min: 0, max: 1, name: 'recall' },
    yAxis: { type: 'value', min: 0, max: 1, name: 'precision' },
    series: rows.map((r) => ({
      name: seriesName(r.engine, r.strategy),
      type: 'scatter',
      symbolSize: 14,
      data: [[round(r.recall), round(r.precision)]],
    })),
  };
}

/** Every chart of an experiment, by the file name the report gives it. */
export function experimentCharts(summary: EvalSummary): Record<string, ChartOption> {
  const charts: Record<string, ChartOption> = {
    'iou-by-size': iouByBucketChart(summary),
    'iou-histogram': iouHistogramChart(summary),
    'precision-recall': precisionRecallChart(summary),
  };
  if (summary.clicks.length) charts['clicks'] = clicksChart(summary);
  return charts;
}
