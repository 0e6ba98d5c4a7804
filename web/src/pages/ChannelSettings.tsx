import { useQuery } from '@tanstack/react-query';
import { api, type ChannelInfo } from '../api/client.ts';
import { describeError } from '../api/errors.ts';

const MODE_TEXT: Record<ChannelInfo['mode'], string> = {
  sandbox: 'Sandbox: kept in the outbox, nothing leaves the server',
  smtp: 'SMTP',
  http: 'HTTP',
};

function whereTo(info: ChannelInfo): string {
  if (info.mode === 'sandbox') return '—';
  if (info.destination) return info.destination;
  return info.channel === 'webhook' ? 'the URL of each webhook node' : '—';
}

/** How each channel delivers, read-only: transports are set by environment variables when the server starts. */
export function ChannelSettings() {
  const settings = useQuery({ queryKey: ['settings', 'channels'], queryFn: api.channelSettings });
  return (
    <section className="settings-section" aria-labelledby="channels-title">
      <h2 id="channels-title">Channels</h2>
      <p className="muted">
        Every channel delivers to the sandbox until the server is started with a transport for it. Transports are set by environment variables,
        not here, so that credentials never pass through the browser or the API.
      </p>
      {settings.isLoading && <p className="loading">Loading…</p>}
      {settings.error && <div className="callout error">{describeError(settings.error)}</div>}
      {settings.data && (
        <>
          <table className="table" aria-label="Channels">
            <thead>
              <tr>
                <th>Channel</th>
                <th>Mode</th>
                <th>Sends to</th>
              </tr>
            </thead>
            <tbody>
              {settings.data.channels.map((c) => (
                <tr key={c.channel} data-channel={c.channel}>
                  <td className="strong">{c.channel}</td>
                  <td>
                    <span className={`chip${c.mode === 'sandbox' ? ' off' : ' ok'}`}>{c.mode}</span> <span className="muted small">{MODE_TEXT[c.mode]}</span>
                  </td>
                  <td>
                    <code>{whereTo(c)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <details className="settings-variables">
            <summary>Environment variables</summary>
            <table className="table">
              <tbody>
                {settings.data.variables.map((v) => (
                  <tr key={v.name}>
                    <td>
                      <code>{v.name}</code>
                    </td>
                    <td>
                      <span className="chip">{v.scope}</span>
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
