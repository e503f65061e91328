// The web device SDK of Actors: reports a signed-in user's events and privacy choices from a
// web page (or any runtime with fetch) over the gateway's HTTP/JSON routes. It holds the
// tenant's device key, which alone can act for no user, and the user's device token, which the
// page gets from its own backend (Privacy.IssueDeviceToken). See docs/sdk.md.

const REFRESH_AHEAD_MS = 60_000;
const EVENT_NAME = /^[a-z][a-z0-9_.]{0,63}$/;

/** A refusal by the platform: HTTP status, gRPC code, the field's JSON pointer, the message. */
export class ActorsError extends Error {
  constructor(status, code, field, message) {
    super(message);
    this.name = "ActorsError";
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export class ActorsDevice {
  /**
   * @param {{ address: string, deviceKey: string, userId: string, userToken?: () => Promise<string>,
   *           maxBatchSize?: number, flushIntervalMs?: number, fetch?: typeof fetch }} options
   */
  constructor(options) {
    if (!options.address || !options.deviceKey || !options.userId) {
      throw new TypeError("address, deviceKey and userId are required");
    }
    this.options = { maxBatchSize: 100, flushIntervalMs: 10_000, ...options };
    this.queue = [];
    this.stopped = false;
    this.token = null;
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.timer = setInterval(() => this.flush().catch(() => {}), this.options.flushIntervalMs);
    this.timer.unref?.();
  }

  /** Queues an event; false once the user suppressed or was forgotten, or for a name the platform refuses. */
  track(name, properties = {}) {
    if (this.stopped || !EVENT_NAME.test(name) || !Object.keys(properties).every((k) => EVENT_NAME.test(k))) {
      return false;
    }
    this.queue.push({ userId: this.options.userId, name, occurredAt: new Date().toISOString(), properties });
    if (this.queue.length >= this.options.maxBatchSize) {
      this.flush().catch(() => {});
    }
    return true;
  }

  /** Sends every waiting event, one batch at a time; what a transient failure left waits for the next flush. */
  async flush() {
    while (!this.stopped && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatchSize);
      try {
        await this.call("/v1/events:batch", { events: batch });
      } catch (e) {
        if (!(e instanceof ActorsError) || e.status >= 500) {
          this.queue.unshift(...batch); // unreachable or unavailable: try again later
        }
        throw e;
      }
    }
  }

  /** The user restricts processing: drops what waits, sends nothing more, tells the platform. */
  async suppress(reason = "") {
    this.stop();
    return this.call("/v1/privacy:suppress", { userId: this.options.userId, reason });
  }

  /** The user asks to be forgotten: drops what waits, sends nothing more, erases the user. */
  async forget() {
    this.stop();
    return this.call("/v1/privacy:forget", { userId: this.options.userId });
  }

  close() {
    clearInterval(this.timer);
  }

  stop() {
    this.stopped = true;
    this.queue.length = 0;
  }

  async call(path, body) {
    try {
      return await this.post(path, body, await this.userToken(false));
    } catch (e) {
      // A token revoked or expired early: ask the page's backend once more, then retry once.
      if (e instanceof ActorsError && e.status === 403 && e.field === "x-device-token" && this.options.userToken) {
        return this.post(path, body, await this.userToken(true));
      }
      throw e;
    }
  }

  async userToken(refresh) {
    if (!this.options.userToken) {
      return null;
    }
    if (!refresh && this.token && this.token.expiresAt - REFRESH_AHEAD_MS > Date.now()) {
      return this.token.value;
    }
    const value = await this.options.userToken();
    this.token = { value, expiresAt: expiryOf(value) };
    return value;
  }

  async post(path, body, token) {
    const headers = { "content-type": "application/json", "x-api-key": this.options.deviceKey };
    if (token) {
      headers["x-device-token"] = token;
    }
    const response = await this.fetch(new URL(path, this.options.address), { method: "POST", headers, body: JSON.stringify(body) });
    const text = await response.text();
    const json = text ? JSON.parse(text) : {};
    if (!response.ok) {
      const violation = json.details?.[0]?.fieldViolations?.[0];
      throw new ActorsError(response.status, json.code, violation?.field ?? null, json.message ?? `HTTP ${response.status}`);
    }
    return json;
  }
}

/** The token's exp claim in milliseconds; 0 (refresh at the next call) if it cannot be read. */
function expiryOf(token) {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload.padEnd(Math.ceil(payload.length / 4) * 4, "="))).exp * 1000;
  } catch {
    return 0;
  }
}
