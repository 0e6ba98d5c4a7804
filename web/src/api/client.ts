import type {
  CampaignAnswer,
  CampaignDefinitionInput,
  CampaignPatchInput,
  CampaignRunAnswer,
  AuditFilter,
  AuditPage,
  AuditRetention,
  SiteKeyInfo,
  ApiKeyInfo,
  AttributeCatalogue,
  DeclaredAttributes,
  DraftScenario,
  EventNames,
  PublishSummary,
  InFlightMapping,
  InFlightPreview,
  ChannelSettings,
  Contact,
  ConsentHistory,
  CreatedKey,
  GlobalPolicy,
  TopicSettings,
  OutboxMessage,
  PressureForecast,
  DoubleOptInSettings,
  PublishResult,
  RenderedContent,
  Scenario,
  ScenarioActivity,
  ScenarioDetail,
  ScenarioSummary,
  TemplateLibrary,
  TimelineItem,
  VersionStats,
  NodeFailures,
  MessageChannel,
  Suppression,
  SuppressionList,
  JourneyAnalytics,
  Funnel,
  ImportList,
  ImportMapping,
  ImportView,
  KeyScope,
  Role,
  Session,
  User,
  Invitation,
  Condition,
  SegmentAnswer,
  SegmentDefinition,
  SegmentEstimate,
  SegmentMembers,
  SegmentSizes,
} from '@parcours/shared';
import { ApiError, errorFromBody } from './errors.ts';

// The answers' types are inferred from the shared zod schemas the server declares (shared/src/api/schemas.ts).
export type { ApiKeyInfo, ChannelInfo, ChannelSettings, Contact, OutboxMessage, TimelineItem } from '@parcours/shared';
import { connection } from './connection.ts';

/** Dispatched on `window` when the server no longer knows the session (expired, signed out elsewhere, deactivated). */
export const SESSION_ENDED = 'parcours:session-ended';

/**
 * The session's CSRF token, held in memory only (never in storage): the server gives it with the session, and
 * every change is sent with it. The session itself is an HttpOnly cookie no script reads.
 */
let csrfToken: string | null = null;
export const rememberSession = (session: Session | null) => {
  csrfToken = session?.csrfToken ?? null;
};

const SAFE = new Set(['GET', 'HEAD']);

/** One call to the API: the session cookie (and CSRF token on changes), JSON in and out, every failure turned into an ApiError. */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrfToken && !SAFE.has(method)) headers['x-csrf-token'] = csrfToken;
  // A form (a file upload) goes as multipart/form-data, its boundary set by fetch.
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : form ? body : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    connection.report(false);
    throw new ApiError(0, 'offline', 'Cannot reach the Parcours server.');
  }
  // A proxy answering 502/503/504 means the server itself is down: same as no answer.
  connection.report(res.status < 502 || res.status > 504);
  const text = await res.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  // The session ended while the app was open: the app asks to sign in again.
  if (res.status === 401 && csrfToken && !path.startsWith('/auth/')) {
    rememberSession(null);
    window.dispatchEvent(new Event(SESSION_ENDED));
  }
  if (!res.ok) throw errorFromBody(res.status, parsed);
  return parsed as T;
}

