// One Apache ECharts chart in the page: the options come as they are (shared/eval/charts.ts builds them, the
// report renders the same ones to PNG), drawn with the SVG renderer and only the parts the experiment charts
// use, so the bundle carries no more of ECharts than that. The look follows the studio's theme (colours read
// from its CSS tokens), and the chart follows its panel's size.
import { useEffect, useRef } from 'react';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { init, registerTheme, use as installParts, type ECharts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartOption } from '../../../shared/eval/charts';
import { useApp } from '../state/app';

installParts([
  BarChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  SVGRenderer,
]);

/** Series colours that stay apart on both themes. */
const PALETTE = ['#6b7cff', '#3fb97a', '#e3a23b', '#f0605a', '#b48cff', '#2fb6c8', '#ff8fb1', '#9aa3af'];

/** An ECharts theme from the studio's tokens as the page has them now. */
function studioTheme(): Record<string, unknown> {
  const css = getComputedStyle(document.documentElement);
  const token = (name: string) => css.getPropertyValue(name).trim();
  const axis = {
    axisLine: { lineStyle: { color: token('--border-strong') } },
    axisTick: { lineStyle: { color: token('--border-strong') } },
    axisLabel: { color: token('--text-2') },
    splitLine: { lineStyle: { color: token('--border') } },
    nameTextStyle: { color: token('--text-3') },
  };
  return {
    color: PALETTE,
    backgroundColor: 'transparent',
    textStyle: { color: token('--text-2') },
    title: { textStyle: { color: token('--text-1'), fontSize: 14, fontWeight: 600 } },
    legend: {
      textStyle: { color: token('--text-2') },
      pageTextStyle: { color: token('--text-2') },
      pageIconColor: token('--text-2'),
      pageIconInactiveColor: token('--text-3'),
    },
    tooltip: {
      backgroundColor: token('--bg-2'),
      borderColor: token('--border-strong'),
      textStyle: { color: token('--text-1') },
    },
    categoryAxis: axis,
    valueAxis: axis,
  };
}

export function EChart(props: { option: ChartOption; label: string; height?: number; testId?: string }) {
  const { option, label, height = 300, testId } = props;
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const latest = useRef(option);
  const theme = useApp((s) => s.settings?.theme ?? 'dark');

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let made: ECharts | null = null;
    // A frame later: the app applies a theme change to <html> in its own effect, after this one.
    const frame = requestAnimationFrame(() => {
      const name = `visprompt-${theme}`;
      registerTheme(name, studioTheme());
      made = init(el, name, { renderer: 'svg' });
      made.setOption(latest.current, { notMerge: true });
      chart.current = made;
    });
    const resize = new ResizeObserver(() => chart.current?.resize());
    resize.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      resize.disconnect();
      made?.dispose();
      chart.current = null;
    };
  }, [theme]);

  useEffect(() => {
    latest.current = option;
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div ref={box} className="echart" style={{ height }} role="img" aria-label={label} data-testid={testId} />
  );
}
