// browser.mjs - a real browser for the end-to-end suite.
//
// launchBrowser() starts Debian's Chromium (never a downloaded one) through
// playwright-core. openPage() gives a page in a fresh context that records
// every document it loads; checkPage() runs axe-core's WCAG 2.2 AA rules on
// the page, and fails on script errors, Content-Security-Policy violations
// and assets that did not load. visit() and submit() navigate and then check,
// and closePage() fails if any document the page loaded was never checked,
// so that no page of a journey escapes the accessibility check.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SOURCE_DIR, nextTotpCode, rememberTotp, totpSecretFor } from "./harness.mjs";

export const CHROMIUM = process.env.RISE_CHROMIUM || "/usr/bin/chromium";
const AXE = join(SOURCE_DIR, "node_modules/axe-core/axe.min.js");
export const ARTEFACTS = new URL("../e2e/artefacts/", import.meta.url).pathname;
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Starts headless Chromium; fails loudly when it is not installed. */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. The end-to-end tests need it: run \`make test\`, ` +
        "which installs it (scripts/deps.sh), or `apt-get install chromium`.",
    );
  }
  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch (e) {
    throw new Error(`playwright-core is missing from node_modules: run \`make test\` (it runs npm ci). ${e.message}`);
  }
  // launch() gives every run a fresh, temporary user-data-dir.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/* What is known about each page: its documents and what went wrong on them. */
const state = new WeakMap();

/**
 * A page in a new browser context (its own cookies) for the server at baseURL.
 *
 * The service's Content-Security-Policy (script-src 'self') refuses the inline
 * <script> that page.addScriptTag() writes, so axe-core cannot be injected
 * that way under the real policy. By default the context therefore sets
 * bypassCSP, and it does so ONLY so that checkA11y() can inject axe-core with
 * addScriptTag({path}); nothing else relies on it. Because bypassing hides the
 * policy, pass { strictCsp: true } for a context that enforces the real
 * policy: there checkPage() fails on any violation, and axe-core is evaluated
 * through the DevTools protocol, which the page's policy does not govern.
 * { javaScriptEnabled: false } gives a browser with scripts turned off; axe
 * then checks a copy of each page's document (see checkA11yOfCopy).
 */
export async function openPage(browser, baseURL, { javaScriptEnabled = true, strictCsp = false } = {}) {
  const injectWithTag = javaScriptEnabled && !strictCsp;
  const context = await browser.newContext({
    baseURL,
    javaScriptEnabled,
    bypassCSP: injectWithTag,
    viewport: { width: 1024, height: 768 },
    locale: "en-GB",
    timezoneId: "Europe/London",
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const s = { injectWithTag, scriptsOff: !javaScriptEnabled, docs: [], problems: [], copy: null };
  state.set(page, s);
  page.on("response", (res) => {
    const req = res.request();
    if (req.isNavigationRequest() && res.frame() === page.mainFrame()) {
      if (res.status() < 300 || res.status() >= 400) s.docs.push({ url: res.url(), status: res.status(), checked: false });
    } else if (res.status() >= 400) {
      s.problems.push(`${req.resourceType()} ${res.url()} answered ${res.status()}`);
    }
  });
  page.on("requestfailed", (req) => {
    const why = req.failure()?.errorText ?? "";
    // ERR_ABORTED: the browser dropped the request because the page moved on
    if (!req.isNavigationRequest() && !/ERR_ABORTED/.test(why)) s.problems.push(`${req.resourceType()} ${req.url()} failed: ${why}`);
  });
  page.on("pageerror", (err) => s.problems.push(`script error: ${err.message}`));
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) s.problems.push(`CSP violation: ${msg.text()}`);
  });
  return page;
}

/** Closes the page's context, failing if any document it loaded was not checked. */
export async function closePage(page, { verify = true } = {}) {
  const s = state.get(page);
  await page.context().close();
  if (s?.copy) await s.copy.context().close();
  if (!verify || !s) return;
  const missed = s.docs.filter((d) => !d.checked).map((d) => `${d.status} ${d.url}`);
  assert.deepEqual(missed, [], "every page visited must be checked with checkPage()");
}

/**
 * Runs fn(page) with a page from openPage(), then closes it. When fn
 * succeeds, also fails if a page it visited was never checked; when fn
 * fails, its error is the one reported, and what the page showed is saved
 * as artefacts/failure.png.
 */
export async function withPage(browser, baseURL, options, fn) {
  if (typeof options === "function") [options, fn] = [{}, options];
  const page = await openPage(browser, baseURL, options);
  let ok = false;
  try {
    await fn(page);
    ok = true;
  } finally {
    if (!ok) await screenshot(page, "failure").catch(() => {});
    await closePage(page, { verify: ok });
  }
}

