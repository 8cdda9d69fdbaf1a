import Bottleneck from 'bottleneck';
import { Agent, request } from 'undici';
import type { AmoCrmAuth } from '../../config/crm-config.js';
import type { Logger } from '../../lib/logger.js';
import { CrmRequestError } from '../connectors/crm-connector.js';
import type { OAuthTokenStore } from '../connectors/oauth-token-store.js';
import { dropBody, networkError, readJson } from '../connectors/read-body.js';

/** amoCRM allows at most 7 requests a second per integration (docs/crm-connectors.md). */
export const AMOCRM_REQUESTS_PER_SECOND = 7;

/** What `send` answers when amoCRM refused the OAuth access token. */
const UNAUTHORIZED = Symbol('unauthorized');

/** How long a request holds its slot: a second, and a margin for the network's jitter. */
const SLOT_MS = 1050;

/** An amoCRM error body (application/problem+json): title, status, detail. */
interface ProblemJson {
  title?: string;
  status?: number;
  detail?: string;
  hint?: string;
}

/**
 * Calls amoCRM's REST API v4 (`{AMOCRM_BASE_URL}/api/v4/…`) with a long-lived token or an
 * OAuth access token, over keep-alive connections. A limiter (bottleneck) keeps within 7
 * requests a second: a burst waits its turn instead of being answered 429, and a request
 * whose budget ran out while it waited is never sent. With OAuth, a 401 refreshes the
 * access token once (`POST /oauth2/access_token`, grant_type refresh_token) and repeats
 * the request; amoCRM rotates the refresh token on every refresh, so the new one is kept
 * in the token store before anything else happens.
 */
