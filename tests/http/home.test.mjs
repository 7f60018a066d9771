// home.test.mjs - the home page speaks to the person's role: an empty "Your
// cases" tells a delivery officer and an adviser how cases reach them, and is
// not shown at all to roles that are never a case's own people.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, stopCleanly, signedIn } from "../lib/harness.mjs";

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  if (server) await stopCleanly(server);
});

const text = (html) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

test("an empty home page says what fits the role", async () => {
  const home = async (role) => text((await (await signedIn(server, { role })).client.get("/")).text);

  const grants = await home("grant-team");
  assert.doesNotMatch(grants, /delivery officer/i, "the grant team is not told about being a delivery officer");
  assert.doesNotMatch(grants, /Your cases/);
  assert.match(grants, /Your watchlist/);

  const officer = await home("delivery-officer");
  assert.match(officer, /Your cases You have no cases\. A case appears here when you are its delivery officer\./);

  const adviser = await home("adviser");
  assert.match(adviser, /Your cases You have no cases\. A case appears here when it is allocated to you\./);

  const director = await home("regional-director");
  assert.doesNotMatch(director, /Your cases/);
});

test("the home page links to the person's own account settings", async () => {
  const page = (await (await signedIn(server, { role: "adviser" })).client.get("/")).text;
  for (const href of ["/account/password", "/account/two-factor", "/account/emails"])
    assert.ok(page.includes(`href="${href}"`), `links to ${href}`);
});
