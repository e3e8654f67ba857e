// Inline SVG dot chart for latency: one row per label, one marker per series at the series'
// p50, and a line from its minimum to its maximum. Used for handshake and first-reply time
// per client variant, with one series per TLS version.

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

const WIDTH = 720;
const LABEL_WIDTH = 190;
const RIGHT_MARGIN = 80;
const TOP_MARGIN = 30;
const ROW_HEIGHT = 30;
const AXIS_HEIGHT = 34;
const TICK_COUNT = 5;

export function renderDotChart(input: DotChartInput): string {
  const plotWidth = WIDTH - LABEL_WIDTH - RIGHT_MARGIN;
  const height = TOP_MARGIN + input.rows.length * ROW_HEIGHT + AXIS_HEIGHT;
  const axisMax = niceAxisMax(maxValue(input.rows));
  const x = (ms: number): number => LABEL_WIDTH + (ms / axisMax) * plotWidth;
  const axisY = TOP_MARGIN + input.rows.length * ROW_HEIGHT;

  const parts = [
    `<svg class="latency-chart" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" ` +
      `viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeHtml(input.title)}">`,
    `<title>${escapeHtml(input.title)}</title>`,
    renderLegend(input.series),
  ];

  for (let tick = 0; tick <= TICK_COUNT; tick += 1) {
    const value = (axisMax * tick) / TICK_COUNT;
    const tickX = x(value).toFixed(1);
    parts.push(
      `<line class="gridline" x1="${tickX}" y1="${TOP_MARGIN}" x2="${tickX}" y2="${axisY}"/>`,
      `<text x="${tickX}" y="${axisY + 16}" text-anchor="middle">${escapeHtml(formatTick(value))}</text>`,
    );
  }
  parts.push(
    `<g class="axis"><line x1="${LABEL_WIDTH}" y1="${axisY}" x2="${LABEL_WIDTH + plotWidth}" y2="${axisY}"/></g>`,
    `<text x="${LABEL_WIDTH + plotWidth / 2}" y="${axisY + 31}" text-anchor="middle">milliseconds</text>`,
  );

  input.rows.forEach((row, rowIndex) => {
    const rowY = TOP_MARGIN + rowIndex * ROW_HEIGHT + ROW_HEIGHT / 2;
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${rowY + 4}" text-anchor="end">${escapeHtml(row.label)}</text>`,
    );

    input.series.forEach((seriesName, seriesIndex) => {
      const point = row.values[seriesName];
      if (point === undefined) {
        return;
      }
      const style = SERIES_STYLE[seriesIndex % SERIES_STYLE.length]!;
      const offset = (seriesIndex - (input.series.length - 1) / 2) * 8;
      const y = rowY + offset;
      const tooltip = `${row.label}, ${seriesName}: p50 ${formatMs(point.p50)}, min ${formatMs(point.min)}, max ${formatMs(point.max)}, ${point.samples} case(s)`;
      parts.push(
        `<g class="point" data-series="${escapeHtml(seriesName)}"><title>${escapeHtml(tooltip)}</title>`,
        `<line x1="${x(point.min).toFixed(1)}" y1="${y}" x2="${x(point.max).toFixed(1)}" y2="${y}" stroke="${style.colour}" stroke-width="2"/>`,
        renderMarker(style.shape, x(point.p50), y, style.colour),
        `<text x="${(x(point.max) + 8).toFixed(1)}" y="${y + 4}">${escapeHtml(formatMs(point.p50))}</text>`,
        "</g>",
      );
    });
  });

  parts.push("</svg>");
  return parts.join("\n");
}

function renderLegend(series: readonly string[]): string {
  const items = series.map((name, index) => {
    const style = SERIES_STYLE[index % SERIES_STYLE.length]!;
    const itemX = LABEL_WIDTH + index * 200;
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
