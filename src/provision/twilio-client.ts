import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';

/** Credentials for the Twilio REST API, and where it lives. */
export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /**
   * Origin that replaces `https://api.twilio.com` (and every other Twilio API host) in each
   * request, e.g. `http://127.0.0.1:4010`. Only tests set it, to talk to a local fake;
   * without it the SDK's own hosts are used.
   */
  apiBaseUrl?: string;
}

/**
 * Sends the SDK's requests to another origin, keeping path and query. twilio-node builds
 * absolute `https://api.twilio.com/...` URLs (next-page URLs too) and only lets one swap the
 * whole HTTP client, so rewriting in `request()` is the one place that catches them all while
 * everything else (auth header, form encoding, error handling) stays the SDK's.
 */
class RebasedRequestClient extends twilio.RequestClient {
  private readonly base: URL;

  constructor(base: URL) {
    // No keep-alive: a short CLI run gains nothing from it, and idle sockets would keep a
    // test's fake server from closing.
    super({ keepAlive: false });
    this.base = base;
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const original = new URL(opts.uri);
    const target = new URL(this.base);
    target.pathname = this.base.pathname.replace(/\/$/, '') + original.pathname;
    target.search = original.search;
    return super.request({ ...opts, uri: target.toString() });
  }
}

/**
 * Creates the twilio REST client for one account. Credentials are passed explicitly: the SDK
 * would otherwise fall back to reading TWILIO_* from the environment, and Config is the
 * only place that reads it.
 */
export function createTwilioClient(opts: TwilioClientOptions): twilio.Twilio {
  if (opts.apiBaseUrl === undefined) {
    return twilio(opts.accountSid, opts.authToken, { autoRetry: true });
  }
  return twilio(opts.accountSid, opts.authToken, {
    httpClient: new RebasedRequestClient(new URL(opts.apiBaseUrl)),
  });
}
