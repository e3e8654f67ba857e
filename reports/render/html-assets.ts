// The inline style sheet and script of `report.html`. Both are inlined so the report opens
// from a file, an artifact download or a mail attachment with no network access.

/**
 * Verdict colours, with a symbol for each so the grid does not depend on colour alone. A cell
 * whose link failed shows `colour` as a frame around `paleColour`, so that it differs from an
 * `ok` cell of the same verdict, which is filled with `colour`.
 */
export const VERDICT_STYLE = {
  "as-expected": { colour: "#b7e1b5", paleColour: "#eef8ed", symbol: "✓" },
  "unexpected-success": { colour: "#f5b942", paleColour: "#fdf1d9", symbol: "▲" },
  "unexpected-failure": { colour: "#e0565b", paleColour: "#f9dfe0", symbol: "✗" },
  "not-run": { colour: "#c8c8c8", paleColour: "#c8c8c8", symbol: "○" },
} as const;

/** Width in pixels of the verdict-coloured frame of a cell whose link failed. */
const FAILED_FRAME_WIDTH = 5;

/** Fills cells whose link worked with the verdict colour, and frames the others in it. */
function outcomeRules(): string {
  const rules = (["as-expected", "unexpected-success", "unexpected-failure"] as const).map((verdict) => {
    const style = VERDICT_STYLE[verdict];
    return (
      `table.grid td.cell.outcome-failed.verdict-${verdict}, .swatch.outcome-failed.verdict-${verdict} ` +
      `{ background: ${style.paleColour}; box-shadow: inset 0 0 0 ${FAILED_FRAME_WIDTH}px ${style.colour}; }`
    );
  });
  return [
    ...rules,
    "table.grid td.cell.outcome-ok a, .swatch.outcome-ok { font-weight: 700; }",
    "table.grid td.cell.outcome-failed a { padding: 5px 8px; }",
  ].join("\n");
}

/** Series colours and marker shapes of the latency charts, one per TLS version. */
export const SERIES_STYLE = [
  { colour: "#1f5fa8", shape: "circle" },
  { colour: "#b3541e", shape: "square" },
  { colour: "#5b3a94", shape: "diamond" },
] as const;

