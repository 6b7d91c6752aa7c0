// The default theme in headless Chromium, on the repo's own sample catalog opened from file://:
// search and facets on the projects page, the filter state in the URL hash, no script errors,
// no page wider than a 375-px phone, no serious axe-core violations, valid HTML.
//
// BROCHURE_OUTPUT names a built site (tests/browser.rs passes one); without it the site is
// built here with `cargo run -- build --no-pdf`. Chromium is /usr/bin/chromium unless
// CHROMIUM says otherwise.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";

import { chromium } from "playwright-core";
import { HtmlValidate } from "html-validate";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let site;
let builtHere;
let browser;
let catalog;

function buildSite() {
  if (process.env.BROCHURE_OUTPUT) {
    return process.env.BROCHURE_OUTPUT;
  }
  builtHere = mkdtempSync(join(tmpdir(), "brochure-browser-"));
  const output = join(builtHere, "site");
  execFileSync("cargo", ["run", "--quiet", "--", "build", repo, "--no-pdf", "-o", output], {
    cwd: repo,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return output;
}

/** One page of every type, found from the built site itself. */
function pageTypes() {
  const first = catalog.projects[0];
  const page = readdirSync(join(site, "pages"))[0];
  return {
    home: "index.html",
    projects: "projects/index.html",
    project: first.url,
    chains: "chains/index.html",
    chain: `chains/${first.chain}/index.html`,
    counties: "counties/index.html",
    county: `counties/${first.county}/index.html`,
    matrix: "matrix/index.html",
    page: `pages/${page}/index.html`,
    notFound: "404.html",
  };
}

/** The page types, and those of the English edition when the site has one. */
function pageTypesOfEveryEdition() {
  const types = pageTypes();
  if (!existsSync(join(site, "en"))) {
    return types;
  }
  const english = Object.entries(types)
    .filter(([type]) => type !== "notFound")
    .map(([type, path]) => [`english ${type}`, `en/${path}`]);
  return { ...types, ...Object.fromEntries(english) };
}

function url(path, hash = "") {
  return pathToFileURL(join(site, path)).href + hash;
}

/** A page that records every console error and uncaught exception. */
async function openPage(width) {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  const errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") {
      errors.push(message.text());
    }
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return { page, errors };
}

async function visibleProjects(page) {
  return page.$$eval("#project-list [data-project]", (cards) =>
    cards.filter((card) => !card.hidden).map((card) => card.dataset.project).sort(),
  );
}

function slugs(projects) {
  return projects.map((p) => p.slug).sort();
}

before(async () => {
  site = buildSite();
  catalog = JSON.parse(readFileSync(join(site, "data/projects.json"), "utf8"));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: CHROMIUM_FLAGS,
  });
});

after(async () => {
  await browser?.close();
  if (builtHere) {
    rmSync(builtHere, { recursive: true, force: true });
  }
});

