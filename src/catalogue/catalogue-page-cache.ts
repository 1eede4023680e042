import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';

/** How long a kept page may be served at most, whatever the version says (README: Performance). */
export const PAGE_CACHE_TTL_MS = 5_000;
/** Pages kept at most (≈ 35 KB each): a crawler's thousand different searches cannot grow the heap. */
const MAX_PAGES = 200;

interface KeptPage {
  version: string;
  until: number;
  /** The page split where each form's CSRF token goes. */
  parts: string[];
}

/**
 * Rendered catalogue pages as an anonymous visitor sees them, kept per URL (and host: the
 * share card's og:image is absolute). A kept page is served only while the catalogue's
 * version (catalogue_version, raised by database triggers on every committed change to
 * products, listings, fairs and counties) is the one it was rendered at, and for at most
 * PAGE_CACHE_TTL_MS: so a publish, withdrawal, price change or listing change shows on the
 * next request, on every instance, and nothing escaped the triggers stays longer than that.
 *
 * The one per-visitor part of such a page is the CSRF token of its forms: a page is rendered
 * with TOKEN_SLOT in its place and each visitor's own token is put into the slots on the way
 * out. The slot holds a random per-process part, so no text a visitor types (a search shown
 * back on the page) can make a slot of its own.
 */
@Injectable()
export class CataloguePageCache {
  readonly tokenSlot = `csrf-slot-${randomBytes(12).toString('hex')}`;
  private readonly pages = new Map<string, KeptPage>();

  /** The kept page for `key` at `version` with `token` in its slots, or undefined. */
  get(key: string, version: string, token: string): string | undefined {
    const kept = this.pages.get(key);
    if (!kept) return undefined;
    if (kept.version !== version || kept.until <= Date.now()) {
      this.pages.delete(key);
      return undefined;
    }
    return kept.parts.join(token);
  }

  /** Keeps a page rendered with `tokenSlot` as its token; returns it with `token` in the slots. */
  keep(key: string, version: string, html: string, token: string): string {
    const parts = html.split(this.tokenSlot);
    this.pages.delete(key);
    // A Map iterates in insertion order: the first key is the oldest page.
    if (this.pages.size >= MAX_PAGES) this.pages.delete(this.pages.keys().next().value as string);
    this.pages.set(key, { version, until: Date.now() + PAGE_CACHE_TTL_MS, parts });
    return parts.join(token);
  }
}
