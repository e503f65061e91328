// Drives the web SDK (clients/web/actors-device.js) with Node against the real gateway, as a
// page would: the page's backend (here: a call with the server key) hands out the user's token.
// Run by WebSdkTests in ./actors test; exits non-zero on the first failed check.
import assert from "node:assert/strict";
import { ActorsDevice, ActorsError } from "../../clients/web/actors-device.js";

const { ACTORS_JSON_URL: address, ACTORS_DEVICE_KEY: deviceKey, ACTORS_SERVER_KEY: serverKey, ACTORS_USER: userId, ACTORS_OTHER_USER: otherId } = process.env;

let tokensFetched = 0;
async function backendToken(user) {
  tokensFetched++;
  const response = await fetch(new URL("/v1/privacy:issueDeviceToken", address), {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": serverKey },
    body: JSON.stringify({ userId: user, ttl: "3600s" }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()).token;
}

// Without a token the device key can neither silence nor erase anyone.
const keyOnly = new ActorsDevice({ address, deviceKey, userId: otherId });
await assert.rejects(keyOnly.forget(), (e) => e instanceof ActorsError && e.status === 403 && e.field === "x-device-token" && /needs a user token/.test(e.message));
keyOnly.close();

// With its user's token: events, then a suppression; the token is fetched once and reused.
const device = new ActorsDevice({ address, deviceKey, userId, userToken: () => backendToken(userId) });
assert.equal(device.track("screen.view", { screen: "home" }), true);
assert.equal(device.track("Bad Name"), false);
device.track("app.open");
device.track("app.open");
await device.flush();
await device.suppress("tracking turned off in the page");
assert.equal(device.track("app.open"), false);
assert.equal(tokensFetched, 1);
device.close();

// A token for one user does not act on another.
const impostor = new ActorsDevice({ address, deviceKey, userId: otherId, userToken: () => backendToken(userId) });
await assert.rejects(impostor.forget(), (e) => e instanceof ActorsError && e.status === 403 && e.field === "/userId");
impostor.close();

console.log(JSON.stringify({ ok: true, tokensFetched }));
