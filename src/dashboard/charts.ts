/**
 * Chart geometry for server-rendered SVG (views/partials/bar-chart.hbs, share-bar.hbs).
 * Pure functions: numbers in, coordinates out; the templates only place them, so every
 * label passes through Handlebars' escaping.
 */

export interface BarSeries {
  name: string;
  /** CSS class that colours the series (see app.css: .series-0, .series-1…). */
  className: string;
}

export interface BarGroup {
  label: string;
  values: number[];
  /** Printed above each bar, e.g. "12.30万". */
  valueLabels: string[];
}

export interface BarChart {
  width: number;
  height: number;
  plotTop: number;
  plotBottom: number;
  bars: { x: number; y: number; w: number; h: number; className: string; title: string; label: string; labelX: number; labelY: number }[];
  groupLabels: { x: number; y: number; text: string }[];
  legend: { x: number; y: number; className: string; name: string }[];
}

const WIDTH = 640;
const HEIGHT = 260;
const TOP = 34;
const BOTTOM = 36;
const SIDE = 12;

/** Grouped vertical bars, scaled to the largest value (an all-zero chart draws no bars). */
export function barChart(groups: BarGroup[], series: BarSeries[]): BarChart {
  const max = Math.max(0, ...groups.flatMap((g) => g.values));
  const plotBottom = HEIGHT - BOTTOM;
  const plotHeight = plotBottom - TOP;
  const slot = groups.length > 0 ? (WIDTH - 2 * SIDE) / groups.length : 0;
  const barW = groups.length > 0 ? Math.max(4, (slot * 0.7) / series.length) : 0;
  const bars: BarChart['bars'] = [];
  const groupLabels: BarChart['groupLabels'] = [];
  groups.forEach((g, gi) => {
    const start = SIDE + gi * slot + (slot - barW * series.length) / 2;
    g.values.forEach((v, si) => {
      const h = max > 0 ? Math.round((v / max) * plotHeight * 10) / 10 : 0;
      const x = Math.round((start + si * barW) * 10) / 10;
      bars.push({
        x,
        y: Math.round((plotBottom - h) * 10) / 10,
        w: Math.round((barW - 2) * 10) / 10,
        h,
        className: series[si].className,
        title: `${g.label} ${series[si].name}：${g.valueLabels[si]}`,
        label: v > 0 ? g.valueLabels[si] : '',
        labelX: Math.round((x + (barW - 2) / 2) * 10) / 10,
        labelY: Math.round((plotBottom - h - 4) * 10) / 10,
      });
    });
    groupLabels.push({ x: Math.round((SIDE + gi * slot + slot / 2) * 10) / 10, y: HEIGHT - 14, text: g.label });
  });
  const legend = series.map((s, i) => ({ x: SIDE + i * 120, y: 14, className: s.className, name: s.name }));
  return { width: WIDTH, height: HEIGHT, plotTop: TOP, plotBottom, bars, groupLabels, legend };
}

export interface ShareSegment {
  label: string;
  value: number;
  share: number;
  x: number;
  w: number;
  className: string;
}

/** One horizontal bar split into shares (e.g. intended amount by buyer type), in percent. */
export function shareBar(parts: { label: string; value: number }[]): ShareSegment[] {
  const total = parts.reduce((s, p) => s + Math.max(0, p.value), 0);
  let x = 0;
  return parts
    .filter((p) => p.value > 0)
    .map((p, i) => {
      const w = total > 0 ? (p.value / total) * 100 : 0;
      const seg = {
        label: p.label,
        value: p.value,
        share: Math.round(w * 10) / 10,
        x: Math.round(x * 100) / 100,
        w: Math.round(w * 100) / 100,
        className: `series-${i % 8}`,
      };
      x += w;
      return seg;
    });
}
