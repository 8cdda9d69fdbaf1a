import Bottleneck from 'bottleneck';
import { Agent, request } from 'undici';
import type { Bitrix24Auth } from '../../config/crm-config.js';
import type { Logger } from '../../lib/logger.js';
import { CrmRequestError } from '../connectors/crm-connector.js';
import type { OAuthTokenStore } from '../connectors/oauth-token-store.js';
import { dropBody, networkError, readJson } from '../connectors/read-body.js';

/** A Bitrix24 error answer: `{"error": "QUERY_LIMIT_EXCEEDED", "error_description": "…"}`. */
interface Bitrix24Error {
  error: string;
  error_description?: string;
}

const isError = (v: unknown): v is Bitrix24Error =>
  typeof v === 'object' && v !== null && typeof (v as { error?: unknown }).error === 'string';

/**
 * Calls Bitrix24 REST methods (`POST …/<method>.json`, JSON body) through an incoming
 * webhook URL or with an application's OAuth token (refreshed, rotating refresh token kept
 * in the token store), over keep-alive connections. A limiter (bottleneck) follows the
 * portal's leaky bucket (burst 50, 2 requests a second drained): requests wait their turn
 * rather than be refused with QUERY_LIMIT_EXCEEDED; a request whose signal was aborted while
 * it waited is never sent.
 */
export class Bitrix24Client {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 16 });
  readonly limiter: Bottleneck;
  private refreshing: Promise<string> | null = null;

  constructor(
    private readonly opts: {
      auth: Bitrix24Auth;
      tokens: OAuthTokenStore;
      logger: Logger;
      /** Portal limits: a burst of `burst` requests, then `perSecond`. */
      burst?: number;
      perSecond?: number;
    },
  ) {
    const burst = opts.burst ?? 50;
    const perSecond = opts.perSecond ?? 2;
    this.limiter = new Bottleneck({
      reservoir: burst,
      reservoirIncreaseAmount: perSecond,
      reservoirIncreaseInterval: 1000,
      reservoirIncreaseMaximum: burst,
      maxConcurrent: 8,
    });
  }

  get isWebhook(): boolean {
    return this.opts.auth.kind === 'webhook';
  }

  /** Calls `method` with `params`; resolves to its `result` (and the whole answer). */
  async call<T = unknown>(
    method: string,
    params: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<T> {
    const answer = await this.limiter.schedule(() => {
      if (signal.aborted)
        throw new CrmRequestError(
          `bitrix24 ${method}: no answer within the time budget`,
          'timeout',
        );
      return this.send(method, params, signal, true);
    });
    return (answer as { result: T }).result;
  }

  private async send(
    method: string,
    params: Record<string, unknown>,
    signal: AbortSignal,
    mayRefresh: boolean,
  ): Promise<unknown> {
    const auth = this.opts.auth;
    let url: string;
    const body: Record<string, unknown> = { ...params };
    if (auth.kind === 'webhook') {
      url = `${auth.webhookUrl}/${method}.json`;
    } else {
      url = `${auth.portalUrl}/rest/${method}.json`;
      body.auth = await this.accessToken(signal);
    }
    let status: number;
    let json: unknown;
    try {
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal,
        dispatcher: this.agent,
      });
      status = res.statusCode;
      json = status === 204 ? null : await readJson(res.body, `bitrix24 ${method}`);
      if (status === 204) await dropBody(res.body);
    } catch (err) {
      throw networkError(err, `bitrix24 ${method}`);
    }
    if (isError(json)) {
      if (json.error === 'expired_token' && auth.kind === 'oauth' && mayRefresh) {
        await this.refresh(signal, true);
        return this.send(method, params, signal, false);
      }
      const reason = json.error === 'QUERY_LIMIT_EXCEEDED' ? 'rate-limit' : 'status';
      throw new CrmRequestError(
        `bitrix24 ${method}: ${json.error}${json.error_description ? ` (${json.error_description})` : ''}`,
        reason,
        status,
      );
    }
    if (
      status < 200 ||
      status >= 300 ||
      typeof json !== 'object' ||
      json === null ||
      !('result' in json)
    ) {
      throw new CrmRequestError(
        `bitrix24 ${method}: HTTP ${status} without a result`,
        'status',
        status,
      );
    }
    return json;
  }

  private async accessToken(signal: AbortSignal): Promise<string> {
    const stored = this.opts.tokens.load('bitrix24');
    if (stored?.accessToken && stored.expiresAt > Date.now() + 30_000) return stored.accessToken;
    return this.refresh(signal, false);
  }

  /**
   * One refresh at a time: Bitrix24 rotates the refresh token on every use. It runs on its
   * own time limit, not the lookup's: a refresh cut off after the portal rotated the token
   * would lose the only valid refresh token.
   */
  private refresh(_signal: AbortSignal, _force: boolean): Promise<string> {
    this.refreshing ??= this.doRefresh(AbortSignal.timeout(10_000)).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async doRefresh(signal: AbortSignal): Promise<string> {
    const auth = this.opts.auth;
    if (auth.kind !== 'oauth') throw new Error('no OAuth with an incoming webhook');
    const refreshToken = this.opts.tokens.load('bitrix24')?.refreshToken ?? auth.refreshToken;
    const q = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: auth.clientId,
      client_secret: auth.clientSecret,
      refresh_token: refreshToken,
    });
    let json: unknown;
    try {
      const res = await request(`${auth.oauthUrl}/oauth/token/?${q.toString()}`, {
        method: 'GET',
        signal,
        dispatcher: this.agent,
      });
      json = await readJson(res.body, 'bitrix24 oauth');
    } catch (err) {
      throw networkError(err, 'bitrix24 oauth');
    }
    const t = json as {
      access_token?: string;
      refresh_token?: string;
      expires_in?: number;
      error?: string;
    };
    if (!t.access_token || !t.refresh_token) {
      throw new CrmRequestError(`bitrix24 oauth: ${t.error ?? 'no token in the answer'}`, 'status');
    }
    this.opts.tokens.save('bitrix24', {
      accessToken: t.access_token,
      refreshToken: t.refresh_token,
      expiresAt: Date.now() + (t.expires_in ?? 3600) * 1000,
    });
    this.opts.logger.info({ connector: 'bitrix24' }, 'bitrix24 access token refreshed');
    return t.access_token;
  }

  async close(): Promise<void> {
    await this.limiter.stop({ dropWaitingJobs: true }).catch(() => undefined);
    await this.agent.close();
  }
}
