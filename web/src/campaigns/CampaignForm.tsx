import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CampaignDefinition, describeIssues, readDuration, type CampaignAnswer, type CampaignDefinitionInput, type CampaignSchedule, type Weekday } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { errorsUnder } from '../editor/validation.ts';
import { useTranslation } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { useSegments } from '../segments/queries.ts';
import { AudiencePreview } from './AudiencePreview.tsx';
import { emptyMessage, MessageFields, type MessageDraft } from './MessageFields.tsx';
import { CAMPAIGNS_QUERY } from './queries.ts';

const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
type Repeat = CampaignSchedule['repeat'];

interface Draft {
  name: string;
  segment: string;
  kind: 'journey' | 'message';
  scenario: string;
  message: MessageDraft;
  /** The message's problems show once it was written in: a message not started yet is not a list of errors. */
  messageTouched: boolean;
  repeat: Repeat;
  date: string;
  weekday: Weekday;
  day: number;
  time: string;
  timeZone: string;
  localTime: boolean;
  spread: string;
}

const today = () => new Date().toISOString().slice(0, 10);
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const blank = (journey = ''): Draft => ({
  name: '',
  segment: '',
  kind: 'journey',
  scenario: journey,
  message: emptyMessage(),
  messageTouched: false,
  repeat: 'once',
  date: today(),
  weekday: 'mon',
  day: 1,
  time: '10:00',
  timeZone: browserZone(),
  localTime: false,
  spread: '',
});

/** The form filled with a campaign, to edit it. */
function draftOf(campaign: CampaignAnswer): Draft {
  const { action, schedule } = campaign;
  return {
    ...blank(),
    name: campaign.name,
    segment: campaign.segment,
    kind: action.kind,
    ...(action.kind === 'journey' ? { scenario: action.scenario } : { message: action, messageTouched: true }),
    repeat: schedule.repeat,
    time: schedule.time,
    ...(schedule.repeat === 'once' && { date: schedule.date }),
    ...(schedule.repeat === 'weekly' && { weekday: schedule.weekday }),
    ...(schedule.repeat === 'monthly' && { day: schedule.day }),
    timeZone: campaign.timeZone,
    localTime: campaign.localTime,
    spread: campaign.spread ?? '',
  };
}

function scheduleOf(d: Draft): CampaignSchedule {
  switch (d.repeat) {
    case 'once':
      return { repeat: 'once', date: d.date, time: d.time };
    case 'daily':
      return { repeat: 'daily', time: d.time };
    case 'weekly':
      return { repeat: 'weekly', weekday: d.weekday, time: d.time };
    case 'monthly':
      return { repeat: 'monthly', day: d.day, time: d.time };
  }
}

/** The spreading window as typed ("2 hours", "2h", "2 heures"), in its stored form; a text that does not read stays as typed and is refused. */
const spreadOf = (text: string) => {
  const read = readDuration(text);
  return read.ok ? read.duration : text;
};

/**
 * A new campaign, or `campaign` edited: a saved segment (with a preview of who is in it), the live journey it starts
 * or the message it sends, when (once, daily, weekly, monthly; in a zone or at each contact's local time) and an
 * optional spreading window. `journey`: a new campaign's journey, picked already. `onDone`: the edit was saved or given up.
 */
