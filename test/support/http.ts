import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { TEST_PASSWORD } from './factories';

export type Agent = TestAgent;

/** The CSRF token of the first form on a page. */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1];
}

/** A cookie-keeping client, as a browser would be. */
export function browser(http: import('node:http').Server): Agent {
  return request.agent(http);
}

/** GETs `formPage` for its token, then POSTs the fields as a form does. */
export async function submitForm(
  agent: Agent,
  formPage: string,
  action: string,
  fields: Record<string, string | string[]>,
): Promise<request.Response> {
  const page = await agent.get(formPage);
  const _csrf = csrfFrom(page.text);
  return agent
    .post(action)
    .type('form')
    .send({ _csrf, ...fields });
}

/** A browser signed in as `username` (the test password by default). */
export async function signedIn(http: import('node:http').Server, username: string, password = TEST_PASSWORD): Promise<Agent> {
  const agent = browser(http);
  const res = await submitForm(agent, '/login', '/login', { username, password });
  if (res.status !== 303) throw new Error(`log-in as ${username} failed: ${res.status} ${res.text.slice(0, 300)}`);
  return agent;
}

/** A supertest body parser that keeps a download's bytes: `.buffer(true).parse(binary)`. */
export const binary = (res: import('node:http').IncomingMessage, cb: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
