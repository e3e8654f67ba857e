// Checks the grid layout of report.html as text: one grid per varied certificate, shared
// settings above a grid instead of in its column headers, and one cell per case.

import { describe, expect, it } from "vitest";

import { renderHtml } from "../render/html.ts";
import { buildMixedRun, buildRunWithServerLeaves } from "./fixtures.ts";

/** Returns the HTML of one grid's block, from its opening tag up to the next block or case list. */
function gridBlock(html: string, id: string): string {
  const start = html.indexOf(`<div class="varied" id="${id}"`);
  if (start === -1) {
    throw new Error(`no grid block with id ${id}`);
  }
  const ends = ['<div class="varied"', '<details class="case-list"']
    .map((marker) => html.indexOf(marker, start + 1))
    .filter((index) => index !== -1);
  return html.slice(start, Math.min(...ends));
}

function rowHeads(fragment: string): string[] {
  return [...fragment.matchAll(/<th class="row-head" scope="row">([^<]*)<\/th>/g)].map((match) => match[1]!);
}

describe("html grids", () => {
  const run = buildRunWithServerLeaves();
  const html = renderHtml(run);

  it("draws a grid per varied certificate", () => {
    const grids = [...html.matchAll(/<table class="grid" data-varies="([^"]+)">/g)].map((match) => match[1]);

    // client → memcached has both kinds, client → mcrouter and mcrouter → mcrouter have client certificates only.
    expect(grids.filter((varies) => varies === "server-certificate")).toHaveLength(1);
    expect(grids.filter((varies) => varies === "client-certificate")).toHaveLength(4);
  });

  it("heads each grid with its question", () => {
    const client = gridBlock(html, "grid-client-memcached-client-certificate");
    const server = gridBlock(html, "grid-client-memcached-server-certificate");

    expect(client).toContain("<h3>Which client certificates get in</h3>");
    expect(server).toContain("<h3>Which server certificates a client accepts</h3>");
  });

  it("rows server grid by server leaf", () => {
    const server = gridBlock(html, "grid-client-memcached-server-certificate");

    expect(rowHeads(server)).toEqual(["server.expired", "server.valid"]);
    expect(server).toContain('<th class="row-head" scope="col">server certificate</th>');
    expect(server).toContain("the client presents no certificate");
    expect(server).toContain("<code>client_trusts=the leaf&#39;s trust anchor</code>");
  });

  it("keeps server leaves out of client columns", () => {
    const client = gridBlock(html, "grid-client-memcached-client-certificate");

    expect(rowHeads(client)).toEqual(["client.expired", "client.untrusted-ca", "client.valid", "no certificate"]);
    expect(client).not.toContain("server.expired");
    expect(client).not.toContain('<td class="empty"');
    expect(client).toContain("<code>ssl_verify_mode=2</code>");
  });

  it("keeps one cell per case", () => {
    const cellIds = [...html.matchAll(/<td class="cell [^"]*" id="[^"]*" data-case-id="([^"]+)"/g)].map((match) => match[1]);

    expect(cellIds.sort()).toEqual(run.cases.map((testCase) => testCase.id).sort());
  });

  it("charts each grid separately", () => {
    const server = gridBlock(html, "grid-client-memcached-server-certificate");
    const client = gridBlock(html, "grid-client-memcached-client-certificate");

    expect(server).toContain("handshake time per server certificate and TLS version");
    expect(server).toContain(">server.valid</text>");
    expect(client).toContain("handshake time per client certificate and TLS version");
    expect(client).not.toContain(">no certificate</text>");
  });

  it("words server-certificate charts", () => {
    const server = gridBlock(html, "grid-client-memcached-server-certificate");
    const client = gridBlock(html, "grid-client-memcached-client-certificate");

    expect(server).toContain("Only the cases where the client accepted the server certificate.");
    expect(server).not.toContain("got in");
    expect(client).toContain("Only the cases that got in.");
  });

  it("marks cells by outcome", () => {
    const cellClass = (id: string) => new RegExp(`<td class="([^"]*)" id="[^"]*" data-case-id="${id}"`).exec(html)?.[1]?.split(" ");

    expect(cellClass("client-memcached/server-leaf/TLSv1.2/server.valid")).toContain("outcome-ok");
    expect(cellClass("client-memcached/server-leaf/TLSv1.2/server.expired")).toContain("outcome-failed");
    expect(cellClass("client-memcached/ssl_verify_mode-2/TLSv1.3/client.untrusted-ca")).toContain("outcome-failed");
    expect(cellClass("mcrouter-mcrouter/mech-ssl/TLSv1.2/peer.valid")).not.toContain("outcome-ok");
    expect(cellClass("mcrouter-mcrouter/mech-ssl/TLSv1.2/peer.valid")).not.toContain("outcome-failed");
  });

  it("names row-following settings in rows", () => {
    const variant = buildMixedRun();
    variant.cases = variant.cases.filter((testCase) => testCase.link === "client-memcached");
    for (const testCase of variant.cases) {
      testCase.settings = { ...testCase.settings, client_flags: testCase.clientVariant === null ? "unset" : "set" };
    }
    const rendered = renderHtml(variant);

    expect(rendered).toContain('<th class="row-head" scope="row">no certificate<br><small>client_flags=unset</small></th>');
    expect(rendered).toContain('<th class="row-head" scope="row">client.valid<br><small>client_flags=set</small></th>');
    expect(rendered).not.toContain('scope="colgroup"');
  });

  it("names varying settings in headers", () => {
    const variant = buildMixedRun();
    variant.cases = variant.cases.filter((testCase) => testCase.link === "client-memcached");
    variant.cases.push(
      ...variant.cases.map((testCase) => ({
        ...structuredClone(testCase),
        id: testCase.id.replace("ssl_verify_mode-2", "ssl_verify_mode-0"),
        settings: { ssl_verify_mode: "0" },
      })),
    );
    const rendered = renderHtml(variant);

    expect(rendered).toContain('<th colspan="2" scope="colgroup">ssl_verify_mode=0</th>');
    expect(rendered).toContain('<th colspan="2" scope="colgroup">ssl_verify_mode=2</th>');
  });
});
