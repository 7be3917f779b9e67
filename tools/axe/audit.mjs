// Audit one HTML file in headless Chromium, offline: axe-core's WCAG 2.1 A and AA rules at each
// width, plus the checks axe cannot make on its own (tools/axe/README.md):
//   - offline: every request that is not file: or data: is refused and counted (must be none);
//   - charts: every <img> has loaded and every <svg> drawn has a size;
//   - reflow (WCAG 1.4.10): at each width the page itself never scrolls sideways;
//   - keyboard: the first Tab lands on the skip link, which is then visible and outlined;
//   - a phone can read it: the first chapter starts within two screens; every chart's smallest
//     text is drawn at 11 px or more (the SVG shown, its viewBox against its drawn width); a
//     table wider than its column shows that it scrolls (the shadows of screen.css).
//
//   node audit.mjs FILE.html [--widths 390,1280] [--shots DIR] [--json FILE]
//
// Exit status 0 when every check passes, 1 when any fails, 2 on a usage or set-up error.
// CHROMIUM names the browser binary (tools/axe/run.sh finds Debian's chromium or Google Chrome).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = require.resolve("axe-core/axe.min.js");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const LEAST_CHART_TEXT_PX = 11;

// The smallest font-size and the viewBox width of an SVG file (the charts set font-size on <text>).
function svgText(file) {
  const svg = readFileSync(file, "utf8");
  const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
  const viewBox = svg.match(/viewBox="[\d.]+ [\d.]+ ([\d.]+) [\d.]+"/);
  return { smallest: Math.min(...sizes), width: viewBox ? Number(viewBox[1]) : NaN };
}

function usage(message) {
  console.error(`axe: ${message}`);
  console.error("användning: node audit.mjs FIL.html [--widths 390,1280] [--shots MAPP] [--json FIL]");
  process.exit(2);
}

const args = process.argv.slice(2);
const options = { widths: [390, 1280], shots: null, json: null, file: null };
for (let i = 0; i < args.length; i += 1) {
  const arg = args[i];
  if (arg === "--widths") options.widths = args[++i].split(",").map(Number);
  else if (arg === "--shots") options.shots = args[++i];
  else if (arg === "--json") options.json = args[++i];
  else if (!options.file) options.file = arg;
  else usage(`okänt argument ${arg}`);
}
if (!options.file) usage("ingen fil angiven");
if (!existsSync(options.file)) usage(`${options.file}: filen finns inte (bygg med make report)`);
if (options.widths.some((w) => !Number.isInteger(w) || w < 200)) usage("--widths: heltal ≥ 200, kommaseparerade");
const executablePath = process.env.CHROMIUM;
if (!executablePath) usage("CHROMIUM är inte satt (kör via tools/axe/run.sh)");

const url = pathToFileURL(path.resolve(options.file)).href;
const browser = await puppeteer.launch({
  executablePath,
  headless: true,
  // No sandbox: root cannot use it, and Ubuntu's AppArmor denies it to unprivileged users on CI
  // runners. Only our own local file is loaded, with every network request refused.
  args: ["--no-sandbox", "--font-render-hinting=none"],
});

