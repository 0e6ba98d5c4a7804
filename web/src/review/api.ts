import type { Review, ReviewApproval, ReviewDetail, ReviewSettings, ReviewStatus, VersionDiff, VersionRef } from '@parcours/shared';
import { request } from '../api/client.ts';
import type { InFlightRequest } from '../move/InFlightChoice.tsx';

const enc = encodeURIComponent;

/** The diff between versions and review before publishing (issue 16). */
export const reviewApi = {
  diff: (id: string, from: VersionRef, to: VersionRef) => request<VersionDiff>('GET', `/scenarios/${enc(id)}/diff?from=${from}&to=${to}`),
  settings: () => request<ReviewSettings>('GET', '/settings/review'),
  saveSettings: (settings: ReviewSettings) => request<ReviewSettings>('PUT', '/settings/review', settings),
  ask: (id: string, note: string) => request<Review>('POST', `/scenarios/${enc(id)}/reviews`, note.trim() ? { note: note.trim() } : {}),
  ofScenario: (id: string) => request<{ items: Review[] }>('GET', `/scenarios/${enc(id)}/reviews`),
  list: (status?: ReviewStatus) => request<{ items: Review[] }>('GET', `/reviews${status ? `?status=${status}` : ''}`),
  get: (review: number) => request<ReviewDetail>('GET', `/reviews/${review}`),
  approve: (review: number, options: { override?: boolean } & Partial<InFlightRequest> = {}) => request<ReviewApproval>('POST', `/reviews/${review}/approve`, options),
  sendBack: (review: number, comment: string) => request<Review>('POST', `/reviews/${review}/send-back`, { comment }),
};

export const REVIEW_SETTINGS_QUERY = ['settings', 'review'] as const;
