import type { Role } from './roles';

/** Where each role lands after log-in. */
export function homePathFor(role: Role): string {
  switch (role) {
    case 'organiser':
      return '/admin';
    case 'county':
      return '/county';
    case 'buyer':
      return '/my/intents';
  }
}

/** Only same-site paths are followed after log-in (no open redirect via ?next=). */
export function safeNextPath(next: unknown): string | null {
  if (typeof next !== 'string') return null;
  return /^\/(?![/\\])[^\s]*$/.test(next) ? next : null;
}