export class AmoCrmClient {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 16 });
  readonly limiter: Bottleneck;
  private refreshing: Promise<string> | null = null;

  constructor(
    private readonly opts: {
      baseUrl: string;
      auth: AmoCrmAuth;
      tokens: OAuthTokenStore;
      logger: Logger;
      perSecond?: number;
    },
  ) {
    // At most `perSecond` requests started in any second (a sliding window, not a fixed
    // one amoCRM's clock might not share): each request keeps its slot for a second and
    // a little more after it starts, so bursts go out at once and only the eighth waits.
    const perSecond = opts.perSecond ?? AMOCRM_REQUESTS_PER_SECOND;
    this.limiter = new Bottleneck({ maxConcurrent: Math.max(1, perSecond) });
  }

  /**
   * One request; resolves to the parsed body, or null for 204 No Content (what amoCRM
   * answers to a search that found nothing). A request whose signal is aborted while it
   * waits for a slot is never sent. A refused OAuth token is refreshed in a slot of its own
   * and the request repeated in another: a refresh and a repeat are requests too, and
   * sharing the refused request's slot would let one second carry more than 7.
   */
  async call(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body: unknown,
    signal: AbortSignal,
  ): Promise<unknown> {
    // The token is settled before a slot is taken: a refresh needs a slot of its own, and
    // waiting for one while holding another could leave every slot waiting.
    const token = await this.accessToken();
    const first = await this.inSlot(`amocrm ${method} ${path.split('?')[0]}`, signal, () =>
      this.send(method, path, body, signal, token),
    );
    if (first !== UNAUTHORIZED) return first;
    const fresh = await this.refresh();
    const again = await this.inSlot(`amocrm ${method} ${path.split('?')[0]}`, signal, () =>
      this.send(method, path, body, signal, fresh),
    );
    if (again !== UNAUTHORIZED) return again;
    throw new CrmRequestError(
      `amocrm ${method} ${path.split('?')[0]}: HTTP 401 with a refreshed token`,
      'status',
      401,
    );
  }

  /**
   * Runs one request in a limiter slot: the answer goes to the caller at once, and the slot
   * is held for the rest of the second after the request started.
   */
  private inSlot<T>(what: string, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.limiter
        .schedule(async () => {
          if (signal.aborted) {
            reject(new CrmRequestError(`${what}: no answer within the time budget`, 'timeout'));
            return;
          }
          const started = Date.now();
          await work().then(resolve, reject);
          const rest = SLOT_MS - (Date.now() - started);
          if (rest > 0) await new Promise((r) => setTimeout(r, rest).unref());
        })
        .catch(reject);
    });
  }

  /** One HTTP request with `token`; UNAUTHORIZED when an OAuth token is refused (401). */
  private async send(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body: unknown,
    signal: AbortSignal,
    token: string,
  ): Promise<unknown> {
    const what = `amocrm ${method} ${path.split('?')[0]}`;
    let status: number;
    let json: unknown = null;
    try {
      const res = await request(`${this.opts.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/hal+json, application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? null : JSON.stringify(body),
        signal,
        dispatcher: this.agent,
      });
      status = res.statusCode;
      if (status === 204) await dropBody(res.body);
      else if (status === 401 || status === 429 || status >= 500) {
        json = await readJson(res.body, what).catch(() => null);
      } else json = await readJson(res.body, what);
    } catch (err) {
      throw networkError(err, what);
    }
    if (status === 401 && this.opts.auth.kind === 'oauth') return UNAUTHORIZED;
    if (status === 204) return null;
    if (status < 200 || status >= 300) {
      const p = (json ?? {}) as ProblemJson;
      const detail = p.detail ?? p.title ?? '';
      throw new CrmRequestError(
        `${what}: HTTP ${status}${detail ? ` (${detail})` : ''}`,
        status === 429 ? 'rate-limit' : 'status',
        status,
      );
    }
    return json;
  }

  private async accessToken(): Promise<string> {
    const auth = this.opts.auth;
    if (auth.kind === 'token') return auth.accessToken;
    const stored = this.opts.tokens.load('amocrm');
    if (stored?.accessToken && stored.expiresAt > Date.now() + 60_000) return stored.accessToken;
    return this.refresh();
  }

  /**
   * One refresh at a time (a spent refresh token cannot be used twice), on its own time
   * limit rather than a lookup's: a refresh cut off after amoCRM rotated the token would
   * lose the only valid refresh token.
   */
  private refresh(): Promise<string> {
    const signal = AbortSignal.timeout(10_000);
    this.refreshing ??= this.inSlot('amocrm oauth', signal, () => this.doRefresh(signal)).finally(
      () => {
        this.refreshing = null;
      },
    );
    return this.refreshing;
  }

  private async doRefresh(signal: AbortSignal): Promise<string> {
    const auth = this.opts.auth;
    if (auth.kind !== 'oauth') throw new Error('no OAuth with a long-lived token');
    const refreshToken = this.opts.tokens.load('amocrm')?.refreshToken ?? auth.refreshToken;
    let status: number;
    let json: unknown;
    try {
      const res = await request(`${this.opts.baseUrl}/oauth2/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          client_id: auth.clientId,
          client_secret: auth.clientSecret,
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
          redirect_uri: auth.redirectUri,
        }),
        signal,
        dispatcher: this.agent,
      });
      status = res.statusCode;
      json = await readJson(res.body, 'amocrm oauth');
    } catch (err) {
      throw networkError(err, 'amocrm oauth');
    }
    const t = json as {
      access_token?: string;
      refresh_token?: string;
      expires_in?: number;
    } & ProblemJson;
    if (status !== 200 || !t.access_token || !t.refresh_token) {
      throw new CrmRequestError(
        `amocrm oauth: HTTP ${status} ${t.hint ?? t.detail ?? 'no token in the answer'}`,
        'status',
        status,
      );
    }
    this.opts.tokens.save('amocrm', {
      accessToken: t.access_token,
      refreshToken: t.refresh_token,
      expiresAt: Date.now() + (t.expires_in ?? 86_400) * 1000,
    });
    this.opts.logger.info(
      { connector: 'amocrm' },
      'amocrm access token refreshed, new refresh token kept',
    );
    return t.access_token;
  }

  async close(): Promise<void> {
    // Running jobs only sit out the rest of their second: they are not waited for.
    void this.limiter.stop({ dropWaitingJobs: true }).catch(() => undefined);
    await this.agent.close();
  }
}
