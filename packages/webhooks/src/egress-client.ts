import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  blockedAddressReason,
  createAllowlist,
  isBlockedHostname,
  normalizeHostname,
} from './address-policy.ts';
import { EgressBlockedError, EgressNetworkError, EgressTimeoutError } from './errors.ts';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a hostname to every address it has; the default goes through the OS resolver. */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export interface EgressClientOptions {
  /** Hostnames, addresses or CIDRs reachable even though private (development and tests only). */
  allowlist?: readonly string[];
  /** Per attempt: DNS, connect, request, and reading the whole (truncated) response. */
  timeoutMs: number;
  /** Longer responses are cut at this many bytes (the rest is not read). */
  maxResponseBytes: number;
  userAgent: string;
  resolveHost?: HostResolver;
  /**
   * How long a name's checked addresses (or an address literal's verdict) are used again
   * before DNS is asked and the check made anew (0: every request does both). Default 10 s: a
   * delivery no longer pays a `getaddrinfo` on libuv's small thread pool. Only answers that
   * passed the check are kept, and connections still go only to checked addresses, so DNS
   * rebinding gains nothing from it.
   */
  dnsCacheMs?: number;
  /** Milliseconds clock for the DNS answers' lifetime (tests). */
  now?: () => number;
  /** Extra trusted CA certificates (PEM), for receivers behind a private CA in development. */
  ca?: string | readonly string[];
}

export interface EgressRequest {
  headers?: Record<string, string>;
  body: string;
}

export interface EgressResponse {
  status: number;
  headers: Record<string, string>;
  /** UTF-8 text of at most `maxResponseBytes` bytes. */
  body: string;
  truncated: boolean;
  /** From the start of the attempt (DNS included) to the end of the response. */
  latencyMs: number;
  /** The address actually connected to, after it was checked. */
  address: string;
}

export interface EgressClient {
  post(url: string, request: EgressRequest): Promise<EgressResponse>;
  get(url: string, request?: { headers?: Record<string, string> }): Promise<EgressResponse>;
  /** Closes pooled connections. */
  close(): void;
}

const defaultResolver: HostResolver = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/**
 * Makes Node connect to the addresses we checked instead of asking DNS again (DNS rebinding).
 * All of them, when Node asks for all, so happy eyeballs can fall back from one to the next.
 */
function pinnedLookup(expectedHost: string, pinned: readonly ResolvedAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const first = pinned[0];
    if (normalizeHostname(hostname) !== expectedHost || first === undefined) {
      const error = Object.assign(new Error(`unexpected lookup of ${hostname}`), {
        code: 'EGRESS_UNEXPECTED_LOOKUP',
      });
      callback(error, '', 4);
      return;
    }
    // Node (autoSelectFamily) asks for `all`; the types only describe the single-address form.
    if (options.all) {
      (callback as unknown as (e: null, all: ResolvedAddress[]) => void)(null, [...pinned]);
    } else {
      callback(null, first.address, first.family);
    }
  };
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/**
 * An attempt's time limit: one timer and the one step waiting on it (DNS, then the exchange).
 * Hand-written instead of an AbortController per request: its signal and the race on it
 * measured ~10 % of the client's CPU, for one listener at a time.
 */
class Deadline {
  expired: EgressTimeoutError | undefined;
  private onExpiry: ((error: EgressTimeoutError) => void) | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(timeoutMs: number) {
    // The error is made only when the timer fires: a stack per request measured ~7 % of it.
    this.timer = setTimeout(() => {
      this.expired = new EgressTimeoutError(timeoutMs);
      this.onExpiry?.(this.expired);
    }, timeoutMs);
  }

  /** `fn` runs once if the deadline passes while it is the step waiting (or has passed). */
  whilePending(fn: (error: EgressTimeoutError) => void): void {
    this.onExpiry = fn;
    if (this.expired) fn(this.expired);
  }

  clear(): void {
    this.onExpiry = undefined;
    clearTimeout(this.timer);
  }
}