function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `      at ${n.target.join(" ")}\n        ${(n.failureSummary || "").replace(/\n/g, "\n        ")}`)
        .join("\n");
      return `  - ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join("\n");
}

/** Runs axe-core's WCAG 2.0-2.2 A and AA rules on the page; fails listing every violation. */
export async function checkA11y(page, label) {
  const s = state.get(page);
  if (s?.scriptsOff) return checkA11yOfCopy(page, label);
  const loaded = await page.evaluate(() => typeof window.axe === "object");
  if (!loaded) {
    if (!s || s.injectWithTag) await page.addScriptTag({ path: AXE });
    else await page.evaluate(readFileSync(AXE, "utf8"));
  }
  const result = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    // GOV.UK's conditional reveal sets aria-expanded on the radio or checkbox
    // that reveals a question. ARIA does not list it for those roles, so axe
    // objects; GOV.UK keeps it on purpose, as screen readers announce it
    // (govuk-frontend issue 979, a documented known issue). That one
    // attribute, on those inputs only, is not counted.
    const revealing = (n) => {
      const el = n.target.length === 1 ? document.querySelector(n.target[0]) : null;
      const checks = [...n.all, ...n.any, ...n.none].filter((c) => c.id === "aria-allowed-attr");
      return (
        el?.matches('input.govuk-radios__input[aria-controls^="conditional-"], input.govuk-checkboxes__input[aria-controls^="conditional-"]') &&
        checks.length > 0 &&
        checks.every((c) => Array.isArray(c.data?.values) && c.data.values.every((d) => /^aria-expanded="(true|false)"$/.test(d)))
      );
    };
    r.violations = r.violations
      .map((v) => (v.id === "aria-allowed-attr" ? { ...v, nodes: v.nodes.filter((n) => !revealing(n)) } : v))
      .filter((v) => v.nodes.length > 0);
    return r;
  }, WCAG_TAGS);
  if (result.violations.length) {
    assert.fail(
      `${label} (${page.url()}) has ${result.violations.length} accessibility violation(s):\n` +
        describeViolations(result.violations),
    );
  }
}

/*
 * With JavaScript turned off the browser runs no timers, and axe-core needs
 * them, so axe cannot run in that page. Instead the page's document, exactly
 * as that browser has it, is shown at the same address in a second page
 * whose own scripts are all refused (so the document stays as a browser
 * without JavaScript shows it, styles and fonts included), and axe runs there.
 */
async function checkA11yOfCopy(page, label) {
  const s = state.get(page);
  const url = page.url();
  const html = await page.content();
  if (!s.copy) {
    const context = await page.context().browser().newContext({
      bypassCSP: true, // only so that checkA11y() can inject axe-core (see openPage)
      viewport: page.viewportSize(),
    });
    s.copy = await context.newPage();
    await s.copy.route("**/*", (route) => {
      const req = route.request();
      if (req.isNavigationRequest() && req.url() === s.copyOf.url) {
        return route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: s.copyOf.html });
      }
      if (req.resourceType() === "script") return route.abort();
      return route.continue();
    });
  }
  s.copyOf = { url, html };
  await s.copy.goto(url);
  assert.equal(await s.copy.evaluate(() => document.body.classList.contains("js-enabled")), false);
  await checkA11y(s.copy, `${label} (without JavaScript)`);
}

/** Saves a full-page screenshot as tests/e2e/artefacts/<name>.png. */
export async function screenshot(page, name) {
  mkdirSync(ARTEFACTS, { recursive: true });
  const path = `${ARTEFACTS}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Checks the page now shown: it has loaded, had no script errors, CSP
 * violations or failed assets, does not scroll sideways, and passes axe.
 * options.screenshot names a screenshot to save. Marks the document as
 * checked for closePage().
 */
export async function checkPage(page, label, { screenshot: shot } = {}) {
  await page.waitForLoadState("load");
  const s = state.get(page);
  if (s) {
    const problems = s.problems.splice(0);
    assert.deepEqual(problems, [], `${label}: the browser reported problems`);
  }
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(sideways <= 0, `${label}: the page scrolls sideways by ${sideways}px at ${page.viewportSize().width}px wide`);
  await checkA11y(page, label);
  if (shot) await screenshot(page, shot);
  if (s) {
    // the newest document is the one on screen
    for (let i = s.docs.length - 1; i >= 0; i--) {
      if (s.docs[i].url.split("#")[0] === page.url().split("#")[0]) {
        s.docs[i].checked = true;
        break;
      }
    }
  }
}

/** Opens path (relative to the server) and checks the page; returns the response. */
export async function visit(page, path, label, options) {
  const res = await page.goto(path);
  await checkPage(page, label ?? path, options);
  return res;
}

/**
 * Does something that loads a new page (action: a Locator to click, or a
 * function), waits for the new document and checks it; returns the response.
 */
export async function submit(page, action, label, options) {
  const act = typeof action === "function" ? action : () => action.click();
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), act()]);
  await checkPage(page, label, options);
  return res;
}

/**
 * Fills the sign-in form and sends it (the page must show it), then gives
 * the second factor as a person would when rise asks: the code from their
 * authenticator app (the secret the harness holds for them), or setting it
 * up from the key the page shows, then Continue past the recovery codes.
 * Every page on the way is checked; label and options are for the last one.
 * Returns the last response.
 */
export async function signIn(page, email, password, label = "after signing in", options) {
  await page.getByLabel("Email address", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  const [res] = await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
  const at = new URL(page.url());
  if (at.pathname === "/login/two-factor" && totpSecretFor(email)) {
    await checkPage(page, "security code page");
    await page.getByLabel("Security code", { exact: true }).fill(await nextTotpCode(at.origin, email));
    return submit(page, page.getByRole("button", { name: "Continue" }), label, options);
  }
  if (at.pathname === "/login/two-factor/set-up") {
    await checkPage(page, "two-factor set-up page");
    rememberTotp(email, (await page.locator("#setup-key").innerText()).replace(/\s/g, ""));
    await page.getByLabel("Code from your authenticator app", { exact: true }).fill(await nextTotpCode(at.origin, email));
    await submit(page, page.getByRole("button", { name: "Continue" }), "recovery codes page");
    return submit(page, page.getByRole("button", { name: "Continue" }), label, options);
  }
  await checkPage(page, label, options);
  return res;
}

/** The id of the element that has focus, or its tag name when it has no id. */
export function focusedId(page) {
  return page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName.toLowerCase());
}