const result = { file: options.file, widths: [], refused: [], failures: 0 };
try {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const target = request.url();
    if (target.startsWith("file:") || target.startsWith("data:")) request.continue();
    else {
      result.refused.push(target);
      request.abort("blockedbyclient");
    }
  });

  for (const width of options.widths) {
    await page.setViewport({ width, height: 900 });
    await page.goto(url, { waitUntil: "load" });
    const charts = await page.evaluate(() => {
      const images = [...document.images].map((img) => ({
        src: img.getAttribute("src"),
        ok: img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().width > 0,
      }));
      const svgs = [...document.querySelectorAll("svg")].map((svg) => ({
        src: svg.getAttribute("aria-label") || "svg",
        ok: svg.getBoundingClientRect().width > 0 && svg.getBoundingClientRect().height > 0,
      }));
      return [...images, ...svgs];
    });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const reading = await page.evaluate(() => {
      const chapter = document.querySelector("main h1");
      const drawn = [...document.querySelectorAll("img.chart")].map((img) => ({
        src: img.currentSrc,
        width: img.getBoundingClientRect().width,
      }));
      const uncued = [...document.querySelectorAll(".table-scroll")].filter(
        (region) => region.scrollWidth > region.clientWidth + 1 && !getComputedStyle(region).backgroundImage.includes("gradient"),
      ).length;
      return { chapterTop: chapter ? chapter.getBoundingClientRect().top + window.scrollY : Infinity, screen: window.innerHeight, drawn, uncued };
    });
    // Keyboard: from the top of the page, Tab once.
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press("Tab");
    const focus = await page.evaluate(() => {
      const el = document.activeElement;
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return {
        skipLink: el.matches("a.skip-link"),
        visible: box.width > 0 && box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight,
        outlined: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
      };
    });
    await page.keyboard.press("Escape");
    await page.evaluate(() => window.scrollTo({ top: 0, behavior: "instant" }));
    await page.addScriptTag({ path: AXE_SOURCE });
    const axe = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
      AXE_TAGS,
    );
    const violations = axe.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
    const problems = [];
    for (const chart of charts.filter((c) => !c.ok)) problems.push(`diagram visas inte: ${chart.src}`);
    if (charts.length === 0) problems.push("inga diagram (img eller svg) på sidan");
    if (overflow > 0) problems.push(`sidan rullar i sidled: ${overflow} px bredare än fönstret (WCAG 1.4.10)`);
    if (reading.chapterTop > 2 * reading.screen)
      problems.push(`första kapitlet börjar ${Math.round(reading.chapterTop)} px ned, mer än två skärmar (${2 * reading.screen} px)`);
    for (const chart of reading.drawn) {
      if (!chart.src.startsWith("file:")) continue;
      const { smallest, width } = svgText(fileURLToPath(chart.src));
      const px = (smallest * chart.width) / width;
      if (!(px >= LEAST_CHART_TEXT_PX))
        problems.push(`diagramtext ${px.toFixed(1)} px (under ${LEAST_CHART_TEXT_PX} px): ${path.basename(chart.src)}`);
    }
    if (reading.uncued) problems.push(`${reading.uncued} tabeller bredare än spalten utan tecken på att de rullar`);
    if (!focus.skipLink) problems.push("första Tab hamnar inte på hopplänken (a.skip-link)");
    else if (!focus.visible || !focus.outlined) problems.push("hopplänken syns inte eller saknar fokusram vid fokus");

    if (options.shots) {
      mkdirSync(options.shots, { recursive: true });
      await page.evaluate(() => document.activeElement?.blur());
      await page.screenshot({ path: path.join(options.shots, `w${width}-top.png`) });
      // One screenshot at the widest table and one at the first chart, scrolled into view.
      for (const name of ["table", "chart"]) {
        const found = await page.evaluateHandle((kind) => {
          if (kind === "chart") return document.querySelector("figure");
          const tables = [...document.querySelectorAll("table")];
          return tables.sort((a, b) => b.scrollWidth - a.scrollWidth)[0] ?? null;
        }, name);
        if (!(await found.evaluate((el) => el !== null))) continue;
        await found.evaluate((el) => el.scrollIntoView({ block: "start", behavior: "instant" }));
        await page.screenshot({ path: path.join(options.shots, `w${width}-${name}.png`) });
      }
      await page.evaluate(() => window.scrollTo({ top: 0, behavior: "instant" }));
    }

    result.widths.push({ width, passes: axe.passes.length, violations, problems, charts: charts.length });
    result.failures += violations.length + problems.length;
    for (const v of violations) {
      console.log(`${width} px  ${v.id} (${v.impact}): ${v.help}`);
      for (const target of v.targets.slice(0, 10)) console.log(`    ${target}`);
      if (v.targets.length > 10) console.log(`    … och ${v.targets.length - 10} till`);
    }
    for (const problem of problems) console.log(`${width} px  ${problem}`);
    console.log(
      `${width} px: ${violations.length} brott mot WCAG 2.1 A/AA (axe-core ${axe.testEngine.version}), ` +
        `${problems.length} andra fel, ${charts.length} diagram`,
    );
  }
  if (result.refused.length) {
    result.failures += result.refused.length;
    console.log(`nätverksanrop nekade (sidan ska bara läsa lokala filer): ${result.refused.length}`);
    for (const target of result.refused.slice(0, 10)) console.log(`    ${target}`);
  }
} finally {
  await browser.close();
}
if (options.json) writeFileSync(options.json, JSON.stringify(result, null, 2));
process.exit(result.failures ? 1 : 0);
