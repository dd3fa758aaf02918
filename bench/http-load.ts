/**
 * HTTP load with autocannon (closed loop: `connections` keep-alive connections, each sending its next
 * request when the previous answer arrives; HDR latency histograms at 1 ms resolution). It runs in this
 * process, on the load generator's CPU.
 */
import autocannon from 'autocannon';

export interface HttpRequest {
  body: string;
  headers?: Record<string, string>;
}

export interface HttpLoad {
  /** The endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  connections: number;
  /** For how long (the default), or until `amount` answers. */
  seconds?: number;
  amount?: number;
  /** The same request every time, or the next request each time (`next`). */
  request?: HttpRequest;
  next?: () => HttpRequest;
  /** Whether an answer (status 2xx) is a good one; the others count as errors. */
  check(body: string): boolean;
}

export interface HttpRound {
  /** Good answers. */
  answers: number;
  /** Connection errors, timeouts, non-2xx and bad answers. */
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** One load run against `load.url`; resolves with its throughput and latencies. */
export async function httpRound(load: HttpLoad): Promise<HttpRound> {
  const fixed = load.request;
  const next = load.next;
  let answers = 0;
  const result = await autocannon({
    url: load.url,
    method: 'POST',
    connections: load.connections,
    duration: load.seconds ?? 10,
    amount: load.amount,
    timeout: 10,
    headers: { ...JSON_HEADERS, ...fixed?.headers },
    body: fixed?.body,
    requests: next
      ? [
          {
            setupRequest: (request) => {
              const { body, headers } = next();
              return { ...request, method: 'POST', body, headers: { ...JSON_HEADERS, ...headers } };
            },
          },
        ]
      : undefined,
    verifyBody: (body) => {
      const good = load.check(String(body));
      if (good) answers += 1;
      return good;
    },
  });
  return {
    answers,
    errors: result.requests.total - answers + result.errors + result.timeouts,
    perSecond: answers / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}
