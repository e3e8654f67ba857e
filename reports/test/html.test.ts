// Loads report.html in Debian's headless Chromium with every network request blocked, and
// checks the grid, a cell's detail, the SVG charts and a screenshot of the grid region.

import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { VERDICTS, type RunResult } from "../result.ts";
import { writeRunReports } from "../write-run.ts";
import { buildMixedRun, cloneRun } from "./fixtures.ts";

/**
 * The browser globals that the page-side functions below use. tsconfig leaves out the DOM
 * library because the project runs on Node, so they are declared here.
 */
interface PageGlobals {
  Image: new () => { src: string; naturalWidth: number; naturalHeight: number; decode(): Promise<void> };
  document: {
    createElement(tag: "canvas"): {
      width: number;
      height: number;
      getContext(kind: "2d"): {
        drawImage(image: unknown, x: number, y: number): void;
        getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray };
      } | null;
    };
  };
  getComputedStyle(element: unknown): { backgroundColor: string };
}

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const run: RunResult = buildMixedRun();
let outputDirectory: string;
let profileDirectory: string;
let context: BrowserContext;
let page: Page;
const requestedUrls: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  outputDirectory = await mkdtemp(path.join(os.tmpdir(), "reports-html-"));
  profileDirectory = await mkdtemp(path.join(os.tmpdir(), "reports-chromium-profile-"));
  const written = await writeRunReports(run, outputDirectory);

  context = await chromium.launchPersistentContext(profileDirectory, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    offline: true,
    viewport: { width: 1280, height: 900 },
  });
  context.on("request", (request) => {
    requestedUrls.push(request.url());
  });
  await context.route("**/*", async (route) => {
    if (route.request().url().startsWith("file:")) {
      await route.continue();
    } else {
      await route.abort("internetdisconnected");
    }
  });

  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => {
    pageErrors.push(error.message);
  });
  await page.goto(pathToFileURL(written.html).href);
});

afterAll(async () => {
  await context?.close();
  await rm(profileDirectory, { recursive: true, force: true });
  await rm(outputDirectory, { recursive: true, force: true });
});

/**
 * Counts the distinct colours of a PNG, and the pixels close to each given colour, by drawing
 * it on a canvas in a blank page of the same browser.
 */
async function analysePng(png: Buffer, colours: Record<string, string>) {
  const scratch = await context.newPage();
  try {
    return await scratch.evaluate(
      async ({ dataUrl, targets }) => {
        const browser = globalThis as unknown as PageGlobals;
        const image = new browser.Image();
        image.src = dataUrl;
        await image.decode();
        const canvas = browser.document.createElement("canvas");
        canvas.width = image.naturalWidth;
        canvas.height = image.naturalHeight;
        const drawing = canvas.getContext("2d")!;
        drawing.drawImage(image, 0, 0);
        const pixels = drawing.getImageData(0, 0, canvas.width, canvas.height).data;

        const parsed = Object.entries(targets).map(([name, hex]) => ({
          name,
          rgb: [1, 3, 5].map((offset) => parseInt(hex.slice(offset, offset + 2), 16)),
        }));
        const near: Record<string, number> = Object.fromEntries(parsed.map(({ name }) => [name, 0]));
        const distinct = new Set<number>();
        let nonWhite = 0;

        for (let index = 0; index < pixels.length; index += 4) {
          const red = pixels[index]!;
          const green = pixels[index + 1]!;
          const blue = pixels[index + 2]!;
          distinct.add((red << 16) | (green << 8) | blue);
          if (red < 245 || green < 245 || blue < 245) {
            nonWhite += 1;
          }
          for (const { name, rgb } of parsed) {
            if (Math.abs(red - rgb[0]!) + Math.abs(green - rgb[1]!) + Math.abs(blue - rgb[2]!) <= 12) {
              near[name]! += 1;
            }
          }
        }

        return { width: canvas.width, height: canvas.height, distinctColours: distinct.size, nonWhite, near };
      },
      { dataUrl: `data:image/png;base64,${png.toString("base64")}`, targets: colours },
    );
  } finally {
    await scratch.close();
  }
}

