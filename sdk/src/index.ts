import type { SiteItem } from '@parcours/shared';
import { pageView } from './page-view.ts';
import { placementsIn, PLACEMENT_ATTRIBUTE, show } from './placements.ts';
import { Batcher, BATCH_SIZE, Endpoint } from './transport.ts';
import type { DecidedItem, Decisions, InitOptions, Properties, RenderOptions } from './types.ts';
import { newVisitorId, readVisitorId, removeVisitorId, writeVisitorId } from './visitor-id.ts';

export type { DecidedItem, Decisions, InitOptions, Properties, RenderOptions };

/**
 * The Parcours browser snippet (`/sdk.js`). Until the site gives the visitor's consent (`init({consent: true})` or
 * `consent(true)`), it writes no cookie and sends nothing: calls made meanwhile wait in the page's memory and go once
 * consent is given, or are dropped if it is refused.
 */

interface State {
  endpoint: Endpoint;
  batcher: Batcher;
  /** Undefined while the site has not said; the visitor's id lives in the cookie only while this is true. */
  consented: boolean | undefined;
  visitorId: string | undefined;
  /** Calls made before consent, in order (a page's worth at most). */
  held: SiteItem[];
  /** Items counted as shown on this page (one impression each), and the item each element shows now (for clicks). */
  shown: Set<number>;
  showing: WeakMap<HTMLElement, DecidedItem>;
}

let state: State | undefined;

/** The origin this module was loaded from: the Parcours server, unless `init` names another. */
const ownOrigin = () => new URL(import.meta.url).origin;

function started(): State {
  if (!state) throw new Error('parcours: call init({siteKey}) first');
  return state;
}

const now = () => new Date().toISOString();

function report(item: SiteItem): void {
  const s = started();
  if (s.consented) s.batcher.add(item);
  else if (s.consented === undefined && s.held.length < BATCH_SIZE * 5) s.held.push(item);
}

export function init(options: InitOptions): void {
  if (state) return; // a second tag on the page: the first one wins
  const endpoint = new Endpoint(options.endpoint ?? ownOrigin(), options.siteKey);
  const s: State = {
    endpoint,
    batcher: new Batcher(endpoint, () => s.visitorId!),
    consented: undefined,
    visitorId: undefined,
    held: [],
    shown: new Set(),
    showing: new WeakMap(),
  };
  state = s;
  const leave = () => s.consented && s.batcher.leave();
  addEventListener('pagehide', leave);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && leave());
  if (options.consent !== undefined) consent(options.consent);
}

/**
 * The site's consent signal. `true`: the visitor's id is kept in a first-party cookie (made now if there is none),
 * a consent item tells the server (on every page that gives the signal: the server records only a change, and a
 * visitor it forgot gets their consent back), and what waited is sent. `false`: what waited is dropped, a visitor
 * who had an id is told to the server as withdrawn, and the cookie is removed.
 */
export function consent(granted: boolean): void {
  const s = started();
  if (granted) {
    if (s.consented) return;
    s.consented = true;
    s.visitorId = readVisitorId();
    if (!s.visitorId) {
      s.visitorId = newVisitorId();
      writeVisitorId(s.visitorId);
    }
    s.batcher.add({ type: 'consent', personalisation: true, at: now() });
    for (const item of s.held.splice(0)) s.batcher.add(item);
    return;
  }
  s.held = [];
  const known = s.visitorId ?? readVisitorId();
  if (known) {
    s.visitorId = known;
    s.batcher.add({ type: 'consent', personalisation: false, at: now() });
    void s.batcher.flush();
  }
  s.consented = false;
  removeVisitorId();
}

/** A page view: URL, title, referrer and UTM parameters of the current page, with what the site adds. */
export function page(properties: Properties = {}): void {
  report(pageView(properties, now()));
}

/** An event of the visitor (`product_compared`, `coupon_searched`…). */
export function track(name: string, properties: Properties = {}): void {
  report({ type: 'track', event: name, properties, at: now() });
}

/**
 * Who the visitor is, when they sign in or give an address: `id` is the site's user id or an email address (kept as
 * the contact's `email` too); traits become the contact's attributes. The visitor's history goes with them.
 */
export function identify(id: string, traits: Properties = {}): void {
  const withEmail = id.includes('@') && traits.email === undefined ? { ...traits, email: id } : traits;
  report({ type: 'identify', userId: id, traits: withEmail, at: now() });
}

/**
 * Sends what waits now (it also goes by itself, and by beacon when the page is hidden). After `consent(false)`, it
 * resolves once the withdrawal is sent: nothing else waits without consent.
 */
export function flush(): Promise<void> {
  return started().batcher.flush();
}

/**
 * The item to show now in each placement, for this visitor. Without consent, or if the server cannot be reached,
 * every placement is null and nothing is asked. What waits is sent first, so the decision sees it.
 */
export async function decide(placements: string[]): Promise<Decisions> {
  const s = started();
  const none: Decisions = Object.fromEntries(placements.map((name) => [name, null]));
  if (!s.consented || placements.length === 0) return none;
  await s.batcher.flush();
  return { ...none, ...(await s.endpoint.decide(s.visitorId!, placements)) };
}

/**
 * Decides every placement marked `data-parcours-placement="…"` and shows its item there (an element whose
 * placement has none keeps its own content). Each item shown counts one impression on this page; a click on the
 * element counts a click and is sent at once.
 */
export async function render(options: RenderOptions = {}): Promise<Decisions> {
  const s = started();
  const { elements, names } = placementsIn(options.root ?? document);
  const decisions = await decide(names);
  for (const element of elements) {
    const item = decisions[element.getAttribute(PLACEMENT_ATTRIBUTE)!];
    if (!item || !show(item, element, options)) continue;
    if (!s.showing.has(element)) element.addEventListener('click', () => clicked(element));
    s.showing.set(element, item);
    if (s.shown.has(item.id)) continue;
    s.shown.add(item.id);
    report({ type: 'impression', placement: item.placement, item: item.id, at: now() });
  }
  return decisions;
}

function clicked(element: HTMLElement): void {
  const s = started();
  const item = s.showing.get(element);
  if (!item || !s.consented) return;
  report({ type: 'click', placement: item.placement, item: item.id, at: now() });
  void s.batcher.flush(); // a click often leaves the page: fetch keepalive carries it even then
}
