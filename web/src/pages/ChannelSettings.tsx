import { useQuery } from '@tanstack/react-query';
import { api, type ChannelInfo } from '../api/client.ts';
import { i18n, useTranslation } from '../i18n/index.ts';
import { channelName } from '../i18n/channels.ts';
import { QueryStatus } from '../ui/QueryStatus.tsx';

function whereTo(info: ChannelInfo): string {
  if (info.mode === 'sandbox') return '—';
  if (info.destination) return info.destination;
  return info.channel === 'webhook' ? i18n.t('channelSettings.eachWebhook') : '—';
}

/** How each channel delivers, read-only: transports are set by environment variables when the server starts. */
export function ChannelSettings() {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: ['settings', 'channels'], queryFn: api.channelSettings });
  return (
    <section className="settings-section" aria-labelledby="channels-title">
      <h2 id="channels-title">{t('channelSettings.title')}</h2>
      <p className="muted">{t('channelSettings.intro')}</p>
      <QueryStatus query={settings} />
      {settings.data && (
        <>
          <table className="table" aria-label={t('channelSettings.title')}>
            <thead>
              <tr>
                <th>{t('channelSettings.column.channel')}</th>
                <th>{t('channelSettings.column.mode')}</th>
                <th>{t('channelSettings.column.sendsTo')}</th>
              </tr>
            </thead>
            <tbody>
              {settings.data.channels.map((c) => (
                <tr key={c.channel} data-channel={c.channel}>
                  <td className="strong">{channelName(c.channel)}</td>
                  <td>
                    <span className={`chip${c.mode === 'sandbox' ? ' off' : ' ok'}`}>{t(`channelSettings.modeName.${c.mode}`)}</span>{' '}
                    <span className="muted small">{t(`channelSettings.mode.${c.mode}`)}</span>
                  </td>
                  <td>
                    <code>{whereTo(c)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <details className="settings-variables">
            <summary>{t('channelSettings.variables')}</summary>
            <table className="table">
              <tbody>
                {settings.data.variables.map((v) => (
                  <tr key={v.name}>
                    <td>
                      <code>{v.name}</code>
                    </td>
                    <td>
                      <span className="chip">{v.scope === 'all' ? t('channelSettings.allChannels') : channelName(v.scope)}</span>
                    </td>
                    <td className="muted">{v.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
