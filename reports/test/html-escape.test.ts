// Probe messages and stderr come from the programs under test, so the HTML report must show
// them as text. These checks read the rendered source; html.test.ts covers the page in Chromium.

import { describe, expect, it } from "vitest";

import { renderHtml } from "../render/html.ts";
import { buildMixedRun, cloneRun } from "./fixtures.ts";

describe("html report escaping", () => {
  const run = cloneRun(buildMixedRun());
  const target = run.cases.find((testCase) => testCase.verdict === "unexpected-failure")!;
  target.observed!.outcome.message = `<img src="http://198.51.100.7/x.png" onerror="alert(1)"> & </details>`;
  target.clientVariant = `client.<b>bold</b>`;
  target.settings = { "ssl-require-peer-certs": `on" onclick="alert(2)` };
  const html = renderHtml(run);

  it("escapes probe messages", () => {
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=&quot;http://198.51.100.7/x.png&quot; onerror=&quot;alert(1)&quot;&gt; &amp; &lt;/details&gt;");
  });

  it("escapes variant names and settings", () => {
    expect(html).not.toContain("<b>bold</b>");
    expect(html).toContain("client.&lt;b&gt;bold&lt;/b&gt;");
    expect(html).not.toContain('onclick="alert(2)');
  });

  it("blocks resource loads by policy", () => {
    expect(html).toContain(`content="default-src 'none';`);
  });

  it("references no external resource", () => {
    const withoutEscapedText = html.replaceAll(/&lt;img src=&quot;http:\/\/198\.51\.100\.7\/x\.png&quot;/g, "");

    expect(withoutEscapedText).not.toMatch(/\b(?:src|href)="(?!#)/);
    expect(withoutEscapedText).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });
});
