import http from 'node:http';
import https from 'node:https';
import ipaddr from 'ipaddr.js';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

/**
 * Outbound HTTP for jobs, safe on a company network: a pull may only reach public (unicast)
 * addresses. Loopback, private, link-local (cloud metadata at 169.254.169.254), unique-local and
 * meta addresses are refused after DNS resolution, on the connection itself (so DNS rebinding
 * does not help), and again on every redirect, by request-filtering-agent. An operator opens
 * internal sources with `NORTHSTAR_HTTP_ALLOW`: a comma-separated list of host names (exact)
 * and IP addresses or CIDR ranges.
 */

export interface HttpAllowList {
  hosts: Set<string>;
  /** IP addresses and CIDR ranges, as request-filtering-agent takes them. */
  cidrs: string[];
}

export function httpAllowList(env: NodeJS.ProcessEnv = process.env): HttpAllowList {
  const hosts = new Set<string>();
  const cidrs: string[] = [];
  for (const raw of (env.NORTHSTAR_HTTP_ALLOW ?? '').split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (ipaddr.isValid(entry) || isCidr(entry)) cidrs.push(entry);
    else hosts.add(entry.replace(/^\[|\]$/g, ''));
  }
  return { hosts, cidrs };
}

function isCidr(entry: string): boolean {
  try {
    ipaddr.parseCIDR(entry);
    return true;
  } catch {
    return false;
  }
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

function allowedByList(address: string, allow: HttpAllowList): boolean {
  const ip = ipaddr.process(address);
  return allow.cidrs.some((entry) => {
    const [range, bits] = entry.includes('/') ? ipaddr.parseCIDR(entry) : [ipaddr.process(entry), ipaddr.process(entry).kind() === 'ipv4' ? 32 : 128];
    const candidate = ip.kind() === range.kind() ? ip : null;
    return candidate !== null && candidate.match(range, bits);
  });
}

/**
 * Why a URL cannot be pulled, as far as it can be told without resolving names (used when a job
 * is saved): a literal address outside the public range, or `localhost`, unless allowed.
 */
export function urlAddressProblem(url: URL, allow: HttpAllowList = httpAllowList()): string | null {
  const host = hostOf(url);
  if (allow.hosts.has(host)) return null;
  if (ipaddr.isValid(host)) {
    const range = ipaddr.process(host).range();
    if (range === 'unicast' || allowedByList(host, allow)) return null;
    return `${host} is a ${range} address; only public addresses are pulled unless NORTHSTAR_HTTP_ALLOW lists it`;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is the server itself; only public addresses are pulled unless NORTHSTAR_HTTP_ALLOW lists it`;
  return null;
}

/** The agent for one hop: the host's own entry opens it whole; otherwise only listed ranges. */
function agentFor(url: URL, allow: HttpAllowList): http.Agent {
  const options = { keepAlive: false, allowPrivateIPAddress: allow.hosts.has(hostOf(url)), allowIPAddressList: allow.cidrs };
  return url.protocol === 'https:' ? new RequestFilteringHttpsAgent(options) : new RequestFilteringHttpAgent(options);
}

export class RefusedAddressError extends Error {}
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
export class TooLargeError extends Error {}

/** `origin + path` of a URL: no credentials or query string (which may carry tokens) in messages. */
export const describeUrl = (url: URL | string) => {
  const u = typeof url === 'string' ? new URL(url) : url;
  return `${u.origin}${u.pathname}`;
};

/** A status line's reason, printable ASCII only and short: a server's text is not echoed. */
const sanitizedReason = (text: string | undefined) => (text ?? '').replace(/[^\x20-\x7e]/g, '').slice(0, 40).trim();

const MAX_REDIRECTS = 5;

export interface SafeGetOptions {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  signal: AbortSignal;
  maxBytes: number;
  allow?: HttpAllowList;
}

/**
 * Requests `url` and returns the body as text. Follows up to five redirects (each checked like
 * the first; headers from the job's config are sent to the first origin only). A non-2xx answer
 * throws HttpStatusError with the status and a sanitised reason, never the body; a refused
 * address throws RefusedAddressError; a body over maxBytes throws TooLargeError.
 */
export async function safeRequest(url: string, options: SafeGetOptions): Promise<string> {
  const allow = options.allow ?? httpAllowList();
  let current = new URL(url);
  const firstOrigin = current.origin;
  let method = options.method;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new RefusedAddressError(`a redirect to ${current.protocol} is refused`);
    const problem = urlAddressProblem(current, allow);
    if (problem) throw new RefusedAddressError(problem);
    const headers = current.origin === firstOrigin ? options.headers : { accept: options.headers.accept ?? 'application/json' };
    const answer = await requestOnce(current, method, headers, options, allow);
    if (answer.location) {
      current = new URL(answer.location, current);
      if (answer.status === 303) method = 'GET';
      continue;
    }
    return answer.body;
  }
  throw new HttpStatusError(310, `more than ${MAX_REDIRECTS} redirects`);
}

function requestOnce(url: URL, method: string, headers: Record<string, string>, options: SafeGetOptions, allow: HttpAllowList): Promise<{ status: number; location?: string; body: string }> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method, headers, agent: agentFor(url, allow), signal: options.signal }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        resolve({ status, location: res.headers.location, body: '' });
        return;
      }
      if (status < 200 || status >= 300) {
        res.resume();
        const reason = sanitizedReason(res.statusMessage);
        reject(new HttpStatusError(status, `answered HTTP ${status}${reason ? ` ${reason}` : ''}`));
        return;
      }
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > options.maxBytes) {
        res.destroy();
        reject(new TooLargeError(`sent ${declared} bytes, more than maxBytes (${options.maxBytes})`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          res.destroy();
          reject(new TooLargeError(`sent more than maxBytes (${options.maxBytes})`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ status, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (err: Error & { code?: string }) => {
      if (/is not allowed/.test(err.message)) reject(new RefusedAddressError(`${hostOf(url)} resolves to an address that is not public (loopback, private, link-local or metadata); NORTHSTAR_HTTP_ALLOW can list it`));
      else reject(err);
    });
    req.end();
  });
}
