import { useQuery } from '@tanstack/react-query';
import { CONSENT_CHANNELS, type ConsentHistory } from '@parcours/shared';
import { api } from '../api/client.ts';
import { channelName } from '../i18n/channels.ts';
import { useTranslation } from '../i18n/index.ts';
import { formatWhen } from '../ui/format.ts';
import { QueryStatus } from '../ui/QueryStatus.tsx';

type ConsentStatus = 'granted' | 'pending' | 'withdrawn' | 'none';

/** Where the contact stands on a channel: given, awaiting confirmation (double opt-in), refused or withdrawn, or never asked. */
function statusOf(history: ConsentHistory, channel: string): ConsentStatus {
  const given = (history.consents as Record<string, boolean | undefined>)[channel];
  if (given === true) return 'granted';
  if (history.pending?.includes(channel)) return 'pending';
  return given === false ? 'withdrawn' : 'none';
}

/**
 * A contact's consents as proof of them (GDPR): the status per channel, the requests awaiting confirmation, the
 * topics opted out of and the frequency chosen, and every change with its time, source, address and browser.
 */
export function ContactConsents({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['contact', contactId, 'consents'], queryFn: () => api.consentHistory(contactId) });
  const history = query.data;
  return (
    <section data-testid="contact-consents" aria-label={t('respect.consents.title')}>
      <h3>{t('respect.consents.title')}</h3>
      <QueryStatus query={query} />
      {history && (
        <>
          <ul className="consent-statuses">
            {CONSENT_CHANNELS.map((channel) => {
              const status = statusOf(history, channel);
              return (
                <li key={channel} data-channel={channel} data-status={status}>
                  <strong>{channelName(channel)}</strong> <span className={`chip consent-${status}`}>{t(`respect.consents.status.${status}`)}</span>
                </li>
              );
            })}
          </ul>
          {(history.pendingRequests ?? []).map((request) => (
            <p key={request.channel} className="callout" data-testid={`pending-${request.channel}`}>
              {request.confirmationSentAt
                ? t(request.expiresAt ? 'respect.consents.requestSentExpires' : 'respect.consents.requestSent', {
                    channel: channelName(request.channel),
                    requested: formatWhen(request.requestedAt),
                    sent: formatWhen(request.confirmationSentAt),
                    expires: formatWhen(request.expiresAt),
                  })
                : t('respect.consents.requestQueued', { channel: channelName(request.channel), requested: formatWhen(request.requestedAt) })}
            </p>
          ))}
          <Preferences history={history} />
          <h4>{t('respect.consents.history')}</h4>
          {history.changes.length === 0 ? (
            <p className="muted">{t('respect.consents.noChange')}</p>
          ) : (
            <div className="consent-history">
            <table className="table" aria-label={t('respect.consents.history')}>
              <thead>
                <tr>
                  <th>{t('respect.consents.when')}</th>
                  <th>{t('respect.consents.channel')}</th>
                  <th>{t('respect.consents.change')}</th>
                  <th>{t('respect.consents.source')}</th>
                  <th>{t('respect.consents.ip')}</th>
                  <th>{t('respect.consents.userAgent')}</th>
                </tr>
              </thead>
              <tbody>
                {history.changes.map((change, i) => (
                  <tr key={i} data-change={change.pending ? 'pending' : change.granted ? 'granted' : 'withdrawn'}>
                    <td>{formatWhen(change.at)}</td>
                    <td>{channelName(change.channel)}</td>
                    <td>{t(`respect.consents.changed.${change.pending ? 'pending' : change.granted ? 'granted' : 'withdrawn'}`)}</td>
                    <td>{change.source}</td>
                    <td>{change.ip ?? '—'}</td>
                    <td className="small">{change.userAgent ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** The topics opted out of per channel, the frequency choice, and their changes. */
function Preferences({ history }: { history: ConsentHistory }) {
  const { t } = useTranslation();
  const optedOut = Object.entries(history.preferences.topics).flatMap(([topic, channels]) =>
    Object.entries(channels)
      .filter(([, on]) => on === false)
      .map(([channel]) => ({ topic, channel })),
  );
  return (
    <>
      <h4>{t('respect.consents.preferences')}</h4>
      <p data-testid="frequency-choice">{t('respect.consents.frequency', { choice: t(`respect.consents.frequencies.${history.preferences.frequency}`) })}</p>
      <p data-testid="topics-opted-out">
        {optedOut.length === 0
          ? t('respect.consents.noTopicOut')
          : t('respect.consents.topicsOut', { topics: optedOut.map(({ topic, channel }) => `${topic} (${channelName(channel)})`).join(', ') })}
      </p>
      {history.preferenceChanges.length > 0 && (
        <ul className="small muted" aria-label={t('respect.consents.preferenceHistory')}>
          {history.preferenceChanges.map((change, i) => (
            <li key={i}>
              {formatWhen(change.at)} · {change.source} ·{' '}
              {change.frequency
                ? t('respect.consents.frequency', { choice: t(`respect.consents.frequencies.${change.frequency}`) })
                : t(change.granted ? 'respect.consents.topicIn' : 'respect.consents.topicOut', { topic: change.topic ?? '', channel: channelName(change.channel ?? '') })}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
