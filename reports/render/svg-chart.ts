// Inline SVG dot chart for latency: one row per label, one marker per series at the series'
// p50, and a line from its minimum to its maximum. The p50 values are printed in a column
// right of the plot, in the series colour. Used for handshake and first-reply time per
// client or server certificate, with one series per TLS version.

import { formatMs } from "../latency.ts";
import { SERIES_STYLE } from "./html-assets.ts";
import { escapeHtml } from "./escape.ts";

export interface ChartPoint {
  p50: number;
  min: number;
  max: number;
  samples: number;
}

export interface ChartRow {
  label: string;
  /** Keyed by series name; a row may lack some series. */
  values: Record<string, ChartPoint | undefined>;
}

export interface DotChartInput {
  title: string;
  series: readonly string[];
  rows: readonly ChartRow[];
}

const PLOT_WIDTH = 560;
/** Gap between the plot and the p50 column, in pixels. */
const VALUE_COLUMN_GAP = 14;
/** Width of the p50 column and the margin after it, in pixels. Fits a value such as `1234 ms`. */
const RIGHT_MARGIN = 80;
const TOP_MARGIN = 30;
const AXIS_HEIGHT = 34;
const TICK_COUNT = 5;
/** Vertical distance between the series of one row, in pixels. It exceeds the 11 px label text, so value labels do not overlap. */
const SERIES_SPACING = 13;
/** Width of one character of an 11 px label in pixels. An estimate that errs wide for DejaVu Sans and similar fonts. */
const LABEL_CHARACTER_WIDTH = 7;

export function renderDotChart(input: DotChartInput): string {
  const longestLabel = Math.max(0, ...input.rows.map((row) => row.label.length));
  const labelWidth = Math.max(120, 16 + longestLabel * LABEL_CHARACTER_WIDTH);
  const rowHeight = Math.max(26, input.series.length * SERIES_SPACING + 10);
  const valueColumnX = labelWidth + PLOT_WIDTH + VALUE_COLUMN_GAP;
  const width = valueColumnX + RIGHT_MARGIN;
  const height = TOP_MARGIN + input.rows.length * rowHeight + AXIS_HEIGHT;
  const axisMax = niceAxisMax(maxValue(input.rows));
  const x = (ms: number): number => labelWidth + (ms / axisMax) * PLOT_WIDTH;
  const axisY = TOP_MARGIN + input.rows.length * rowHeight;

  const parts = [
    `<svg class="latency-chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(input.title)}">`,
    `<title>${escapeHtml(input.title)}</title>`,
    renderLegend(input.series, labelWidth),
  ];

  // Every other row gets a pale band, so a marker is easy to match with its label.
  for (let rowIndex = 1; rowIndex < input.rows.length; rowIndex += 2) {
    parts.push(`<rect class="band" x="0" y="${TOP_MARGIN + rowIndex * rowHeight}" width="${width}" height="${rowHeight}"/>`);
  }

  for (let tick = 0; tick <= TICK_COUNT; tick += 1) {
    const value = (axisMax * tick) / TICK_COUNT;
    const tickX = x(value).toFixed(1);
    parts.push(
      `<line class="gridline" x1="${tickX}" y1="${TOP_MARGIN}" x2="${tickX}" y2="${axisY}"/>`,
      `<text x="${tickX}" y="${axisY + 16}" text-anchor="middle">${escapeHtml(formatTick(value))}</text>`,
    );
  }
  parts.push(
    `<g class="axis"><line x1="${labelWidth}" y1="${axisY}" x2="${labelWidth + PLOT_WIDTH}" y2="${axisY}"/></g>`,
    `<text x="${labelWidth + PLOT_WIDTH / 2}" y="${axisY + 31}" text-anchor="middle">milliseconds</text>`,
    `<text class="value-head" x="${valueColumnX}" y="${TOP_MARGIN - 4}" font-weight="600">p50</text>`,
  );

  input.rows.forEach((row, rowIndex) => {
    const rowY = TOP_MARGIN + rowIndex * rowHeight + rowHeight / 2;
    parts.push(
      `<text x="${labelWidth - 8}" y="${rowY + 4}" text-anchor="end">${escapeHtml(row.label)}</text>`,
    );

    input.series.forEach((seriesName, seriesIndex) => {
      const point = row.values[seriesName];
      if (point === undefined) {
        return;
      }
      const style = SERIES_STYLE[seriesIndex % SERIES_STYLE.length]!;
      const offset = (seriesIndex - (input.series.length - 1) / 2) * SERIES_SPACING;
      const y = rowY + offset;
      const tooltip = `${row.label}, ${seriesName}: p50 ${formatMs(point.p50)}, min ${formatMs(point.min)}, max ${formatMs(point.max)}, ${point.samples} case(s)`;
      parts.push(
        `<g class="point" data-series="${escapeHtml(seriesName)}"><title>${escapeHtml(tooltip)}</title>`,
        `<line x1="${x(point.min).toFixed(1)}" y1="${y}" x2="${x(point.max).toFixed(1)}" y2="${y}" stroke="${style.colour}" stroke-width="2"/>`,
        renderMarker(style.shape, x(point.p50), y, style.colour),
        `<text class="value" x="${valueColumnX}" y="${y + 4}" style="fill: ${style.colour}">${escapeHtml(formatMs(point.p50))}</text>`,
        "</g>",
      );
    });
  });

  parts.push("</svg>");
  return parts.join("\n");
}

function renderLegend(series: readonly string[], labelWidth: number): string {
  const items = series.map((name, index) => {
    const style = SERIES_STYLE[index % SERIES_STYLE.length]!;
    const itemX = labelWidth + index * 200;
    return (
      renderMarker(style.shape, itemX, 12, style.colour) +
      `<text x="${itemX + 10}" y="16">${escapeHtml(name)} p50, line min–max</text>`
    );
  });

  return `<g class="legend">${items.join("")}</g>`;
}

function renderMarker(shape: (typeof SERIES_STYLE)[number]["shape"], cx: number, cy: number, colour: string): string {
  const x = cx.toFixed(1);
  switch (shape) {
    case "circle":
      return `<circle cx="${x}" cy="${cy}" r="5" fill="${colour}"/>`;
    case "square":
      return `<rect x="${(cx - 4.5).toFixed(1)}" y="${cy - 4.5}" width="9" height="9" fill="${colour}"/>`;
    case "diamond":
      return `<path d="M ${x} ${cy - 6} L ${(cx + 6).toFixed(1)} ${cy} L ${x} ${cy + 6} L ${(cx - 6).toFixed(1)} ${cy} Z" fill="${colour}"/>`;
  }
}

function maxValue(rows: readonly ChartRow[]): number {
  let max = 0;
  for (const row of rows) {
    for (const point of Object.values(row.values)) {
      if (point !== undefined && point.max > max) {
        max = point.max;
      }
    }
  }
  return max;
}

/** Rounds up to 1, 2, 2.5 or 5 times a power of ten, so the ticks fall on readable values. */
function niceAxisMax(max: number): number {
  if (max <= 0) {
    return 1;
  }

  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= max) {
      return step * magnitude;
    }
  }
  return 10 * magnitude;
}

function formatTick(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 1 ? 2 : 1);
}
