/**
 * A minimal cookie-keeping HTTP client for the benchmarks: one per simulated user, each
 * request on a fresh connection (the load is many users, not one keep-alive pipe).
 */
import * as http from 'node:http';

export interface BenchResponse {
  status: number;
  location: string | undefined;
  body: string;
}

export class BenchBrowser {
  private readonly cookies = new Map<string, string>();

  /** `headers` go with every request (the login section sets X-Forwarded-For: the client's address). */
  constructor(
    private readonly base: string,
    private readonly headers: http.OutgoingHttpHeaders = {},
  ) {}

  get(path: string): Promise<BenchResponse> {
    return this.request('GET', path);
  }

  /** Posts form fields, as a browser submits a form. */
  post(path: string, fields: Record<string, string>): Promise<BenchResponse> {
    return this.request('POST', path, new URLSearchParams(fields).toString());
  }

  /** The CSRF token of the first form on a page. */
  static token(html: string): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error('no CSRF token on the page');
    return m[1];
  }

  private request(method: string, path: string, body?: string): Promise<BenchResponse> {
    const headers: http.OutgoingHttpHeaders = { ...this.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(body);
    }
    return new Promise((resolve, reject) => {
      const req = http.request(this.base + path, { method, headers, agent: false }, (res) => {
        for (const c of res.headers['set-cookie'] ?? []) {
          const [pair] = c.split(';');
          const eq = pair.indexOf('=');
          this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
        }
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }
}