export const STYLE_SHEET = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1440px; padding: 16px 24px 48px; color: #1b1b1b; background: #fff; }
h1 { font-size: 22px; margin-bottom: 4px; }
h2 { font-size: 18px; margin-top: 36px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 16px; margin-top: 28px; }
h4 { font-size: 14px; margin: 18px 0 6px; }
p.shared { margin: 4px 0 8px; color: #333; }
ul.unexpected { padding-left: 20px; }
ul.unexpected li { margin: 3px 0; }
code { font: 12.5px ui-monospace, "DejaVu Sans Mono", monospace; background: #f3f3f3; padding: 0 3px; border-radius: 3px; }
table.facts { border-collapse: collapse; }
table.facts th, table.facts td { text-align: left; padding: 3px 10px 3px 0; vertical-align: top; }
table.counts { border-collapse: collapse; }
table.counts th, table.counts td { border: 1px solid #ccc; padding: 3px 10px; text-align: right; }
table.counts th:first-child, table.counts td:first-child { text-align: left; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin: 8px 0 12px; padding: 0; list-style: none; }
.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; min-width: 22px; height: 18px; border: 1px solid #888; text-align: center; font-size: 12px; line-height: 18px; }
#legend-outcome .swatch { height: 28px; line-height: 28px; padding: 0 12px; font-size: 11.5px; border: none; }
/* position: relative keeps the absolutely positioned .visually-hidden text of a cell inside
   the scroll box. Without it, a grid wider than the page widens the whole page. */
.grid-scroll { overflow-x: auto; position: relative; }
table.grid { border-collapse: collapse; margin: 4px 0 8px; }
table.grid th { font-weight: 600; font-size: 12px; padding: 4px 6px; border: 1px solid #bbb; background: #f7f7f7; }
table.grid th.row-head { text-align: left; white-space: nowrap; }
table.grid td { border: 1px solid #bbb; padding: 0; min-width: 96px; max-width: 240px; height: 34px; }
table.grid td.empty { background: repeating-linear-gradient(45deg, #fff, #fff 4px, #f0f0f0 4px, #f0f0f0 8px); }
table.grid td.cell a { display: block; padding: 5px; color: #111; text-decoration: none; font-size: 11.5px; overflow-wrap: anywhere; }
table.grid td.cell a:hover, table.grid td.cell a:focus { outline: 2px solid #222; outline-offset: -2px; }
table.grid td.cell.selected a { outline: 3px solid #000; outline-offset: -3px; }
.verdict-as-expected { background: ${VERDICT_STYLE["as-expected"].colour}; }
.verdict-unexpected-success { background: ${VERDICT_STYLE["unexpected-success"].colour}; }
.verdict-unexpected-failure { background: ${VERDICT_STYLE["unexpected-failure"].colour}; }
.verdict-not-run { background: ${VERDICT_STYLE["not-run"].colour}; }
${outcomeRules()}
details.case-list { margin: 24px 0 8px; }
details.case-list > summary { cursor: pointer; font-weight: 600; font-size: 15px; }
details.case-detail { border: 1px solid #ccc; border-left-width: 6px; border-radius: 3px; margin: 4px 0; padding: 4px 10px; background: #fff; }
details.case-detail.verdict-as-expected { border-left-color: #5aa957; background: #fff; }
details.case-detail.verdict-unexpected-success { border-left-color: #d99a14; background: #fff; }
details.case-detail.verdict-unexpected-failure { border-left-color: #c0392b; background: #fff; }
details.case-detail.verdict-not-run { border-left-color: #999; background: #fff; }
details.case-detail summary { cursor: pointer; }
details.case-detail dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
details.case-detail dt { font-weight: 600; }
details.case-detail dd { margin: 0; }
details.case-detail small { color: #555; }
details.case-detail a.back { font-size: 12px; }
details.case-detail pre { white-space: pre-wrap; word-break: break-word; margin: 0; font-size: 12px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.unconfirmed { color: #8a5a00; font-style: italic; }
figure.chart { margin: 12px 0; }
figure.chart figcaption { font-size: 13px; color: #333; margin-bottom: 4px; }
svg.latency-chart text { font: 11px system-ui, sans-serif; fill: #222; }
svg.latency-chart .axis line, svg.latency-chart .axis path { stroke: #888; }
svg.latency-chart .gridline { stroke: #e4e4e4; }
svg.latency-chart .band { fill: #f5f5f5; }
`;

/**
 * Opens a case's `<details>`, and the collapsed case list around it, when its grid cell or a
 * link in the unexpected outcomes is clicked, or its id is in the URL fragment.
 */
export const DETAIL_SCRIPT = `
(function () {
  function openCase(id, scroll) {
    var target = id ? document.getElementById(id) : null;
    if (!target || target.tagName !== "DETAILS") {
      return;
    }
    for (var node = target; node; node = node.parentElement ? node.parentElement.closest("details") : null) {
      node.open = true;
    }
    if (scroll) {
      target.scrollIntoView();
    }
    var cells = document.querySelectorAll("td.cell.selected");
    for (var i = 0; i < cells.length; i += 1) {
      cells[i].classList.remove("selected");
    }
    var cell = document.querySelector('td.cell[data-detail="' + id + '"]');
    if (cell) {
      cell.classList.add("selected");
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a.cell-link, a.case-link") : null;
    if (link) {
      openCase(link.getAttribute("href").slice(1), false);
    }
  });
  window.addEventListener("hashchange", function () {
    openCase(location.hash.slice(1), true);
  });
  openCase(location.hash.slice(1), true);
})();
`;
