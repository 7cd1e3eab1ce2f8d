import got, { type Response } from 'got';
import pLimit, { type LimitFunction } from 'p-limit';
import pRetry, { AbortError } from 'p-retry';
import { RECORD_SCHEMAS, STATE_SOURCES, type Answer, type Period, type StateSource } from '../domain/state-data.js';

export type { Period };

export interface Question<S extends StateSource = StateSource> {
  source: S;
  iin: string;
  period: Period;
  /** Travels as the request id, so the gateway's log finds the application without an IIN in ours. */
  requestId: string;
}

/**
 * The e-government gateway (ШЭП), one typed question per state register (§11). The real client (ШЭП
 * SyncChannel, signed requests) implements this interface; ours speaks to the local registries service.
 */
export interface StateGateway {
  ask<S extends StateSource>(question: Question<S>): Promise<Answer<S>>;
}

/** A register that failed or did not answer in time: the provider's fault, never the applicant's. */
export class GatewayError extends Error {
  constructor(
    readonly source: StateSource,
    reason: string,
  ) {
    super(`${STATE_SOURCES[source].register} (${source}) ${reason}`);
  }
}

export interface HttpGatewayOptions {
  url: string;
  token?: string;
  timeoutMs: number;
  /** Attempts per question within one delivery of the task; then the task's own retries take over. */
  attempts: number;
  retryBaseMs: number;
  /** Requests in flight at once; the others wait their turn (the timeout starts with the request). */
  concurrency: number;
}

/** The gateway over HTTP: `POST {url}/{source}` with the IIN and period; 200 the record, 404 none. */
export class HttpStateGateway implements StateGateway {
  private readonly limit: LimitFunction;

  constructor(private readonly options: HttpGatewayOptions) {
    this.limit = pLimit(options.concurrency);
  }

  ask<S extends StateSource>(question: Question<S>): Promise<Answer<S>> {
    return pRetry(() => this.limit(() => this.once(question)), {
      retries: this.options.attempts - 1,
      minTimeout: this.options.retryBaseMs,
      factor: 2,
      randomize: true,
    });
  }

  private async once<S extends StateSource>({ source, iin, period, requestId }: Question<S>): Promise<Answer<S>> {
    let res: Response<string>;
    try {
      res = await got.post(`${this.options.url.replace(/\/$/, '')}/${source}`, {
        headers: {
          'x-request-id': requestId,
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        },
        json: { iin, periodFrom: period.from, periodTo: period.to },
        timeout: { request: this.options.timeoutMs },
        retry: { limit: 0 },
        throwHttpErrors: false,
      });
    } catch (e) {
      const timedOut = (e as Error).name === 'TimeoutError';
      throw new GatewayError(
        source,
        timedOut ? `did not answer within ${this.options.timeoutMs} ms` : `is unreachable: ${(e as Error).message}`,
      );
    }
    if (res.statusCode === 404) return { found: false };
    if (res.statusCode === 401 || res.statusCode === 403)
      throw new AbortError(
        new GatewayError(source, `refused our credentials (HTTP ${res.statusCode}): check STATE_GATEWAY_TOKEN`),
      );
    if (res.statusCode < 200 || res.statusCode > 299) throw new GatewayError(source, `answered HTTP ${res.statusCode}`);
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      body = undefined;
    }
    const parsed = RECORD_SCHEMAS[source].safeParse(body);
    if (!parsed.success)
      throw new AbortError(
        new GatewayError(
          source,
          `answered a record we cannot read: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        ),
      );
    return { found: true, record: parsed.data };
  }
}
