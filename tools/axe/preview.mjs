// The live preview in a real browser: save a chapter, measure until the new text is in the page.
//
//   node preview.mjs --inputs DIR --outputs DIR [--chapter uppdraget] [--saves 10] [--json FILE]
//                    [--target-ms 1000]
//
// Starts `python -m pipeline preview` (PYTHON names the interpreter) on the inputs folder, which
// must be a scratch copy: the chapter is written to, as an analyst's editor would, and put back
// at the end. Opens the page in headless Chromium, then saves the chapter SAVES times, each time
// with a new sentence, and measures from just before the write to the moment the sentence is in
// the page's DOM (the page reloads itself on the server's event). Prints every time and the median;
// exit 1 when the median is above --target-ms (0: no target), 2 on a set-up error.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import puppeteer from "puppeteer-core";

const options = { inputs: null, outputs: null, chapter: "uppdraget", saves: 10, json: null, targetMs: 1000 };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 1) {
  const arg = args[i];
  if (arg === "--inputs") options.inputs = args[++i];
  else if (arg === "--outputs") options.outputs = args[++i];
  else if (arg === "--chapter") options.chapter = args[++i];
  else if (arg === "--saves") options.saves = Number(args[++i]);
  else if (arg === "--json") options.json = args[++i];
  else if (arg === "--target-ms") options.targetMs = Number(args[++i]);
  else {
    console.error(`preview: okänt argument ${arg}`);
    process.exit(2);
  }
}
if (!options.inputs || !options.outputs) {
  console.error("användning: node preview.mjs --inputs MAPP --outputs MAPP [--chapter NAMN] [--saves 10] [--json FIL]");
  process.exit(2);
}
const python = process.env.PYTHON || "python3";
const chapterFile = path.join(options.inputs, "text", `${options.chapter}.md`);
const original = readFileSync(chapterFile, "utf8");

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// The preview, until it prints its address (it builds the hand-overs first).
const server = spawn(python, ["-m", "pipeline", "preview", "--port", "0", "--inputs", options.inputs, "--outputs", options.outputs], {
  stdio: ["ignore", "pipe", "pipe"],
});
let log = "";
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("förhandsvisningen gav ingen adress inom 10 minuter")), 600_000);
  const look = (chunk) => {
    log += chunk;
    const found = log.match(/Förhandsvisningen: (http:\/\/127\.0\.0\.1:\d+\/)/);
    if (found) {
      clearTimeout(timer);
      resolve(found[1]);
    }
  };
  server.stdout.on("data", look);
  server.stderr.on("data", look);
  server.on("exit", (code) => reject(new Error(`förhandsvisningen avslutades (${code}):\n${log}`)));
}).catch((error) => {
  console.error(`preview: ${error.message}`);
  process.exit(2);
});

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM,
  headless: true,
  args: ["--no-sandbox", "--font-render-hinting=none"],
});
const samples = [];
let failure = null;
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: "load" });
  const has = async (token) => {
    try {
      return await page.evaluate((t) => Boolean(document.body && document.body.textContent.includes(t)), token);
    } catch {
      return false; // the page is reloading: its old document is gone
    }
  };
  for (let i = 1; i <= options.saves; i += 1) {
    await new Promise((r) => setTimeout(r, 400)); // the previous reload settled, as between two saves
    const token = `Mätpunkt ${i}-${Date.now().toString(36)}`;
    const started = performance.now();
    writeFileSync(chapterFile, `${original.trimEnd()}\n\n${token} för förhandsvisningen.\n`);
    while (!(await has(token))) {
      if (performance.now() - started > 30_000) throw new Error(`texten från sparning ${i} syntes inte inom 30 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    samples.push(Math.round(performance.now() - started));
  }
} catch (error) {
  failure = error.message;
} finally {
  writeFileSync(chapterFile, original);
  await browser.close();
  server.kill("SIGTERM");
}
if (failure) {
  console.error(`preview: ${failure}`);
  process.exit(1);
}
const result = { url, chapter: options.chapter, samples_ms: samples, median_ms: median(samples), target_ms: options.targetMs };
if (options.json) writeFileSync(options.json, JSON.stringify(result, null, 2));
console.log(
  `Förhandsvisningen: sparat kapitel → ny text i sidan, median ${result.median_ms} ms ` +
    `(${samples.length} sparningar: ${samples.join(", ")} ms)`,
);
const missed = options.targetMs > 0 && result.median_ms > options.targetMs;
if (missed) console.error(`preview: medianen ${result.median_ms} ms är över målet ${options.targetMs} ms`);
process.exit(missed ? 1 : 0);