export function CampaignForm(props: { campaign?: CampaignAnswer; journey?: string; onDone?: () => void }) {
  const editing = props.campaign;
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const segments = useSegments();
  const scenarios = useQuery({ queryKey: ['scenarios'], queryFn: api.listScenarios });
  // A message campaign's own journey is not one to start from another campaign.
  const journeys = scenarios.data?.items.filter((s) => s.status === 'live' && !s.campaign) ?? [];
  const [draft, setDraft] = useState<Draft>(() => (editing ? draftOf(editing) : blank(props.journey)));
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const definition: CampaignDefinitionInput = {
    name: draft.name,
    segment: draft.segment,
    action: draft.kind === 'message' ? draft.message : { kind: 'journey', scenario: draft.scenario },
    schedule: scheduleOf(draft),
    timeZone: draft.timeZone,
    localTime: draft.localTime,
    ...(draft.spread.trim() ? { spread: spreadOf(draft.spread.trim()) } : {}),
  };
  const parsed = CampaignDefinition.safeParse(definition);
  const problems = parsed.success ? [] : describeIssues(parsed.error.issues, definition);
  const errorOf = (...path: string[]) => errorsUnder(problems, path).get('')?.join('; ');
  const create = useMutation({
    // An edit sends the whole definition; an emptied spreading window is removed.
    mutationFn: () => (editing ? api.updateCampaign(editing.id, { ...definition, spread: definition.spread ?? null }) : api.createCampaign(definition)),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: CAMPAIGNS_QUERY });
      if (editing) props.onDone?.();
      else navigate({ page: 'campaigns', id: saved.id });
    },
  });
  // A field's problem shows once it was filled in: an empty new form is not a list of errors.
  const shown = (value: string, error: string | undefined) => (value ? error : undefined);
  const field = (id: string, label: string, input: React.ReactNode, error?: string, optional = false) => (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label} {optional && <span className="optional">{t('form.optional')}</span>}
      </label>
      {input}
      {error && <div className="field-error" role="alert">{error}</div>}
    </div>
  );

  return (
    <div className="campaign-form" data-testid="campaign-form">
      <h2>{editing ? t('campaignMessage.editTitle', { name: editing.name }) : t('campaigns.new')}</h2>
      {field('campaign-name', t('campaigns.form.name'), <input id="campaign-name" type="text" value={draft.name} onChange={(e) => set({ name: e.target.value })} />, shown(draft.name, errorOf('name')))}
      {field(
        'campaign-segment',
        t('campaigns.form.segment'),
        <select id="campaign-segment" value={draft.segment} onChange={(e) => set({ segment: e.target.value })}>
          <option value="">{t('campaigns.form.pickSegment')}</option>
          {segments.data?.items.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>,
      )}
      {draft.segment && <AudiencePreview segmentId={draft.segment} />}
      <fieldset className="group" role="radiogroup" aria-label={t('campaignMessage.action')}>
        <legend>{t('campaignMessage.action')}</legend>
        <label className="check">
          <input type="radio" name="campaign-kind" checked={draft.kind === 'journey'} onChange={() => set({ kind: 'journey' })} /> {t('campaignMessage.startJourney')}
        </label>
        <label className="check">
          <input type="radio" name="campaign-kind" checked={draft.kind === 'message'} onChange={() => set({ kind: 'message' })} /> {t('campaignMessage.sendMessage')}
        </label>
      </fieldset>
      {draft.kind === 'message' && (
        <MessageFields value={draft.message} onChange={(message) => set({ message, messageTouched: true })} problems={draft.messageTouched ? problems : []} />
      )}
      {draft.kind === 'journey' &&
        field(
          'campaign-journey',
          t('campaigns.form.journey'),
          <select id="campaign-journey" value={draft.scenario} onChange={(e) => set({ scenario: e.target.value })}>
            <option value="">{t('campaigns.form.pickJourney')}</option>
            {journeys.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>,
        )}
      {draft.kind === 'journey' && scenarios.data && journeys.length === 0 && <p className="muted small">{t('campaigns.form.noJourney')}</p>}
      {field(
        'campaign-repeat',
        t('campaigns.form.repeat'),
        <select id="campaign-repeat" value={draft.repeat} onChange={(e) => set({ repeat: e.target.value as Repeat })}>
          {(['once', 'daily', 'weekly', 'monthly'] as const).map((r) => (
            <option key={r} value={r}>
              {t(`campaigns.repeat.${r}`)}
            </option>
          ))}
        </select>,
      )}
      {draft.repeat === 'once' && field('campaign-date', t('campaigns.form.date'), <input id="campaign-date" type="date" value={draft.date} onChange={(e) => set({ date: e.target.value })} />, errorOf('schedule', 'date'))}
      {draft.repeat === 'weekly' &&
        field(
          'campaign-weekday',
          t('campaigns.form.weekday'),
          <select id="campaign-weekday" value={draft.weekday} onChange={(e) => set({ weekday: e.target.value as Weekday })}>
            {WEEKDAYS.map((w) => (
              <option key={w} value={w}>
                {t(`campaigns.weekday.${w}`)}
              </option>
            ))}
          </select>,
        )}
      {draft.repeat === 'monthly' &&
        field('campaign-day', t('campaigns.form.day'), <input id="campaign-day" type="number" min={1} max={31} value={draft.day} onChange={(e) => set({ day: Number(e.target.value) })} />, errorOf('schedule', 'day'))}
      {field('campaign-time', t('campaigns.form.time'), <input id="campaign-time" type="time" value={draft.time} onChange={(e) => set({ time: e.target.value })} />, errorOf('schedule', 'time'))}
      <label className="check">
        <input type="checkbox" checked={draft.localTime} onChange={(e) => set({ localTime: e.target.checked })} /> {t('campaigns.form.localTime')}
      </label>
      <p className="muted small">{t('campaigns.form.localTimeHint')}</p>
      {field('campaign-zone', draft.localTime ? t('campaigns.form.fallbackZone') : t('campaigns.form.zone'), <input id="campaign-zone" type="text" value={draft.timeZone} onChange={(e) => set({ timeZone: e.target.value })} />, errorOf('timeZone'))}
      {field(
        'campaign-spread',
        t('campaigns.form.spread'),
        <input id="campaign-spread" type="text" placeholder={t('campaigns.form.spreadPlaceholder')} value={draft.spread} onChange={(e) => set({ spread: e.target.value })} />,
        shown(draft.spread, errorOf('spread')),
        true,
      )}
      <p className="muted small">{t('campaigns.form.spreadHint')}</p>
      <div className="row">
        <button type="button" className="primary" disabled={!parsed.success || create.isPending} onClick={() => create.mutate()}>
          {editing ? t('campaignMessage.save') : create.isPending ? t('campaigns.form.creating') : t('campaigns.form.create')}
        </button>
        {editing && (
          <button type="button" onClick={props.onDone}>
            {t('campaignMessage.cancelEdit')}
          </button>
        )}
      </div>
      {create.error && <div className="callout error" role="alert">{describeError(create.error)}</div>}
    </div>
  );
}
