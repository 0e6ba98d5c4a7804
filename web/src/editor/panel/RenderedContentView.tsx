import type { RenderedContent } from '@parcours/shared';

/** Rendered message content as it would be sent: an email in a frame with every permission removed, a text bubble, a JSON body. */
export function RenderedContentView({ content: c, title }: { content: RenderedContent; title: string }) {
  return (
    <>
      {c.channel === 'email' && (
        <>
          <div className="preview-subject">{c.subject}</div>
          <iframe className="email-preview" title={title} sandbox="" srcDoc={c.html} />
        </>
      )}
      {c.channel === 'sms' && <div className="bubble">{c.text}</div>}
      {c.channel === 'push' && (
        <div className="bubble">
          <strong>{c.title}</strong>
          <br />
          {c.body}
        </div>
      )}
      {c.channel === 'webhook' && <pre className="code">{JSON.stringify(c.body, null, 2)}</pre>}
    </>
  );
}