describe("every page type", () => {
  for (const width of [375, 1280]) {
    test(`fits a ${width}-px viewport without script errors or serious axe violations`, async () => {
      const { page, errors } = await openPage(width);
      for (const [type, path] of Object.entries(pageTypesOfEveryEdition())) {
        await page.goto(url(path));
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(scrollWidth <= width, `${type} (${path}) is ${scrollWidth} px wide at ${width} px`);
        assert.equal(await page.locator("h1").count(), 1, `${type} has one h1`);
        await page.addScriptTag({ content: axeSource });
        // preload: false keeps axe from fetching the stylesheets, which file:// forbids.
        const results = await page.evaluate(() => window.axe.run(document, { preload: false }));
        const serious = results.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
        assert.deepEqual(serious, [], `${type} (${path}) at ${width} px`);
      }
      assert.deepEqual(errors, [], "console errors");
      await page.close();
    });
  }

  test("is valid HTML", async () => {
    const validator = new HtmlValidate({
      extends: ["html-validate:recommended"],
      rules: {
        // Template tags on their own lines leave indentation behind; it is not an HTML error.
        "no-trailing-whitespace": "off",
        // Phone links keep their plain hyphens (copy-paste, dialling); class "tel" is
        // white-space: nowrap, which is what the rule asks for.
        "tel-non-breaking": ["error", { ignoreClasses: ["tel"] }],
        // A facet is a group of checkboxes sharing one name, as HTML intends.
        "form-dup-name": ["error", { shared: ["radio", "checkbox", "button", "reset", "submit"] }],
        // "Projects · <the catalog's full English title>" runs past the 70 characters a search
        // result shows; the title is right, a search engine just shortens it.
        "long-title": "off",
      },
    });
    for (const [type, path] of Object.entries(pageTypesOfEveryEdition())) {
      const report = await validator.validateFile(join(site, path));
      const messages = report.results.flatMap((r) =>
        r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`),
      );
      assert.deepEqual(messages, [], `${type} (${path})`);
    }
  });
});

describe("the projects page", () => {
  test("lists every project without filters", async () => {
    const { page, errors } = await openPage(1280);
    await page.goto(url("projects/index.html"));
    assert.deepEqual(await visibleProjects(page), slugs(catalog.projects));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("search narrows the list to the projects whose text contains the words", async () => {
    const { page, errors } = await openPage(1280);
    await page.goto(url("projects/index.html"));
    const word = catalog.projects[0].title.slice(0, 2);
    await page.fill("input[type=search]", word);
    const expected = catalog.projects.filter((p) =>
      [p.title, p.summary, p.tags.join(" "), p.location, p.code].join("\n").toLowerCase().includes(word),
    );
    const shown = await visibleProjects(page);
    assert.deepEqual(shown, slugs(expected));
    assert.ok(shown.length > 0 && shown.length < catalog.projects.length, `${word}: ${shown.length}`);
    const listed = await page.locator("#project-list [data-project]").count();
    assert.equal(listed, catalog.projects.length, "filtered projects are hidden, not removed");
    await page.fill("input[type=search]", "没有这样的项目zzz");
    assert.deepEqual(await visibleProjects(page), []);
    assert.ok(await page.locator("#no-results").isVisible());
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a chain facet shows exactly that chain's projects, kept in the URL across a reload", async () => {
    const { page, errors } = await openPage(1280);
    await page.goto(url("projects/index.html"));
    const chain = catalog.catalog.chains.find((c) => c.projects > 0 && c.projects < catalog.projects.length);
    await page.check(`input[name=chain][value="${chain.id}"]`);
    const expected = slugs(catalog.projects.filter((p) => p.chain === chain.id));
    assert.deepEqual(await visibleProjects(page), expected);
    const hash = await page.evaluate(() => location.hash);
    assert.match(hash, new RegExp(`chain=${chain.id}`));
    await page.reload();
    assert.ok(await page.isChecked(`input[name=chain][value="${chain.id}"]`), "checked after reload");
    assert.deepEqual(await visibleProjects(page), expected);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("facet values are the ids of data/projects.json", async () => {
    const { page } = await openPage(1280);
    await page.goto(url("projects/index.html"));
    const values = async (name) =>
      (await page.$$eval(`input[name=${name}]`, (boxes) => boxes.map((b) => b.value))).sort();
    const unique = (list) => [...new Set(list)].sort();
    assert.deepEqual(await values("chain"), unique(catalog.catalog.chains.map((c) => c.id)));
    assert.deepEqual(await values("county"), unique(catalog.catalog.counties.map((c) => c.id)));
    assert.deepEqual(await values("status"), ["negotiating", "reserve", "signed"]);
    assert.deepEqual(await values("cooperation"), unique(catalog.projects.flatMap((p) => p.cooperation)));
    await page.close();
  });

  test("a shared link with several filters restores them, amounts and sorting included", async () => {
    const { page, errors } = await openPage(375);
    const project = catalog.projects[0];
    await page.goto(url("projects/index.html", `#chain=${project.chain}&county=${project.county}`));
    const cell = catalog.projects.filter((p) => p.chain === project.chain && p.county === project.county);
    assert.deepEqual(await visibleProjects(page), slugs(cell));
    const min = 5;
    await page.goto(url("projects/index.html", `#min=${min}&sort=investment-desc`));
    await page.reload();
    const large = catalog.projects.filter((p) => p.investment_wan >= min * 10000);
    assert.deepEqual(await visibleProjects(page), slugs(large));
    const order = await page.$$eval("#project-list [data-project]:not([hidden])", (cards) =>
      cards.map((card) => Number(card.dataset.investment)),
    );
    assert.deepEqual(order, [...order].sort((a, b) => b - a), "largest first");
    assert.equal(await page.inputValue("select[name=sort]"), "investment-desc");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("facet counts follow the other filters", async () => {
    const { page } = await openPage(1280);
    const project = catalog.projects[0];
    await page.goto(url("projects/index.html", `#chain=${project.chain}`));
    const countOf = (facet, value) =>
      page.$eval(`input[name=${facet}][value="${value}"]`, (box) => box.closest("label").querySelector(".count").textContent);
    const expected = catalog.projects.filter((p) => p.chain === project.chain && p.county === project.county).length;
    assert.equal(await countOf("county", project.county), String(expected));
    await page.close();
  });
});

describe("without the filters", () => {
  test("the projects page lists every project when JavaScript is off", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url("projects/index.html"));
    const visible = await page.locator("#project-list [data-project]:visible").count();
    assert.equal(visible, catalog.projects.length);
    assert.equal(await page.locator("form[data-filters]").isVisible(), false, "dead controls are hidden");
    await context.close();
  });

  test("a chain page sorts its projects by amount", async () => {
    const { page, errors } = await openPage(375);
    const chain = catalog.catalog.chains.find((c) => c.projects > 1);
    await page.goto(url(`chains/${chain.id}/index.html`));
    await page.selectOption("select[data-sorts]", "investment-asc");
    const order = await page.$$eval("#chain-projects [data-project]", (cards) =>
      cards.map((card) => Number(card.dataset.investment)),
    );
    assert.equal(order.length, chain.projects);
    assert.deepEqual(order, [...order].sort((a, b) => a - b), "smallest first");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("body tables of a few columns wrap to fit a phone; wide ones scroll in their box", async () => {
    const { page, errors } = await openPage(375);
    const boxes = async (path) => {
      await page.goto(url(path));
      return page.$$eval(".body .table-scroll", (els) =>
        els.map((el) => ({ wide: el.classList.contains("wide"), overflow: el.scrollWidth - el.clientWidth })),
      );
    };
    const narrow = await boxes("projects/jingkaiqu-ic-advanced-packaging/index.html");
    assert.equal(narrow.length, 1);
    assert.equal(narrow[0].wide, false, "a three-column table is not a wide one");
    assert.ok(narrow[0].overflow <= 0, `it overflows its box by ${narrow[0].overflow} px`);
    const wide = await boxes("pages/contact/index.html");
    assert.equal(wide[0].wide, true, "the four-column contact table keeps its rows on one line");
    assert.deepEqual(errors, []);
    await page.close();
  });
});