export function createEgressClient(options: EgressClientOptions): EgressClient {
  const allowlist = createAllowlist(options.allowlist);
  const resolveHost = options.resolveHost ?? defaultResolver;
  const ca = options.ca === undefined ? undefined : [options.ca].flat();
  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({ keepAlive: true, ...(ca ? { ca } : {}) });

  function parseTarget(rawUrl: string): URL {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new EgressBlockedError('INVALID_URL', rawUrl);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new EgressBlockedError('UNSUPPORTED_PROTOCOL', url.protocol);
    }
    return url;
  }

  const dnsCacheMs = options.dnsCacheMs ?? 10_000;
  const clock = options.now ?? Date.now;
  // Checked answers by name, oldest first (a Map keeps insertion order), at most MAX_NAMES.
  const answers = new Map<string, { addresses: readonly ResolvedAddress[]; until: number }>();
  const MAX_NAMES = 1_000;

  /** A name's (or address literal's) checked addresses while they last, if any. */
  function keptAnswer(host: string): readonly ResolvedAddress[] | undefined {
    const kept = answers.get(host);
    if (kept === undefined) return undefined;
    if (kept.until > clock()) return kept.addresses;
    answers.delete(host);
    return undefined;
  }

  /** Resolves once and checks every address: one bad answer condemns the name. */
  async function resolveTarget(host: string): Promise<readonly ResolvedAddress[]> {
    const hostAllowed = allowlist.hasHostname(host);
    if (!hostAllowed && isBlockedHostname(host)) {
      throw new EgressBlockedError('BLOCKED_HOSTNAME', host);
    }
    const literal = isIP(host);
    const addresses: readonly ResolvedAddress[] =
      literal === 0 ? await resolveHost(host) : [{ address: host, family: literal === 6 ? 6 : 4 }];
    if (addresses.length === 0) {
      throw new EgressNetworkError(`${host} has no addresses`, 'ENOTFOUND');
    }
    if (!hostAllowed) {
      for (const { address } of addresses) {
        const reason = blockedAddressReason(address);
        if (reason !== undefined && !allowlist.hasAddress(address)) {
          throw new EgressBlockedError('BLOCKED_ADDRESS', `${host} → ${address} (${reason})`);
        }
      }
    }
    // An address literal's verdict is kept as a name's answer is: checking it builds a
    // SocketAddress per range list, a large share of a request to a literal address.
    if (dnsCacheMs > 0) {
      answers.set(host, { addresses, until: clock() + dnsCacheMs });
      if (answers.size > MAX_NAMES) answers.delete(answers.keys().next().value as string);
    }
    return addresses;
  }

  function exchange(
    method: 'GET' | 'POST',
    url: URL,
    host: string,
    pinned: readonly ResolvedAddress[],
    request: { headers?: Record<string, string>; body?: string },
    deadline: Deadline,
    started: number,
  ): Promise<EgressResponse> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      // The Host header always names the URL's host; a caller cannot point it elsewhere.
      if (name.toLowerCase() !== 'host') headers[name.toLowerCase()] = value;
    }
    headers['user-agent'] = options.userAgent;
    if (request.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = String(Buffer.byteLength(request.body));
    }
    const secure = url.protocol === 'https:';
    const transport = secure ? https : http;
    return new Promise<EgressResponse>((resolve, reject) => {
      const req = transport.request({
        method,
        protocol: url.protocol,
        hostname: host,
        port: url.port === '' ? undefined : Number(url.port),
        path: `${url.pathname}${url.search}`,
        headers,
        agent: secure ? httpsAgent : httpAgent,
        lookup: pinnedLookup(host, pinned),
        // SNI and certificate checks use the name, not the pinned address.
        ...(secure && isIP(host) === 0 ? { servername: host } : {}),
      });
      // By hand rather than http.request's `signal` option, which measured ~50 µs per request.
      deadline.whilePending((error) => req.destroy(error));
      req.on('error', reject);
      req.on('response', (res) => {
        const address = res.socket?.remoteAddress ?? pinned[0]?.address ?? '';
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const finish = () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: flattenHeaders(res.headers),
            body: Buffer.concat(chunks).toString('utf8'),
            truncated,
            latencyMs: performance.now() - started,
            address,
          });
        };
        res.on('data', (chunk: Buffer) => {
          if (truncated) return;
          const room = options.maxResponseBytes - size;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            size += room;
            truncated = true;
            // Stop reading a response we will not keep; the connection cannot be reused anyway.
            res.destroy();
            finish();
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', finish);
        res.on('error', reject);
      });
      req.end(request.body);
    });
  }

  async function send(
    method: 'GET' | 'POST',
    rawUrl: string,
    request: { headers?: Record<string, string>; body?: string },
  ): Promise<EgressResponse> {
    const started = performance.now();
    const url = parseTarget(rawUrl);
    const host = normalizeHostname(url.hostname);
    const deadline = new Deadline(options.timeoutMs);
    try {
      const pinned =
        keptAnswer(host) ??
        (await new Promise<readonly ResolvedAddress[]>((resolve, reject) => {
          deadline.whilePending(reject);
          resolveTarget(host).then(resolve, reject);
        }));
      return await exchange(method, url, host, pinned, request, deadline, started);
    } catch (error) {
      if (deadline.expired) throw deadline.expired;
      if (error instanceof EgressBlockedError || error instanceof EgressNetworkError) throw error;
      const systemCode =
        typeof error === 'object' &&
        error !== null &&
        'code' in error &&
        typeof error.code === 'string'
          ? error.code
          : undefined;
      const message = error instanceof Error ? error.message : String(error);
      throw new EgressNetworkError(`${method} ${url.origin} failed: ${message}`, systemCode, {
        cause: error,
      });
    } finally {
      deadline.clear();
    }
  }

  return {
    post: (url, request) => send('POST', url, request),
    get: (url, request) => send('GET', url, request ?? {}),
    close: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