const enc = encodeURIComponent;

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const api = {
  /** The signed-in user, or null when no one is (the answer to a missing or ended session is a 401). */
  session: async (): Promise<Session | null> => {
    try {
      return await request<Session>('GET', '/auth/session');
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  login: (email: string, password: string) => request<Session>('POST', '/auth/login', { email, password }),
  logout: () => request<unknown>('POST', '/auth/logout'),
  setup: (token: string, email: string, password: string) => request<Session>('POST', '/auth/setup', { token, email, password }),
  requestReset: (email: string) => request<unknown>('POST', '/auth/reset-request', { email }),
  resetPassword: (token: string, password: string) => request<unknown>('POST', '/auth/reset', { token, password }),
  users: () => request<{ items: User[] }>('GET', '/users'),
  createUser: (user: { email: string; role: Role; password: string }) => request<User>('POST', '/users', user),
  updateUser: (id: string, change: { role?: Role; active?: boolean }) => request<User>('PATCH', `/users/${enc(id)}`, change),
  invitations: () => request<{ items: Invitation[] }>('GET', '/invitations'),
  invite: (invitation: { email: string; role: Role }) => request<Invitation>('POST', '/invitations', invitation),
  resendInvitation: (id: string) => request<Invitation>('POST', `/invitations/${enc(id)}/resend`),
  revokeInvitation: (id: string) => request<unknown>('DELETE', `/invitations/${enc(id)}`),
  acceptInvitation: (token: string, name: string, password: string) => request<Session>('POST', '/auth/invitation', { token, name, password }),

  audit: (filter: AuditFilter, before?: number) => request<AuditPage>('GET', `/audit${query({ ...filter, before })}`),
  /** Where the browser downloads the log's export (a plain link: the session cookie goes with it). */
  auditExportUrl: (filter: AuditFilter, format: 'csv' | 'jsonl') => `/api/audit/export${query({ ...filter, format })}`,
  auditRetention: () => request<AuditRetention>('GET', '/settings/audit-retention'),
  saveAuditRetention: (days: number | null) => request<AuditRetention>('PUT', '/settings/audit-retention', { days }),

  listScenarios: () => request<{ items: ScenarioSummary[] }>('GET', '/scenarios'),
  activity: (days: number) => request<ScenarioActivity>('GET', `/scenario-activity${query({ days })}`),
  setTags: (id: string, tags: string[]) => request<ScenarioDetail>('PUT', `/scenarios/${enc(id)}/tags`, { tags }),
  createScenario: (scenario: unknown) => request<ScenarioDetail>('POST', '/scenarios', scenario),
  getScenario: (id: string) => request<ScenarioDetail>('GET', `/scenarios/${enc(id)}`),
  saveDraft: (id: string, scenario: Scenario | DraftScenario) => request<ScenarioDetail>('PUT', `/scenarios/${enc(id)}/draft`, scenario),
  /** 422 `cases_failed` when saved test cases fail, unless `override`: then the answer lists them. */
  publish: (id: string, options: { override?: boolean; note?: string; inFlight?: 'keep' | 'move'; mapping?: InFlightMapping } = {}) =>
    request<PublishResult>('POST', `/scenarios/${enc(id)}/publish`, options),
  inFlight: (id: string) => request<InFlightPreview>('GET', `/scenarios/${enc(id)}/in-flight`),
  publishSummary: (id: string) => request<PublishSummary>('GET', `/scenarios/${enc(id)}/publish-summary`),
  archive: (id: string) => request<unknown>('POST', `/scenarios/${enc(id)}/archive`),
  versions: (id: string) => request<{ items: { version: number; publishedAt: string; note?: string; author?: string }[] }>('GET', `/scenarios/${enc(id)}/versions`),
  version: (id: string, v: number) => request<{ version: number; scenario: Scenario }>('GET', `/scenarios/${enc(id)}/versions/${v}`),
  stats: (id: string, v: number) => request<VersionStats>('GET', `/scenarios/${enc(id)}/versions/${v}/stats`),
  analytics: (id: string, range: { from?: string; to?: string; by: 'day' | 'week' }) =>
    request<JourneyAnalytics>('GET', `/scenarios/${enc(id)}/analytics${query(range)}`),
  funnel: (id: string, nodes: string[]) => request<Funnel>('GET', `/scenarios/${enc(id)}/funnel${query({ nodes: nodes.join(',') })}`),
  failures: (id: string, node: string) => request<NodeFailures>('GET', `/scenarios/${enc(id)}/nodes/${enc(node)}/failures`),
  exportScenario: (id: string) => request<Scenario>('GET', `/scenarios/${enc(id)}/export`),
  importScenario: (json: unknown) => request<ScenarioDetail>('POST', '/scenarios/import', json),
  enrol: (id: string, contactId: string) => request<unknown>('POST', `/scenarios/${enc(id)}/enrol`, { contactId }),

  contacts: (search: string, limit = 50) => request<{ items: Contact[] }>('GET', `/contacts${query({ search, limit })}`),
  contact: (id: string) => request<Contact>('GET', `/contacts/${enc(id)}`),
  eraseContact: (id: string) => request<unknown>('DELETE', `/contacts/${enc(id)}`),
  timeline: (id: string) => request<{ items: TimelineItem[] }>('GET', `/contacts/${enc(id)}/timeline`),
  consentHistory: (id: string) => request<ConsentHistory>('GET', `/contacts/${enc(id)}/consents`),

  messages: (params: { contactId?: string; scenarioId?: string; channel?: string; limit?: number }) =>
    request<{ items: OutboxMessage[] }>('GET', `/messages${query(params)}`),

  pressurePolicy: () => request<GlobalPolicy>('GET', '/settings/pressure'),
  topics: () => request<TopicSettings>('GET', '/settings/topics'),
  saveTopics: (settings: TopicSettings) => request<TopicSettings>('PUT', '/settings/topics', settings),
  savePressurePolicy: (policy: GlobalPolicy) => request<GlobalPolicy>('PUT', '/settings/pressure', policy),
  doubleOptIn: () => request<DoubleOptInSettings>('GET', '/settings/double-opt-in'),
  saveDoubleOptIn: (settings: DoubleOptInSettings) => request<DoubleOptInSettings>('PUT', '/settings/double-opt-in', settings),
  attributes: () => request<AttributeCatalogue>('GET', '/attributes'),
  eventNames: () => request<EventNames>('GET', '/event-names'),
  /** Uploads a contact file with its mapping (the fields go before the file, as the server reads them). */
  startImport: (file: File, mapping: ImportMapping, dryRun: boolean) => {
    const form = new FormData();
    form.append('mapping', JSON.stringify(mapping));
    form.append('dryRun', String(dryRun));
    form.append('file', file, file.name);
    return request<ImportView>('POST', '/imports', form);
  },
  importStatus: (id: string, offset = 0) => request<ImportView>('GET', `/imports/${enc(id)}${query({ offset, limit: 100 })}`),
  imports: (limit = 5) => request<ImportList>('GET', `/imports${query({ limit })}`),
  declaredAttributes: () => request<DeclaredAttributes>('GET', '/settings/attributes'),
  saveDeclaredAttributes: (declared: DeclaredAttributes) => request<DeclaredAttributes>('PUT', '/settings/attributes', declared),
  channelSettings: () => request<ChannelSettings>('GET', '/settings/channels'),
  forecast: (id: string, options: { sample?: number; weeks?: number } = {}) =>
    request<PressureForecast>('POST', `/scenarios/${enc(id)}/forecast`, options),
  templateLibrary: () => request<TemplateLibrary>('GET', '/templates'),
  previewForContact: (id: string, templateId: string, contactId: string) =>
    request<{ content: RenderedContent }>('POST', `/scenarios/${enc(id)}/templates/${enc(templateId)}/preview`, { contactId }),

  suppressions: (search: string) => request<SuppressionList>('GET', `/suppressions${query({ search })}`),
  suppress: (channel: MessageChannel, address: string) => request<Suppression>('POST', '/suppressions', { channel, address }),
  unsuppress: (channel: MessageChannel, address: string) => request<unknown>('DELETE', `/suppressions/${channel}/${enc(address)}`),

  keys: () => request<{ items: ApiKeyInfo[] }>('GET', '/keys'),
  createKey: (name: string, scope: KeyScope) => request<CreatedKey>('POST', '/keys', { name, scope }),
  deleteKey: (id: string | number) => request<unknown>('DELETE', `/keys/${enc(String(id))}`),

  segments: () => request<{ items: SegmentAnswer[] }>('GET', '/segments'),
  segment: (id: string) => request<SegmentAnswer>('GET', `/segments/${enc(id)}`),
  createSegment: (definition: SegmentDefinition) => request<SegmentAnswer>('POST', '/segments', definition),
  updateSegment: (id: string, definition: SegmentDefinition) => request<SegmentAnswer>('PUT', `/segments/${enc(id)}`, definition),
  deleteSegment: (id: string) => request<unknown>('DELETE', `/segments/${enc(id)}`),
  estimateSegment: (condition: Condition) => request<SegmentEstimate>('POST', '/segments/estimate', { condition }),
  segmentMembers: (id: string, limit: number) => request<SegmentMembers>('GET', `/segments/${enc(id)}/members${query({ limit })}`),
  segmentSizes: (id: string) => request<SegmentSizes>('GET', `/segments/${enc(id)}/sizes`),
  /** Where the browser downloads a segment's members as CSV (the session cookie goes with the link). */
  segmentExportUrl: (id: string) => `/api/segments/${enc(id)}/export.csv`,

  campaigns: () => request<{ items: CampaignAnswer[] }>('GET', '/campaigns'),
  createCampaign: (definition: CampaignDefinitionInput) => request<CampaignAnswer>('POST', '/campaigns', definition),
  updateCampaign: (id: string, patch: CampaignPatchInput) => request<CampaignAnswer>('PATCH', `/campaigns/${enc(id)}`, patch),
  campaignRuns: (id: string) => request<{ items: CampaignRunAnswer[] }>('GET', `/campaigns/${enc(id)}/runs`),
  changeCampaign: (id: string, verb: 'pause' | 'resume' | 'cancel') => request<CampaignAnswer>('POST', `/campaigns/${enc(id)}/${verb}`),

  siteKeys: () => request<{ items: SiteKeyInfo[] }>('GET', '/site-keys'),
  createSiteKey: (name: string, origins: string[]) => request<SiteKeyInfo>('POST', '/site-keys', { name, origins }),
  deleteSiteKey: (id: string) => request<unknown>('DELETE', `/site-keys/${enc(id)}`),
};
