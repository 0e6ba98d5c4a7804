import type { DecidedItem, Json } from '@parcours/shared';

/** The snippet's public types (the server's own item type: type-only, nothing of shared/ goes into the bundle). */
export type { DecidedItem };

/** Properties of a page view, an event or the traits of identify: JSON values. */
export type Properties = Record<string, Json>;

export interface InitOptions {
  /** The site key (`sk_…`), public by design; the page's origin must be on its allow-list. */
  siteKey: string;
  /** Where the Parcours server is, e.g. `https://parcours.example.com`; by default the origin `/sdk.js` came from. */
  endpoint?: string;
  /**
   * The site's consent signal, if it already has one at load: `true` to start sending, `false` to withdraw.
   * Left out, the snippet waits for `consent()` and neither stores nor sends anything until then.
   */
  consent?: boolean;
}

export interface RenderOptions {
  /** Where to look for `[data-parcours-placement]` elements; the whole document by default. */
  root?: ParentNode;
  /** Receives JSON items (the site's own code shows them); without it, JSON items are not shown nor counted. */
  onJson?: (item: DecidedItem, element: HTMLElement) => void;
}

/** Per placement asked, the item to show now, or null (nothing for this visitor: keep the element's own content). */
export type Decisions = Record<string, DecidedItem | null>;
