import { TEST_PASSWORD } from './factories';
import { csrfFrom } from './http';

/** What a test needs of a response: the body is always read, so the connection is free again. */
export interface WebResponse {
  status: number;
  location: string | null;
  headers: Headers;
  text: string;
}

/**
 * A browser for the spawned apps: fetch with a cookie jar. Cookies are per host, not per
 * port (as in a browser), so one WebClient carries its session to every instance under
 * 127.0.0.1 — which is what a load balancer in front of several instances looks like.
 */
export class WebClient {
  private readonly cookies = new Map<string, string>();

  constructor(public base: string) {}

  /** The Cookie header this client sends, for tests that write raw HTTP. */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** `base` overrides the default instance for this request. */
  async request(
    method: string,
    path: string,
    init: { body?: BodyInit; headers?: Record<string, string>; base?: string } = {},
  ): Promise<WebResponse> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size > 0) headers.cookie = this.cookieHeader();
    const res = await fetch(`${init.base ?? this.base}${path}`, { method, headers, body: init.body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, location: res.headers.get('location'), headers: res.headers, text: await res.text() };
  }

  get(path: string, base?: string): Promise<WebResponse> {
    return this.request('GET', path, { base });
  }

  postForm(path: string, fields: Record<string, string>, base?: string): Promise<WebResponse> {
    return this.request('POST', path, {
      base,
      body: new URLSearchParams(fields),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  /** GETs `page` for its CSRF token, then posts the fields as the page's form does. */
  async submit(page: string, action: string, fields: Record<string, string>, base?: string): Promise<WebResponse> {
    const _csrf = csrfFrom((await this.get(page, base)).text);
    return this.postForm(action, { _csrf, ...fields }, base);
  }

  async signIn(username: string, password = TEST_PASSWORD, base?: string): Promise<this> {
    const res = await this.submit('/login', '/login', { username, password }, base);
    if (res.status !== 303) throw new Error(`log-in as ${username} failed: ${res.status} ${res.text.slice(0, 300)}`);
    return this;
  }
}