describe("html report in Chromium", () => {
  it("loads without network requests", () => {
    const external = requestedUrls.filter((url) => !url.startsWith("file:"));

    expect(requestedUrls.length).toBeGreaterThan(0);
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("has one cell per case", async () => {
    const cells = await page.locator("td.cell").evaluateAll((elements) =>
      elements.map((element) => ({ id: element.getAttribute("data-case-id"), className: element.className })),
    );

    expect(cells).toHaveLength(run.cases.length);
    for (const testCase of run.cases) {
      const matching = cells.filter((cell) => cell.id === testCase.id);
      expect(matching, testCase.id).toHaveLength(1);
      expect(matching[0]!.className.split(" "), testCase.id).toContain(`verdict-${testCase.verdict}`);
    }
  });

  it("labels cells with text", async () => {
    const labels = await page.locator("td.cell a").allInnerTexts();

    expect(labels).toHaveLength(run.cases.length);
    for (const label of labels) {
      expect(label.trim().length).toBeGreaterThan(2);
    }
    expect(await page.locator('td.cell[data-case-id="client-mcrouter/ssl-require-peer-certs-on/TLSv1.3/client.no-akid"]').innerText()).toContain(
      "bad_certificate",
    );
  });

  it("colours each verdict differently", async () => {
    const backgrounds = await page.locator("#legend .swatch").evaluateAll((elements) =>
      elements.map((element) => (globalThis as unknown as PageGlobals).getComputedStyle(element).backgroundColor),
    );
    const legendText = await page.locator("#legend").innerText();

    expect(backgrounds).toHaveLength(VERDICTS.length);
    expect(new Set(backgrounds).size).toBe(VERDICTS.length);
    expect(legendText).toContain("unexpected success");
    expect(legendText).toContain("not run");
  });

  it("frames cells whose link failed", async () => {
    const styleOf = (id: string) =>
      page.locator(`td.cell[data-case-id="${id}"]`).evaluate((element) => {
        const style = (globalThis as unknown as { getComputedStyle(element: unknown): { backgroundColor: string; boxShadow: string } }).getComputedStyle(
          element,
        );
        return { background: style.backgroundColor, shadow: style.boxShadow };
      });
    const ok = await styleOf("client-memcached/ssl_verify_mode-2/TLSv1.3/client.valid");
    const rejected = await styleOf("client-memcached/ssl_verify_mode-2/TLSv1.3/client.untrusted-ca");
    const legend = await page.locator("#legend-outcome").innerText();

    // Both cases are as expected, so both show the as-expected green #b7e1b5.
    expect(ok.background).toBe("rgb(183, 225, 181)");
    expect(ok.shadow).toBe("none");
    expect(rejected.background).not.toBe(ok.background);
    expect(rejected.shadow).toContain("rgb(183, 225, 181)");
    expect(rejected.shadow).toContain("inset");
    expect(legend).toContain("filled: the link works");
    expect(legend).toContain("framed: the link failed");
  });

  it("opens a cell's detail", async () => {
    const id = "client-mcrouter/ssl-require-peer-certs-on/TLSv1.3/client.no-akid";
    const cell = page.locator(`td.cell[data-case-id="${id}"]`);
    const detailId = await cell.getAttribute("data-detail");
    const detail = page.locator(`details#${detailId}`);

    expect(await detail.evaluate((element) => (element as unknown as { open: boolean }).open)).toBe(false);
    await cell.locator("a").click();

    expect(await detail.evaluate((element) => (element as unknown as { open: boolean }).open)).toBe(true);
    expect(await detail.isVisible()).toBe(true);
    expect(await detail.getAttribute("data-case-id")).toBe(id);
    const text = await detail.innerText();
    expect(text).toContain("bad_certificate");
    expect(text).toContain("TLS 1.3 goes through fizz, which checks no SAN.");
    expect(text).toContain("unconfirmed");
    expect(text).toContain("handshake 9.40 ms");
    expect(await cell.getAttribute("class")).toContain("selected");
  });

  it("collapses case details until selected", async () => {
    const lists = await page.locator("details.case-list").count();
    const openLists = await page.locator("details.case-list[open]").count();

    // Four links have cases. Only the previous test opened a list, the one of client → mcrouter.
    expect(lists).toBe(4);
    expect(openLists).toBe(1);
    expect(await page.locator("#link-mcrouter-mcrouter details.case-list").evaluate((element) => (element as unknown as { open: boolean }).open)).toBe(false);
  });

  it("links a detail back to its cell", async () => {
    const id = "client-memcached/ssl_verify_mode-2/TLSv1.3/client.valid";
    const detail = page.locator(`details.case-detail[data-case-id="${id}"]`);
    await page.locator(`td.cell[data-case-id="${id}"] a`).click();
    await detail.locator("a.back").click();

    expect(await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toBe(
      `#cell-${await detail.getAttribute("id")}`,
    );
    expect(await page.locator(`td.cell[data-case-id="${id}"]`).isVisible()).toBe(true);
  });

  it("links unexpected outcomes to details", async () => {
    const links = page.locator("#unexpected a.case-link");
    const id = "client-mcrouter/ssl-require-peer-certs-on/TLSv1.2/client.wrong-ip-san";

    expect(await links.count()).toBe(2);
    await page.locator("#unexpected li", { hasText: id }).locator("a").click();
    const detail = page.locator(`details.case-detail[data-case-id="${id}"]`);
    expect(await detail.isVisible()).toBe(true);
    expect(await detail.innerText()).toContain("unexpected success");
  });

  it("shows negotiated version in detail", async () => {
    const id = "client-memcached/ssl_verify_mode-2/TLSv1.3/client.valid";
    const cell = page.locator(`td.cell[data-case-id="${id}"]`);
    await cell.locator("a").click();
    const detail = page.locator(`details#${await cell.getAttribute("data-detail")}`);

    const text = await detail.innerText();
    expect(text).toContain("TLSv1.3, TLS_AES_256_GCM_SHA384");
    expect(text).toContain("20 follow-up requests p50 0.35 ms, p95 0.61 ms");
  });

  it("renders latency charts", async () => {
    const charts = page.locator("svg.latency-chart");
    const boxes = await charts.evaluateAll((elements) =>
      elements.map((element) => {
        const box = element.getBoundingClientRect();
        const markers = [...element.querySelectorAll("g.point circle, g.point rect")].map((marker) => {
          const markerBox = marker.getBoundingClientRect();
          return markerBox.width * markerBox.height;
        });
        return { width: box.width, height: box.height, markers };
      }),
    );

    // client → memcached and client → mcrouter have cases that got in: handshake and first reply each.
    expect(boxes).toHaveLength(4);
    for (const box of boxes) {
      expect(box.width).toBeGreaterThan(300);
      expect(box.height).toBeGreaterThan(60);
      expect(box.markers.length).toBeGreaterThan(0);
      for (const area of box.markers) {
        expect(area).toBeGreaterThan(0);
      }
    }
  });

  it("draws one marker per variant and version", async () => {
    const chart = page.locator('#link-client-memcached figure[data-metric="handshake"] svg');

    expect(await chart.locator('g.point[data-series="TLSv1.2"]').count()).toBe(1);
    expect(await chart.locator('g.point[data-series="TLSv1.3"]').count()).toBe(1);
  });

  it("prints p50 in one column", async () => {
    const layout = await page.locator('#link-client-memcached figure[data-metric="handshake"] svg').evaluate((svg) => {
      const numbers = (selector: string, attribute: string) =>
        [...svg.querySelectorAll(selector)].map((element) => Number(element.getAttribute(attribute)));
      return { valueX: numbers("g.point text.value", "x"), lineEndX: numbers("g.point line", "x2"), axisEndX: numbers("g.axis line", "x2") };
    });

    expect(layout.valueX.length).toBeGreaterThan(1);
    expect(new Set(layout.valueX).size).toBe(1);
    expect(layout.valueX[0]).toBeGreaterThan(Math.max(...layout.lineEndX));
    expect(layout.valueX[0]).toBeGreaterThan(layout.axisEndX[0]!);
  });

  it("scrolls a wide grid, not the page", async () => {
    const wide = cloneRun(run);
    const template = wide.cases.filter((testCase) => testCase.link === "client-memcached");
    for (let mode = 10; mode < 22; mode += 1) {
      for (const testCase of template) {
        const copy = structuredClone(testCase);
        copy.id = `${testCase.id}-mode-${mode}`;
        copy.settings = { ...testCase.settings, ssl_verify_mode: String(mode) };
        wide.cases.push(copy);
      }
    }
    const written = await writeRunReports(wide, path.join(outputDirectory, "wide"));
    const widePage = await context.newPage();
    await widePage.goto(pathToFileURL(written.html).href);

    const widths = await widePage.evaluate(() => {
      const document = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number }; querySelector(selector: string): { scrollWidth: number; clientWidth: number } } }).document;
      const scroll = document.querySelector("#grid-client-memcached-client-certificate .grid-scroll");
      return { page: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth, grid: scroll.scrollWidth, box: scroll.clientWidth };
    });
    await widePage.close();

    expect(widths.grid).toBeGreaterThan(widths.viewport);
    expect(widths.box).toBeLessThanOrEqual(widths.viewport);
    expect(widths.page).toBe(widths.viewport);
  });

  it("screenshots a filled grid", async () => {
    const fullPage = await page.screenshot({ fullPage: true });
    const page1 = await analysePng(fullPage, {});

    expect(page1.width).toBe(1280);
    expect(page1.height).toBeGreaterThan(1500);
    expect(page1.height).toBeLessThan(20_000);

    const grid = page.locator("#link-client-mcrouter table.grid");
    const box = await grid.boundingBox();
    expect(box!.width).toBeGreaterThan(150);
    expect(box!.height).toBeGreaterThan(60);

    const shot = await analysePng(await grid.screenshot(), {
      asExpected: "#b7e1b5",
      unexpectedSuccess: "#f5b942",
      unexpectedFailure: "#e0565b",
    });
    expect(shot.distinctColours).toBeGreaterThan(8);
    expect(shot.nonWhite / (shot.width * shot.height)).toBeGreaterThan(0.2);
    expect(shot.near.asExpected).toBeGreaterThan(200);
    expect(shot.near.unexpectedSuccess).toBeGreaterThan(200);
    expect(shot.near.unexpectedFailure).toBeGreaterThan(200);
  });
});
